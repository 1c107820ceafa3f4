"""Supervision and team-meeting packs: the fixed order, the questions, the citations,
the two formats, finding the theme or case, and the offline ``scrbot pack``.

The edge cases use the small, plainly fictional knowledge in
``tests/fixtures/search_knowledge``; the properties that must hold for every real
theme and case run over the bundled knowledge.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import main
from bot.pack_text import pack_markdown, pack_text
from index.knowledge import load_knowledge
from index.model import Knowledge
from index.pack import (
    GROUP,
    LEVELS,
    MAX_FINDINGS,
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    PART_TITLES,
    SUPERVISION,
    Pack,
    PackItem,
    Subject,
    UnknownSubject,
    compose_pack,
    find_subject,
    question_choices,
    with_questions,
)

FICTIONAL = Path(__file__).resolve().parent / "fixtures" / "search_knowledge"


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="module")
def fictional() -> Knowledge:
    return load_knowledge(FICTIONAL)


def every_subject() -> list[str]:
    bundled = load_knowledge()
    return [f"theme:{i}" for i in bundled.themes] + [f"case:{i}" for i in bundled.cases]


def level_ranks(pack: Pack) -> list[int]:
    return [LEVELS.index(q.level) for q in pack.questions]


def citations_used(pack: Pack) -> list[int]:
    """Citation numbers in reading order, as the renderers show them."""
    used = [pack.summary_citation]
    for part in pack.parts:
        used += [item.citation for item in part.items]
        used += [item.citation for item in part.extra_items]
    used += [q.citation for q in pack.questions]
    return used


# --- The fixed order and the two formats ---------------------------------------------------


@pytest.mark.parametrize("name", ["disguised-compliance", "case-z"])
@pytest.mark.parametrize("pack_format", [SUPERVISION, GROUP])
def test_a_pack_has_the_five_parts_in_the_fixed_order(
    kb: Knowledge, name: str, pack_format: object
) -> None:
    pack = compose_pack(kb, name, pack_format)  # type: ignore[arg-type]
    assert [part.title for part in pack.parts] == list(PART_TITLES.values())


def test_the_formats_differ_in_minutes_and_in_who_the_closing_questions_speak_to(
    kb: Knowledge,
) -> None:
    one_to_one = compose_pack(kb, "disguised-compliance", SUPERVISION)
    team = compose_pack(kb, "disguised-compliance", GROUP)
    assert sum(p.minutes for p in one_to_one.parts) == SUPERVISION.total_minutes == 30
    assert sum(p.minutes for p in team.parts) == GROUP.total_minutes == 45
    assert len(one_to_one.closing) == len(team.closing) == 3
    assert "our key reflections" in team.closing[0]
    assert "team's plan" in team.closing[2]
    assert "your key reflections" in one_to_one.closing[0]
    assert one_to_one.format.how_to_use != team.format.how_to_use


def test_the_closing_questions_cover_reflections_evidence_of_change_and_the_plan(
    kb: Knowledge,
) -> None:
    closing = compose_pack(kb, "case-z", GROUP).closing
    assert "reflections" in closing[0]
    assert "know it has changed" in closing[1]
    assert "plan" in closing[2]


# --- What happened, why it matters, good practice -----------------------------------------------


def test_a_theme_pack_opens_with_a_vignette_from_a_case_where_it_showed(kb: Knowledge) -> None:
    pack = compose_pack(kb, "disguised-compliance")
    happened = pack.part("what_happened").items
    link = kb.themes["disguised-compliance"].cases[0]
    assert happened[0].label == kb.cases[link.case_id].title == "Case Y"
    assert happened[0].text == " ".join((link.vignette or "").split())
    assert pack.citations[happened[0].citation - 1].endswith(link.cite.section)


def test_a_theme_with_several_cases_names_the_others_with_how_it_showed(kb: Knowledge) -> None:
    theme = kb.themes["information-sharing"]
    pack = compose_pack(kb, Subject("theme", theme.id, theme.title))
    part = pack.part("what_happened")
    others = [item.label for item in part.extra_items]
    assert part.extra_title == "It also showed in"
    assert others and part.items[0].label not in others
    assert set(others) <= {kb.cases[link.case_id].title for link in theme.cases}


def test_a_link_without_a_vignette_uses_how_the_theme_showed(fictional: Knowledge) -> None:
    happened = compose_pack(fictional, "team-handover").part("what_happened").items
    assert happened[0].label == "Case Q"
    assert happened[0].text == "The chronology was left behind when the case moved teams."


def test_a_theme_no_case_shows_says_so_rather_than_inventing_an_example(
    fictional: Knowledge,
) -> None:
    part = compose_pack(fictional, "school-attendance").part("what_happened")
    assert part.items == ()
    assert part.note and "no case example" in part.note
    assert "Learning from the Example Review" in part.note


def test_why_it_matters_and_good_practice_are_the_themes_points(kb: Knowledge) -> None:
    theme = kb.themes["disguised-compliance"]
    pack = compose_pack(kb, "disguised-compliance")
    assert [i.text for i in pack.part("why_it_matters").items] == [
        " ".join(p.text.split()) for p in theme.key_points
    ]
    assert [i.text for i in pack.part("good_practice").items] == [
        " ".join(p.text.split()) for p in theme.practice_points
    ]


def test_a_case_pack_tells_what_happened_from_the_family_and_why_it_was_reviewed(
    kb: Knowledge,
) -> None:
    case = kb.cases["case-z"]
    pack = compose_pack(kb, "case z")
    part = pack.part("what_happened")
    assert pack.summary == case.headline
    assert [i.text for i in part.items] == [" ".join(p.text.split()) for p in case.family]
    assert part.extra_title == "Why it was reviewed"
    assert [i.text for i in part.extra_items] == [
        " ".join(p.text.split()) for p in case.why_reviewed
    ]


def test_a_case_pack_keeps_findings_from_every_part_of_the_review_and_says_how_many_more(
    kb: Knowledge,
) -> None:
    case = kb.cases["case-z"]
    part = compose_pack(kb, "case-z").part("why_it_matters")
    shown = {i.text for i in part.items}
    assert len(part.items) == MAX_FINDINGS < len(case.findings)
    for section in {p.cite.section for p in case.findings}:
        assert any(
            " ".join(p.text.split()) in shown for p in case.findings if p.cite.section == section
        )
    left = len(case.findings) - MAX_FINDINGS
    assert part.note and f"{left} more finding" in part.note


def test_a_case_pack_gives_the_reviews_lessons_and_what_went_well(kb: Knowledge) -> None:
    case = kb.cases["case-z"]
    part = compose_pack(kb, "case-z").part("good_practice")
    assert part.items[0].text.startswith("Lesson 1")
    assert part.extra_title == "What went well in this case"
    assert len(part.extra_items) == min(4, len(case.good_practice))


def test_a_case_without_lessons_gives_its_numbered_recommendations(fictional: Knowledge) -> None:
    items = compose_pack(fictional, "case-q").part("good_practice").items
    assert [i.label for i in items] == ["Recommendation 1", "Recommendation 2"]


# --- Questions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", every_subject())
def test_every_pack_has_three_to_five_questions_from_understanding_to_practice(
    kb: Knowledge, ref: str
) -> None:
    pack = compose_pack(kb, ref)
    assert MIN_QUESTIONS <= len(pack.questions) <= MAX_QUESTIONS
    assert level_ranks(pack) == sorted(level_ranks(pack))
    assert {q.level for q in pack.questions} == set(LEVELS), "one of each level at least"
    assert len({q.id for q in pack.questions}) == len(pack.questions)


@pytest.mark.parametrize("ref", every_subject())
def test_a_question_is_borrowed_only_for_a_missing_level_or_to_reach_three(
    kb: Knowledge, ref: str
) -> None:
    kind, _, item = ref.partition(":")
    own = (kb.themes[item] if kind == "theme" else kb.cases[item]).questions
    pack = compose_pack(kb, ref)
    for question in pack.questions:
        if question.borrowed_from is None:
            assert question.id in {q.id for q in own}
        else:
            assert question.id not in {q.id for q in own}
            missing_level = not any(q.level == question.level for q in own)
            assert missing_level or len(own) < MIN_QUESTIONS


def test_disguised_compliance_borrows_an_understanding_question_from_its_case(
    kb: Knowledge,
) -> None:
    pack = compose_pack(kb, "disguised-compliance")
    first = pack.questions[0]
    assert first.level == "understand"
    assert first.borrowed_from == "Case Y"
    assert "good show" in first.text
    assert all(q.borrowed_from is None for q in pack.questions[1:])


def test_a_theme_with_few_questions_borrows_from_related_themes_and_says_so(
    fictional: Knowledge,
) -> None:
    pack = compose_pack(fictional, "team-handover")
    assert [q.level for q in pack.questions] == ["understand", "reflect", "apply"]
    assert [q.borrowed_from for q in pack.questions] == [
        "the theme Missed home visits",
        None,
        "the theme Missed home visits",
    ]


def test_a_case_with_few_questions_borrows_from_its_themes(fictional: Knowledge) -> None:
    pack = compose_pack(fictional, "case-q")
    assert len(pack.questions) == 3
    assert {q.borrowed_from for q in pack.questions} == {None, "Missed home visits"}


def test_with_nothing_to_borrow_a_pack_keeps_the_questions_it_has(fictional: Knowledge) -> None:
    pack = compose_pack(fictional, "school-attendance")
    assert [q.id for q in pack.questions] == ["school-attendance-q1"]


def test_chosen_questions_replace_the_suggested_ones_in_level_order(kb: Knowledge) -> None:
    pack = compose_pack(kb, "case-z")
    chosen = with_questions(pack, ["case-z-q6", "case-z-q3", "not-a-question"], kb)
    assert [q.id for q in chosen.questions] == ["case-z-q3", "case-z-q6"]
    q6 = chosen.questions[1]
    assert chosen.citations[q6.citation - 1].endswith("TOR4 – post disclosure service offer")


def test_question_choices_tick_the_suggested_ones_and_offer_the_rest(kb: Knowledge) -> None:
    subject = find_subject(kb, "case-z")
    choices = question_choices(kb, subject)
    suggested = [c.question.id for c in choices if c.chosen]
    offered = [c.question.id for c in choices if not c.chosen]
    assert suggested == [q.id for q in compose_pack(kb, subject).questions]
    assert offered == ["case-z-q6"]


# --- Citations -------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", every_subject())
def test_every_line_is_cited_and_every_source_listed_is_used(kb: Knowledge, ref: str) -> None:
    pack = compose_pack(kb, ref)
    used = citations_used(pack)
    assert all(1 <= n <= len(pack.citations) for n in used)
    assert set(used) == set(range(1, len(pack.citations) + 1))


def test_citations_are_numbered_in_reading_order(kb: Knowledge) -> None:
    used = citations_used(compose_pack(kb, "case-z"))
    first_seen = list(dict.fromkeys(used))
    assert first_seen == sorted(first_seen)


# --- Finding the theme or case -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "ref"),
    [
        ("disguised-compliance", "theme:disguised-compliance"),
        ("Disguised compliance", "theme:disguised-compliance"),
        ("false compliance", "theme:disguised-compliance"),
        ("theme:escalation", "theme:escalation"),
        ("case-z", "case:case-z"),
        ("case z", "case:case-z"),
        ("Z", "case:case-z"),
        ("case:case-y", "case:case-y"),
    ],
)
def test_a_theme_or_case_is_found_by_id_title_alias_or_letter(
    kb: Knowledge, typed: str, ref: str
) -> None:
    assert find_subject(kb, typed).ref == ref


@pytest.mark.parametrize(
    ("typed", "closest"),
    [
        ("disguised complience", "disguised-compliance"),
        ("case-q", None),
        ("professional curiousity", "professional-curiosity"),
    ],
)
def test_an_unknown_name_suggests_the_closest(
    kb: Knowledge, typed: str, closest: str | None
) -> None:
    with pytest.raises(UnknownSubject) as raised:
        find_subject(kb, typed)
    ids = [s.id for s in raised.value.suggestions]
    if closest is None:
        assert "case-q" not in ids
    else:
        assert ids[0] == closest


# --- Rendered for a meeting room ------------------------------------------------------------


def test_the_text_pack_numbers_the_parts_and_lists_the_sources(kb: Knowledge) -> None:
    text = pack_text(compose_pack(kb, "disguised-compliance", GROUP))
    headings = re.findall(r"^(\d)\. (.+?) \((\d+) min\)$", text, flags=re.M)
    assert [h[1] for h in headings] == list(PART_TITLES.values())
    assert [int(h[2]) for h in headings] == [5, 5, 5, 20, 10]
    assert "(from Case Y)" in " ".join(text.split())
    assert (
        "\nSOURCES\n[1] Serious Case Reviews 2016-2020 Briefing Paper, 3.2 Disguised Compliance"
        in text
    )
    assert max(len(line) for line in text.splitlines()) <= 78


def test_the_markdown_pack_escapes_what_markdown_would_read_as_markup(
    fictional: Knowledge,
) -> None:
    pack = compose_pack(fictional, "missed-visits", GROUP)
    why = pack.part("why_it_matters")
    tricky = replace(why, items=(PackItem(text="Use <b>care</b> *here*", citation=1),))
    shown = pack_markdown(replace(pack, parts=(pack.parts[0], tricky, *pack.parts[2:])))
    assert "## 2. Why it matters (5 min)" in shown
    assert r"- Use \<b\>care\</b\> \*here\* [1]" in shown


def test_scrbot_pack_prints_the_pack(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "case-z", "--group"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("CASE Z\nGroup session or team meeting · about 45 minutes")
    assert "5. Embedding the learning (10 min)" in out


def test_scrbot_pack_in_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "disguised", "compliance", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Disguised compliance\n\n*One-to-one supervision · about 30 minutes*")
    assert "## Sources" in out


def test_scrbot_pack_with_an_unknown_name_says_did_you_mean(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["pack", "disguised-complience"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "There's no theme or case called “disguised-complience”." in captured.err
    assert "Did you mean disguised-compliance (Disguised compliance)?" in captured.err


def test_scrbot_pack_without_a_name_lists_what_it_can_make(
    capsys: pytest.CaptureFixture[str], kb: Knowledge
) -> None:
    assert main(["pack"]) == 0
    out = capsys.readouterr().out
    for item in [*kb.themes, *kb.cases]:
        assert f"  {item} " in out
    listed = [line.split()[0] for line in out.split("Cases:")[0].splitlines()[1:]]
    assert listed == [theme.id for theme in kb.themes_by_title()], "themes in title order"


def test_scrbot_pack_reports_broken_knowledge_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "broken.yaml").write_text("kind: theme\nid: [not valid\n", encoding="utf-8")
    assert main(["pack", "case-z", "--knowledge", str(tmp_path)]) == 1  # the work failed
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "scrbot validate" in err
