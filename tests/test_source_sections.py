"""Finding a cited section in a source's text, in each of the forms the sources use.

The texts here are made up; they copy only the shapes of the real extractions.
"""

from __future__ import annotations

import shutil

import pytest

from index.knowledge_folder import BUNDLED_KNOWLEDGE
from index.source_sections import fold_title, split_sections
from index.validation import KnowledgeError, validate_documents

SLIDES = """# Learning from the Example Review

## Example Case: the Family

A made-up family of four moved to the town.

### Example Case: Timeline

- Spring: the school noticed bruising.

#### Spring: the court report

- The report said "no concerns about care".

## Example Case: Findings

Practitioners "did not talk to each other".

## Example Case: Findings, cont.

The plan was "never reviewed".
"""

BARE_TITLES = """Example Case: Narrative

The family were "made homeless" in winter.

Example Case: Lessons

Housing should "ask about risk".
"""

NUMBERED = """Contents

1\tIntroduction.....\t2
2.1\tNeglect.....\t3

1 Introduction

This paper looked at "twelve reviews".

2.1 Neglect:

Neglect was "often missed".

Example Case:
## Patterns seen
They were "seen again".
"""


def test_slide_titles_and_in_slide_headings():
    cited = [
        "Example Case: Timeline",
        "Spring: the court report",
        "Example Case: Findings",
        "Example Case: Findings, cont.",
    ]
    sections = split_sections(SLIDES, cited)
    # A heading within a slide is its own section and part of the slide around it.
    assert sections.contains("Spring: the court report", "no concerns about care")
    assert sections.contains("Example Case: Timeline", "no concerns about care")
    assert not sections.contains("Example Case: Timeline", "did not talk to each other")
    assert sections.contains("Example Case: Findings", "did not talk to each other")
    assert not sections.contains("Example Case: Findings", "never reviewed")
    assert sections.contains("Example Case: Findings, cont.", "never reviewed")


def test_bare_line_titles():
    sections = split_sections(BARE_TITLES, ["Example Case: Narrative", "Example Case: Lessons"])
    assert sections.contains("Example Case: Narrative", "made homeless")
    assert not sections.contains("Example Case: Narrative", "ask about risk")
    assert sections.sections_holding("ask about risk") == ["example case: lessons"]


def test_numbered_headings_end_a_section_even_when_never_cited():
    sections = split_sections(NUMBERED, ["1 Introduction", "Example Case: Patterns seen"])
    assert sections.contains("1 Introduction", "twelve reviews")
    assert not sections.contains("1 Introduction", "often missed")
    # A title written over two heading lines is found as one.
    assert sections.contains("Example Case: Patterns seen", "seen again")


def test_a_title_not_in_the_source_is_not_found():
    sections = split_sections(NUMBERED, ["1 Introduction", "9 Appendix"])
    assert sections.found("1 introduction.")
    assert not sections.found("9 Appendix")


@pytest.mark.parametrize(
    ("written", "cited"),
    [
        ("## **Case Q: Findings**", "Case Q: Findings"),
        ("3.5 Escalation of dissent:", "3.5 Escalation of dissent"),
        ("Case Q: Narrative – history", "Case Q: Narrative - history"),
        ("Case Q: Narrative, cont", "Case Q: Narrative, cont."),
    ],
)
def test_titles_compare_without_markup_typography_or_closing_stop(written, cited):
    assert fold_title(written) == fold_title(cited)


def test_a_quotation_cited_to_the_neighbouring_section_is_reported(shared_sources, tmp_path):
    """The bundled knowledge, copied, with one quotation cited to the slide after it."""
    if not shared_sources.is_dir():
        pytest.skip(f"{shared_sources} is not here, so quotations cannot be checked")
    copy = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, copy)
    case_z = copy / "cases" / "case-z.yaml"
    text = case_z.read_text(encoding="utf-8")
    right = 'section: "Case Z: TOR3 – inter-agency working"}'
    wrong = 'section: "Case Z: TOR4 – post disclosure service offer"}'
    assert right in text
    case_z.write_text(text.replace(right, wrong), encoding="utf-8")

    with pytest.raises(KnowledgeError) as raised:
        validate_documents(copy, shared_sources)

    reports = [str(problem) for problem in raised.value.problems]
    assert reports, "a mis-cited quotation passed"
    assert all(report.startswith(f"{case_z}:") for report in reports), reports
    assert any(
        "quotation is not in the cited section 'Case Z: TOR4 – post disclosure service offer'"
        in report
        and "it is under 'Case Z: TOR3 – inter-agency working'" in report
        for report in reports
    ), reports
