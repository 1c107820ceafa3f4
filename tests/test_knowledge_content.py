"""The bundled knowledge: everything the brief lists is there, linked and sourced.

The quotation check reads ``../shared/sources`` beside the checkout; only that
test is skipped when the folder is absent.
"""

from __future__ import annotations

import pytest

from index.knowledge import build_knowledge
from index.knowledge_folder import BUNDLED_KNOWLEDGE
from index.model import Knowledge
from index.validation import KnowledgeError, validate_documents

#: Case id -> the source it is told from (Case R is told within Case V's review).
CASES = {
    "case-y": "norfolk-case-y",
    "case-v": "norfolk-case-v",
    "case-m": "norfolk-case-m",
    "case-z": "norfolk-case-z",
    "case-r": "norfolk-case-v",
}

#: The sections of each case its source has (checked by reading the five documents):
#: Case M's presentation has no Board's response; Case R appears only as the
#: parallel findings in Case V's, with no timeline, recommendations or response.
CASE_SECTIONS = {
    "case-y": ("timeline", "findings", "recommendations", "board_response"),
    "case-v": ("timeline", "findings", "recommendations", "board_response"),
    "case-m": ("timeline", "findings", "recommendations"),
    "case-z": ("timeline", "findings", "recommendations", "board_response"),
    "case-r": ("findings",),
}

#: Theme id -> its section in the Surrey 2016-2020 briefing, in the briefing's order.
SURREY_THEMES = {
    "chronic-neglect": "2.1",
    "domestic-abuse": "2.2",
    "challenging-families": "2.3",
    "child-sexual-abuse": "2.4",
    "parental-mental-health": "2.5",
    "cumulative-harm": "2.6",
    "professional-curiosity": "3.1",
    "disguised-compliance": "3.2",
    "referrals": "3.3",
    "assessment-and-planning": "3.4",
    "escalation": "3.5",
    "parental-capacity": "3.6",
    "lived-experience": "3.7",
    "adolescent-vulnerability": "4",
    "adolescent-history": "4.1",
    "adolescent-send": "4.2",
    "missing-episodes": "4.3",
    "adolescent-agency-safety": "4.4",
}

NORFOLK_THEMES = (
    "understanding-perpetrators",
    "engaging-fathers",
    "cultural-competence",
    "abusive-head-trauma",
    "written-agreements",
    "supervision-and-challenge",
    "harmful-sexual-behaviour",
    "care-leavers-housing",
    "sibling-sexual-abuse",
    "dissemination-of-learning",
    "information-sharing",
    "thresholds-mash",
)

SOURCES = {
    "norfolk-case-y": "000_f90563494e018fc8.txt",
    "norfolk-case-v": "001_15eab7da2e2d859c.txt",
    "norfolk-case-m": "002_c7b0ebaa4f0333d9.txt",
    "surrey-briefing": "003_b9934bfc1a5b02c5.txt",
    "norfolk-case-z": "004_22a706b92f7c25cf.txt",
}

MINIMUM_COUNTS = {"cases": 4, "themes": 25, "questions": 36, "glossary terms": 30}


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    try:
        return build_knowledge(validate_documents(BUNDLED_KNOWLEDGE))
    except KnowledgeError as error:
        pytest.fail(f"the bundled knowledge is not valid:\n{error}", pytrace=False)


def test_sources_are_the_five_documents(kb):
    assert {source_id: s.file for source_id, s in kb.sources.items()} == SOURCES


def test_every_source_says_where_it_is_published_and_when(kb):
    """A practitioner can follow every answer to the published document."""
    for source in kb.sources.values():
        assert source.publisher
        assert source.url and source.url.startswith("https://"), source.id
        assert source.year is not None or source.year_note, source.id


@pytest.mark.parametrize("case_id", CASES)
def test_case_exists_with_its_source(kb, case_id):
    assert case_id in kb.cases
    assert kb.cases[case_id].source == CASES[case_id]


@pytest.mark.parametrize("theme_id", [*SURREY_THEMES, *NORFOLK_THEMES])
def test_theme_exists(kb, theme_id):
    assert theme_id in kb.themes


def test_counts_meet_the_minimums(kb):
    counts = kb.counts()
    short = {name: counts[name] for name, least in MINIMUM_COUNTS.items() if counts[name] < least}
    assert not short, f"fewer than {MINIMUM_COUNTS}: {short}"


def test_every_cross_reference_resolves(kb):
    """Checked again on the built objects, so a loader change cannot drop the check."""
    unresolved = []
    for case in kb.cases.values():
        unresolved += [f"{case.id} source {case.source}"] * (case.source not in kb.sources)
        unresolved += [
            f"{case.id} theme {t.theme_id}" for t in case.themes if t.theme_id not in kb.themes
        ]
        unresolved += [
            f"{case.id} parallel {p.case_id}" for p in case.parallels if p.case_id not in kb.cases
        ]
    for theme in kb.themes.values():
        unresolved += [f"{theme.id} related {r}" for r in theme.related if r not in kb.themes]
        unresolved += [
            f"{theme.id} cite {c.source}" for c in theme.cite if c.source not in kb.sources
        ]
        for link in theme.cases:
            assert link.theme_id == theme.id and link.case_id in kb.cases
    for term in kb.glossary.values():
        unresolved += [f"glossary {term.id} theme {t}" for t in term.themes if t not in kb.themes]
    for briefing in kb.briefings.values():
        unresolved += [f"{briefing.id} theme {t}" for t in briefing.themes if t not in kb.themes]
        unresolved += [f"{briefing.id} source {briefing.source}"] * (
            briefing.source not in kb.sources
        )
    for question in kb.questions:
        unresolved += [f"question {question.id} cite"] * (question.cite.source not in kb.sources)
    assert not unresolved


@pytest.mark.parametrize("case_id", CASE_SECTIONS)
def test_case_has_the_sections_its_source_has(kb, case_id):
    case = kb.cases.get(case_id)
    assert case is not None, f"{case_id} is missing"
    empty = [name for name in CASE_SECTIONS[case_id] if not getattr(case, name)]
    assert not empty, f"{case_id} has no {', '.join(empty)}"
    assert case.family and case.why_reviewed and case.themes


@pytest.mark.parametrize("case_id", CASES)
def test_every_case_theme_link_tells_the_story(kb, case_id):
    """The weekly prompt and supervision packs tell a case through its vignettes."""
    case = kb.cases.get(case_id)
    assert case is not None, f"{case_id} is missing"
    for link in case.themes:
        assert "\n" not in link.how.strip(), f"{case_id} {link.theme_id}: 'how' is one line"
    without = [link.theme_id for link in case.themes if not link.vignette]
    assert not without, f"{case_id} has no vignette for {without}"


@pytest.mark.parametrize("theme_id", [*SURREY_THEMES, *NORFOLK_THEMES])
def test_theme_is_complete(kb, theme_id):
    theme = kb.themes.get(theme_id)
    assert theme is not None, f"{theme_id} is missing"
    missing = [
        name for name in ("aliases", "practice_points", "questions") if not getattr(theme, name)
    ]
    assert not missing, f"{theme_id} has no {', '.join(missing)}"
    if theme_id in SURREY_THEMES:
        assert theme.section == SURREY_THEMES[theme_id]
    else:
        assert theme.cases, f"{theme_id} is not linked from any case"


def test_surrey_briefing_lists_its_themes_in_section_order(kb):
    briefings = [b for b in kb.briefings.values() if b.source == "surrey-briefing"]
    assert len(briefings) == 1
    listed = [t for t in briefings[0].themes if t in SURREY_THEMES]
    assert listed == list(SURREY_THEMES)


def test_questions_cover_every_level(kb):
    assert {q.level for q in kb.questions} == {"understand", "reflect", "apply"}


def test_every_quotation_is_verbatim_in_its_source(shared_sources):
    if not shared_sources.is_dir():
        pytest.skip(f"{shared_sources} is not here, so quotations cannot be checked")
    try:
        validate_documents(BUNDLED_KNOWLEDGE, shared_sources)
    except KnowledgeError as error:
        pytest.fail(f"the bundled knowledge has problems:\n{error}", pytrace=False)


def test_every_glossary_term_says_whether_its_meaning_is_from_the_reviews():
    """A definition from general knowledge is shown as such, so each term says which."""
    text = (BUNDLED_KNOWLEDGE / "glossary.yaml").read_text(encoding="utf-8")
    documents = validate_documents(BUNDLED_KNOWLEDGE)
    terms = next(d for d in documents if d["kind"] == "glossary")["terms"]
    unmarked = [term["id"] for term in terms if "origin" not in term]
    assert not unmarked, unmarked
    assert {"tor", "gp", "nhs", "jsna"} <= {term["id"] for term in terms}
    assert "origin: general" in text and "origin: source" in text
