"""The knowledge loader's validation and ``scrbot validate``.

Every test builds a small, plainly fictional knowledge folder (the made-up
"Example Review" and Case Q), breaks one thing, and checks the one-line report
names the right file, line and field, and that ``scrbot validate`` exits 1.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from bot.cli import main
from index.knowledge import load_knowledge
from index.knowledge_folder import SCHEMA_PATH
from index.source_sections import fold_quotation
from index.validation import KnowledgeError, Problem, validate_documents

CITE = "{source: example-review, section: Summary}"

EXAMPLE_FILES = {
    "sources/example-review.txt": """
        # The Example Review (a made-up document for tests)

        ## Summary

        The family moved house three times in a year.
        Practitioners said the mother was “always very polite” at visits – but the children's
        school attendance fell.

        ## Recommendations

        Recommendation 1: The partnership should test its escalation procedure.
        """,
    "knowledge/sources.yaml": """
        kind: sources
        sources:
          - id: example-review
            title: Learning from the Example Review
            publisher: Example Safeguarding Partnership
            year: 2021
            kind: learning presentation
            file: example-review.txt
        """,
    "knowledge/themes/example-curiosity.yaml": f"""
        kind: theme
        id: example-curiosity
        title: Example curiosity
        section: "9.1"
        summary: A made-up theme used only to test the validator.
        cite:
          - {CITE}
        aliases: [wondering]
        key_points:
          - text: Visits felt polite while school attendance fell.
            quote: the mother was "always very polite" at visits - but the children’s
              school attendance fell
            cite: {CITE}
        practice_points:
          - text: Look beyond how a visit felt.
            cite: {CITE}
        questions:
          - id: example-curiosity-q1
            text: What would you check after a polite visit?
            level: reflect
            cite: {CITE}
        related: [example-escalation]
        """,
    "knowledge/themes/example-escalation.yaml": f"""
        kind: theme
        id: example-escalation
        title: Example escalation
        summary: Another made-up theme.
        cite:
          - {{source: example-review, section: Recommendations}}
        aliases: []
        key_points: []
        practice_points: []
        questions:
          - id: example-escalation-q1
            text: Who would you go to if you disagreed?
            level: apply
            cite: {CITE}
        """,
    "knowledge/cases/case-p.yaml": f"""
        kind: case
        id: case-p
        title: Case P (fictional)
        source: example-review
        headline: A second made-up case.
        family: []
        why_reviewed: []
        themes:
          - theme: example-escalation
            how: Nobody escalated.
            cite: {CITE}
        """,
    "knowledge/cases/case-q.yaml": f"""
        kind: case
        id: case-q
        title: Case Q (fictional)
        source: example-review
        headline: A made-up family who moved house often.
        family:
          - text: A made-up family.
            cite: {CITE}
        why_reviewed:
          - text: Invented for these tests.
            cite: {CITE}
        timeline:
          - date: 2015-07-01
            event: The family moved house.
            cite: {CITE}
        recommendations:
          - number: 1
            text: Try out the escalation procedure.
            quote: The partnership should test its escalation procedure.
            cite: {{source: example-review, section: Recommendations}}
        parallels:
          - case: case-p
            text: Both are made up.
            cite: {CITE}
        themes:
          - theme: example-curiosity
            how: Polite visits hid falling attendance.
            vignette: A made-up family were polite at every visit. Nobody asked the school.
            cite: {CITE}
          - theme: example-escalation
            how: Nobody escalated.
            cite: {CITE}
        questions:
          - id: case-q-q1
            text: What did the school know?
            level: understand
            cite: {CITE}
        """,
    "knowledge/briefings/example-briefing.yaml": f"""
        kind: briefing
        id: example-briefing
        title: The Example Briefing
        source: example-review
        summary:
          - text: A made-up briefing.
            cite: {CITE}
        reviews:
          - name: Case Q
            cite: {CITE}
        national_figures: []
        themes: [example-curiosity, example-escalation]
        """,
    "knowledge/glossary.yaml": f"""
        kind: glossary
        terms:
          - id: scr
            term: SCR
            expansion: Serious Case Review
            meaning: A made-up meaning for tests.
            themes: [example-curiosity]
            cite: {CITE}
        """,
}


@dataclass
class ExampleKnowledge:
    """A valid fictional knowledge folder and sources folder, ready to break."""

    base: Path

    @property
    def root(self) -> Path:
        return self.base / "knowledge"

    @property
    def sources(self) -> Path:
        return self.base / "sources"

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.base / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, relative: str, text: str, occurrence: int = 1) -> int:
        """The line number holding the ``occurrence``-th line that contains ``text``."""
        lines = (self.base / relative).read_text(encoding="utf-8").splitlines()
        found = [number for number, line in enumerate(lines, 1) if text in line]
        return found[occurrence - 1]

    def validate(self, *, sources: bool = True) -> list[str]:
        """Problems as their one-line reports; [] when the folder is valid."""
        try:
            validate_documents(self.root, self.sources if sources else None)
        except KnowledgeError as error:
            return [str(p) for p in error.problems]
        return []


@pytest.fixture
def example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_file: Callable[[str, str], Path]
) -> ExampleKnowledge:
    for relative, text in EXAMPLE_FILES.items():
        write_file(relative, text)
    # Reports name files relative to the working folder, as an editor user sees them.
    monkeypatch.chdir(tmp_path)
    return ExampleKnowledge(tmp_path)


def run_validate(example: ExampleKnowledge, capsys: pytest.CaptureFixture[str], *extra: str):
    status = main(["validate", "--knowledge", str(example.root), *extra])
    out, err = capsys.readouterr()
    return status, out, err


# --- a valid folder ---------------------------------------------------------


def test_published_schema_is_valid_json_schema():
    Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_example_folder_is_valid(example):
    assert example.validate() == []


def test_load_builds_typed_objects_and_links_cases_to_themes(example):
    kb = load_knowledge(example.root)
    assert kb.counts() == {
        "sources": 1,
        "cases": 2,
        "themes": 2,
        "questions": 3,
        "glossary terms": 1,
    }
    curiosity = kb.themes["example-curiosity"]
    assert curiosity.section == "9.1"
    assert [link.case_id for link in curiosity.cases] == ["case-q"]
    assert [link.case_id for link in kb.themes["example-escalation"].cases] == ["case-p", "case-q"]
    case = kb.cases["case-q"]
    # Dates stay as written, not turned into date objects.
    assert case.timeline[0].date == "2015-07-01"
    assert case.recommendations[0].number == "1"
    assert case.parallels[0].case_id == "case-p"
    assert [q.id for q in kb.questions] == [
        "example-curiosity-q1",
        "example-escalation-q1",
        "case-q-q1",
    ]
    assert kb.questions[2].case_id == "case-q"
    assert kb.glossary["scr"].expansion == "Serious Case Review"
    assert kb.briefings["example-briefing"].themes == ("example-curiosity", "example-escalation")


def test_cli_prints_counts_and_checks_quotations(example, capsys):
    status, out, err = run_validate(example, capsys, "--sources", str(example.sources))
    assert status == 0, err
    assert err == ""
    counts = {
        line.rsplit(None, 1)[0].strip(): int(line.rsplit(None, 1)[1])
        for line in out.splitlines()
        if line.startswith("  ")
    }
    assert counts == {"sources": 1, "cases": 2, "themes": 2, "questions": 3, "glossary terms": 1}
    assert "Quotation check passed: 2 quotations found word for word" in out


def test_cli_says_when_quotations_were_not_checked(example, capsys):
    example.edit("knowledge/cases/case-q.yaml", "test its escalation", "try its escalation")
    status, out, _ = run_validate(example, capsys)
    assert status == 0
    assert "Quotation check skipped" in out
    assert "--sources DIR" in out


def test_cli_reads_knowledge_folder_from_environment(example, capsys, monkeypatch):
    monkeypatch.setenv("SCRBOT_KNOWLEDGE", str(example.root))
    assert main(["validate"]) == 0
    assert "sources" in capsys.readouterr().out


# --- each kind of problem ---------------------------------------------------

CASE_Q = "knowledge/cases/case-q.yaml"
CURIOSITY = "knowledge/themes/example-curiosity.yaml"
ESCALATION = "knowledge/themes/example-escalation.yaml"
GLOSSARY = "knowledge/glossary.yaml"
BRIEFING = "knowledge/briefings/example-briefing.yaml"
SOURCES = "knowledge/sources.yaml"


@dataclass(frozen=True)
class Breakage:
    """Replace ``old`` by ``new`` in ``file``; expect ``report`` at the line holding ``at``."""

    file: str
    old: str
    new: str
    at: str
    report: str
    occurrence: int = 1


BREAKAGES = {
    "yaml syntax": Breakage(
        CURIOSITY,
        "summary: A made-up theme",
        "summary: Curiosity: a made-up theme",
        "summary:",
        # libyaml and pure-Python PyYAML word the rest differently.
        "not valid YAML: mapping values are not allowed",
    ),
    "tab indent": Breakage(
        GLOSSARY, "  - id: scr", "\t- id: scr", "id: scr", "not valid YAML: found character"
    ),
    "missing field": Breakage(
        CASE_Q,
        "    how: Nobody escalated.\n    cite: {source: example-review, section: Summary}\n",
        "    how: Nobody escalated.\n",
        "- theme: example-escalation",
        "themes[1]: missing required field 'cite'",
    ),
    "unknown field": Breakage(
        ESCALATION,
        "title: Example",
        "titel: Example",
        "titel:",
        "titel: unknown field 'titel' (did you mean 'title'?)",
    ),
    "number for text": Breakage(
        CURIOSITY,
        'section: "9.1"',
        "section: 9.1",
        "section:",
        "section: should be text, not a number (9.1); put it in quotes so it is read as text",
    ),
    "empty text": Breakage(
        CASE_Q,
        "how: Polite visits hid falling attendance.",
        "how:",
        "how:",
        "themes[0].how: is empty; write the text here",
    ),
    "blank text": Breakage(
        CASE_Q,
        "headline: A made-up family who moved house often.",
        'headline: ""',
        "headline:",
        "headline: must not be empty",
    ),
    "mapping for list": Breakage(
        CASE_Q,
        "family:\n  - text: A made-up family.",
        "family:\n    text: A made-up family.",
        "family:",
        "family: should be a list (one '- ' item per line), not a set of fields",
    ),
    "bad level": Breakage(
        CURIOSITY,
        "level: reflect",
        "level: reflekt",
        "level:",
        "questions[0].level: 'reflekt' is not one of: understand, reflect, apply (did you mean "
        "'reflect'?)",
    ),
    "bad id": Breakage(
        GLOSSARY,
        "id: scr",
        "id: Serious Case Review",
        "id:",
        "terms[0].id: 'Serious Case Review' is not in the right form: use lower-case words joined "
        "by hyphens",
    ),
    "bad case id": Breakage(
        CASE_Q,
        "case: case-p",
        "case: Case_P",
        "case: Case_P",
        "parallels[0].case: 'Case_P' is not in the right form",
    ),
    "missing kind": Breakage(
        GLOSSARY, "kind: glossary\n", "", "terms:", "missing required field 'kind'"
    ),
    "unknown kind": Breakage(
        GLOSSARY,
        "kind: glossary",
        "kind: glosary",
        "kind:",
        "kind: 'glosary' is not one of: sources, case, theme, briefing, glossary, signposts "
        "(did you mean 'glossary'?)",
    ),
    "empty list": Breakage(
        CASE_Q,
        "themes:\n  - theme: example-curiosity",
        "themes: []\nold_themes:\n  - theme: example-curiosity",
        "themes: []",
        "themes: must list at least 1 item",
    ),
    "duplicate key": Breakage(
        CASE_Q,
        "headline: A made-up family",
        "title: Case Q again\nheadline: A made-up family",
        "title: Case Q again",
        "title: duplicate key 'title' (first at line 3); keep one",
    ),
    "duplicate question id across files": Breakage(
        ESCALATION,
        "id: example-escalation-q1",
        "id: example-curiosity-q1",
        "id: example-curiosity-q1",
        "questions[0].id: duplicate question id 'example-curiosity-q1' (first defined at "
        "knowledge/themes/example-curiosity.yaml:18)",
    ),
    "duplicate glossary id": Breakage(
        GLOSSARY,
        "terms:\n",
        "terms:\n  - {id: scr, term: S, expansion: E, meaning: M, cite: {source: example-review, "
        "section: S}}\n",
        "  - id: scr",
        "terms[1].id: duplicate glossary term id 'scr' "
        "(first defined at knowledge/glossary.yaml:3)",
    ),
    "id not matching file name": Breakage(
        CASE_Q,
        "id: case-q",
        "id: case-x",
        "id: case-x",
        "id: 'case-x' does not match the file name 'case-q.yaml'; rename the file to "
        "case-x.yaml or change the id",
    ),
    "unknown theme in case": Breakage(
        CASE_Q,
        "theme: example-curiosity",
        "theme: example-curiousity",
        "theme: example-curiousity",
        "themes[0].theme: unknown theme 'example-curiousity' (did you mean 'example-curiosity'?)",
    ),
    "unknown source in cite": Breakage(
        CURIOSITY,
        "  - text: Look beyond how a visit felt.\n    cite: {source: example-review,",
        "  - text: Look beyond how a visit felt.\n    cite: {source: example-reveiw,",
        "example-reveiw",
        "practice_points[0].cite.source: unknown source 'example-reveiw' (did you mean "
        "'example-review'?)",
    ),
    "unknown source in theme cite list": Breakage(
        ESCALATION,
        "{source: example-review, section: Recommendations}",
        "{source: example-revue, section: Recommendations}",
        "example-revue",
        "cite[0].source: unknown source 'example-revue'",
    ),
    "unknown case source": Breakage(
        "knowledge/cases/case-p.yaml",
        "source: example-review\nheadline",
        "source: example-other\nheadline",
        "source: example-other",
        "source: unknown source 'example-other'",
    ),
    "unknown parallel case": Breakage(
        CASE_Q,
        "case: case-p",
        "case: case-k",
        "case: case-k",
        "parallels[0].case: unknown case 'case-k'",
    ),
    "unknown related theme": Breakage(
        CURIOSITY,
        "related: [example-escalation]",
        "related: [example-escalate]",
        "related:",
        "related[0]: unknown theme 'example-escalate' (did you mean 'example-escalation'?)",
    ),
    "unknown glossary theme": Breakage(
        GLOSSARY,
        "themes: [example-curiosity]",
        "themes: [curiosity]",
        "themes:",
        "terms[0].themes[0]: unknown theme 'curiosity'",
    ),
    "unknown briefing theme": Breakage(
        BRIEFING,
        "themes: [example-curiosity, example-escalation]",
        "themes: [example-curiosity, example-neglect]",
        "themes:",
        "themes[1]: unknown theme 'example-neglect'",
    ),
    "unknown briefing source": Breakage(
        BRIEFING,
        "source: example-review\nsummary",
        "source: surrey\nsummary",
        "source: surrey",
        "source: unknown source 'surrey'",
    ),
    "theme twice in one case": Breakage(
        CASE_Q,
        "theme: example-escalation",
        "theme: example-curiosity",
        "theme: example-curiosity",
        "themes[1].theme: theme 'example-curiosity' is already listed at themes[0]",
        occurrence=2,
    ),
    "theme related to itself": Breakage(
        CURIOSITY,
        "related: [example-escalation]",
        "related: [example-curiosity]",
        "related:",
        "related[0]: a theme cannot be related to itself",
    ),
    "quotation not verbatim": Breakage(
        CURIOSITY,
        '"always very polite"',
        '"always polite"',
        "quote:",
        "key_points[0].quote: quotation not found word for word in example-review "
        "(example-review.txt)",
    ),
    "quotation changes a word's case": Breakage(
        CASE_Q,
        "quote: The partnership should",
        "quote: The Partnership should",
        "quote:",
        "recommendations[0].quote: quotation not found word for word",
    ),
    "source address not https": Breakage(
        SOURCES,
        "file: example-review.txt",
        "file: example-review.txt\n    url: www.example.org/review",
        "url:",
        "sources[0].url: 'www.example.org/review' is not in the right form: The public web "
        "address where the document is published (https)",
    ),
    "quotation under another section": Breakage(
        CURIOSITY,
        "school attendance fell\n    cite: {source: example-review, section: Summary}",
        "school attendance fell\n    cite: {source: example-review, section: Recommendations}",
        "quote:",
        "key_points[0].quote: quotation is not in the cited section 'Recommendations'; it is "
        "under 'Summary'; cite the section it is in",
    ),
    "cited section not in the source": Breakage(
        ESCALATION,
        "{source: example-review, section: Recommendations}",
        "{source: example-review, section: Recomendations}",
        "Recomendations",
        "cite[0].section: section 'Recomendations' is not a heading in example-review",
    ),
    "source file missing": Breakage(
        SOURCES,
        "file: example-review.txt",
        "file: example-reveiw.txt",
        "file:",
        "sources[0].file: file 'example-reveiw.txt' is not in the sources folder (sources)",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_each_problem_is_reported_with_file_line_and_field(example, capsys, breakage):
    example.edit(breakage.file, breakage.old, breakage.new)
    line = example.line_of(breakage.file, breakage.at, breakage.occurrence)
    expected = f"{breakage.file}:{line}: {breakage.report}"

    status, out, err = run_validate(example, capsys, "--sources", str(example.sources))

    assert status == 1
    reports = err.splitlines()
    assert any(report.startswith(expected) for report in reports), "\n".join(reports)
    assert reports[-1].startswith("Found ")
    assert "nothing was loaded" in reports[-1]
    assert "Traceback" not in err
    assert out == ""


# The bot loads without the sources folder, so quotation breakages are left out here.
LOAD_BREAKAGES = {
    name: breakage
    for name, breakage in BREAKAGES.items()
    if not breakage.report.startswith(
        ("key_points[0].quote", "recommendations[0].quote", "sources[0].file", "cite[0].section")
    )
}


@pytest.mark.parametrize("breakage", LOAD_BREAKAGES.values(), ids=LOAD_BREAKAGES.keys())
def test_load_knowledge_refuses_invalid_knowledge(example, breakage):
    example.edit(breakage.file, breakage.old, breakage.new)
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(example.root)
    assert raised.value.problems
    assert all(isinstance(problem, Problem) for problem in raised.value.problems)


def test_missing_kind_is_one_problem_not_one_per_kind(example):
    example.edit(GLOSSARY, "kind: glossary\n", "")
    assert example.validate() == ["knowledge/glossary.yaml:1: missing required field 'kind'"]


def test_every_problem_in_every_file_is_reported_in_file_order(example):
    example.edit(GLOSSARY, "id: scr", "id: SCR")
    example.edit(CASE_Q, "theme: example-curiosity", "theme: example-curio")
    example.edit(CURIOSITY, "level: reflect", "level: think")
    reports = example.validate()
    assert [report.split(":")[0] for report in reports] == [CASE_Q, GLOSSARY, CURIOSITY]


def test_yaml_errors_come_with_advice(example):
    example.edit(CURIOSITY, "summary: A made-up theme", "summary: Curiosity: a made-up theme")
    example.edit(GLOSSARY, "  - id: scr", "\t- id: scr")
    reports = example.validate()
    assert len(reports) == 2
    assert reports[0].endswith("; use spaces, not tabs, to indent")
    assert reports[1].endswith("; a ': ' inside text needs the whole text in quotes")


def test_quotations_are_checked_only_when_sources_are_given(example):
    example.edit(CURIOSITY, '"always very polite"', '"always polite"')
    assert example.validate(sources=False) == []
    assert len(example.validate(sources=True)) == 1


def test_missing_sources_folder_is_bad_usage_not_a_knowledge_problem(example, capsys):
    status, _, err = run_validate(example, capsys, "--sources", "no-such-folder")
    assert status == 2
    assert "the sources folder no-such-folder does not exist" in err


def test_empty_knowledge_folder_is_a_problem_not_a_crash(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "knowledge").mkdir()
    status = main(["validate", "--knowledge", "knowledge"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("knowledge: no knowledge files found")


def test_missing_knowledge_folder_is_a_problem(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--knowledge", "nowhere"]) == 1
    assert capsys.readouterr().err.startswith("nowhere: the knowledge folder was not found")


@pytest.mark.parametrize(
    ("content", "report"),
    [
        (b"", "knowledge/glossary.yaml: the file is empty"),
        (b"# only a comment\n", "knowledge/glossary.yaml: the file is empty"),
        (b"- kind: glossary\n", "knowledge/glossary.yaml:1: a knowledge file is a set of fields"),
        (b"kind: glossary\nterms: [\n", "knowledge/glossary.yaml:3: not valid YAML"),
        (b"kind: glossary\n---\nkind: glossary\n", "knowledge/glossary.yaml:2: not valid YAML"),
        (
            b"kind: glossary\nterms: []\nnote: caf\xe9\n",
            "knowledge/glossary.yaml: is not UTF-8 text",
        ),
    ],
    ids=["empty", "comment only", "a list", "unclosed", "two documents", "not utf-8"],
)
def test_unreadable_files_are_problems(example, content, report):
    (example.root / "glossary.yaml").write_bytes(content)
    reports = example.validate()
    assert any(r.startswith(report) for r in reports), reports


def test_yml_files_are_reported_not_silently_ignored(example):
    (example.root / "themes" / "extra.yml").write_text("kind: theme\n", encoding="utf-8")
    assert example.validate() == [
        "knowledge/themes/extra.yml: not read: knowledge files end in .yaml"
    ]


def test_problem_reads_as_one_line():
    problem = Problem("knowledge/cases/case-q.yaml", 42, "themes[2].theme", "unknown theme 'x'")
    assert str(problem) == "knowledge/cases/case-q.yaml:42: themes[2].theme: unknown theme 'x'"
    assert str(Problem("knowledge", None, "", "no knowledge files found")) == (
        "knowledge: no knowledge files found"
    )


# --- quotation matching -----------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        ("the child’s voice", "the child's voice"),  # curly vs straight apostrophe
        ('"prolific" history', "“prolific” history"),  # straight vs curly quotes
        ("pre 2015 - the family", "pre 2015 – the family"),  # hyphen vs en dash
        ("moved\n  house", "moved house"),  # line breaks and indents
        ("numerous allegations", "*numerous allegations*"),  # markdown emphasis
        ("(March 2020) found", "(March 2020)³ found"),  # footnote number
    ],
)
def test_quotation_folding_ignores_typography(quote, source):
    assert fold_quotation(quote) in fold_quotation(source)


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        ("the childs voice", "the child's voice"),
        ("Prolific history", "prolific history"),
        ("moved home", "moved house"),
        ("moved house.", "moved house"),
    ],
)
def test_quotation_folding_keeps_words_case_and_punctuation(quote, source):
    assert fold_quotation(quote) not in fold_quotation(source)
