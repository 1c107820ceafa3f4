"""The rules ingest reads a document by, one behaviour each: recommendations by
structure (never a contents line or the decision to review), dates only where
stated, headings, sections and citations."""

from __future__ import annotations

import pytest

from index.ingest.blocks import SourceLine
from index.ingest.dates import cover_line_date, labelled_date, title_page_date
from index.ingest.items import extract_items
from index.ingest.lines import parse_lines
from index.ingest.sections import cite_for, place_headings


def items_of(text: str) -> dict[str, list[str]]:
    blocks = parse_lines(SourceLine(line) for line in text.splitlines())
    place_headings(blocks)
    found: dict[str, list[str]] = {}
    for item in extract_items(blocks, frozenset()):
        found.setdefault(item.category, []).append(item.source_text)
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "## Recommendations\n\n1. The Board should audit neglect cases.\n"
            "2. Schools should share concerns.",
            2,
        ),
        (
            "Recommendation 1: The Board should audit neglect cases.\n\n"
            "Recommendation 2: Police to refer.",
            2,
        ),
        ("#### Recommendation 3b\n\nAll single agency training should cover perpetrators.", 1),
        ("## Recommendations\n\nEnsure that every assessment names the adults in the home.", 1),
        ("## Recommendations\n\nThat the Partnership seeks assurance on supervision.", 1),
        ("## Summary\n\nRecommendations include:\n\n- review the neglect strategy\n- train GPs", 2),
        (
            "## Summary\n\nRecommendations include: ensure GPs attend conferences; develop a "
            "neglect toolkit; and review the escalation policy.",
            3,
        ),
        (
            "## Recommendations\n\nChildren's Services: to assure the Board that\n\n"
            "- plans are reviewed\n- leavers are seen",
            2,
        ),
        (
            "## Recommendation One\n\n"
            "Recommendation One: The Board should publish a neglect strategy.",
            1,
        ),
    ],
)
def test_recommendations_are_found_by_structure(text, expected):
    assert len(items_of(text).get("recommendations", [])) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Contents\n\n1 Introduction .......... 3\n2 Recommendations .......... 12\n\n"
        "## Introduction\n\nA review.",
        "## Introduction\n\n"
        "It was recommended to the Chair that the case met the criteria for a review.",
        "## Recommendations\n\nThese recommendations should be read alongside the action plan.",
        "## Recommendations\n\nRecommendations were made to:\n\n- Police\n- Health",
        "## Findings\n\nThe recommendations of the earlier review were not implemented.",
    ],
)
def test_what_is_not_a_recommendation(text):
    assert items_of(text).get("recommendations", []) == []


def test_labelled_recommendations_leave_the_rest_as_findings():
    found = items_of(
        "## Findings and recommendations\n\nThe plan was not reviewed.\n\n"
        "Recommendation 1: The Board should review plans."
    )
    assert found["recommendations"] == ["The Board should review plans."]
    assert found["findings"] == ["The plan was not reviewed."]


@pytest.mark.parametrize(
    ("read", "line", "iso"),
    [
        (labelled_date, "Published: 14 March 2023", "2023-03-14"),
        (labelled_date, "Date of publication: 3 July 2024", "2024-07-03"),
        (labelled_date, "Publication date 12/03/2021", "2021-03-12"),
        (labelled_date, "Year of publication: 2019", "2019"),
        (labelled_date, "Date: May 2020", "2020-05"),
        (labelled_date, "Published 2021-06-30", "2021-06-30"),
        (labelled_date, "Year: 2020", "2020"),
        (labelled_date, "Publication: March 2021", "2021-03"),
        (labelled_date, "Report date: 4 June 2019", "2019-06-04"),
        (cover_line_date, "Final version – June 2019", "2019-06"),
        (cover_line_date, "Overview report – June 2019", "2019-06"),
        (cover_line_date, "Child D | Final | 4 May 2022", "2022-05-04"),
        (cover_line_date, "Learning briefing (March 2021)", "2021-03"),
        (cover_line_date, "Serious Case Review Child D November 2018", "2018-11"),
    ],
)
def test_a_stated_date_is_the_publication_date(read, line, iso):
    """Labelled anywhere in the opening, or ending a line of the title page."""
    found = read(line)
    assert found is not None and found.iso == iso


@pytest.mark.parametrize(
    ("read", "line"),
    [
        (labelled_date, "Date of birth: 4 May 2010"),
        (labelled_date, "In June 2016 the family moved"),
        (labelled_date, "Last updated: 1 August 2024"),
        (labelled_date, "Dec 2015: 11 year old child alleges an assault"),
        (cover_line_date, "The family moved to the town in June 2019."),
        (cover_line_date, "Reviews published from June 2019"),
        (cover_line_date, "Web page accessed on 17 March 2020"),
        (cover_line_date, "Serious Case Reviews 2016-2020 Briefing Paper"),
        (cover_line_date, "Last updated: 1 August 2024"),
        (labelled_date, "Date of review: 3 May 2019"),
        (cover_line_date, "Draft for the Board – June 2019"),
    ],
)
def test_other_dates_are_not_the_publication_date(read, line):
    assert read(line) is None


def test_a_date_alone_on_a_title_page_counts_and_a_sentence_does_not():
    assert title_page_date("March 2022") is not None
    assert title_page_date("Final report, 4 May 2022") is not None
    assert title_page_date("The family moved to Norfolk in March 2012 with the children") is None


def test_a_heading_without_a_level_nests_under_the_heading_above_it():
    lines = ["Case Z: TOR1 – care leaver planning", "", "Key Findings", "", "The plan was sound."]
    blocks = parse_lines(SourceLine(line) for line in lines)
    place_headings(blocks)
    cite = cite_for("case-z", blocks[-1])
    assert cite == {
        "source": "case-z",
        "within": "Case Z: TOR1 – care leaver planning",
        "section": "Key Findings",
    }


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Summary of the case: the Family", True),
        ("3.1 Professional Curiosity.", True),
        ("Agencies involved were:", False),
        ("Children's Services: to assure the NSCB that", False),
        ("He remains in the care of his mother, who is protective.", False),
    ],
)
def test_a_line_standing_alone_is_a_heading_only_if_it_reads_as_one(line, heading):
    blocks = parse_lines([SourceLine(line)])
    assert (blocks[0].kind == "heading") is heading


def test_a_topic_under_a_recommendations_heading_is_drafted_as_recommendations_on_it():
    text = "## Recommendations\n\n- Managing case transfers\n- Schools should share concerns."
    blocks = parse_lines(SourceLine(line) for line in text.splitlines())
    place_headings(blocks)
    found = [i for i in extract_items(blocks, frozenset()) if i.category == "recommendations"]
    assert [(i.source_text, i.own_words) for i in found] == [
        ("Managing case transfers", "Recommendations on managing case transfers"),
        ("Schools should share concerns.", None),
    ]


def test_practice_guidance_lists_run_past_footnotes_and_instructions_count():
    text = (
        "## Learning for practice\n\nWorking with resistant families follows these steps:\n\n"
        "1. Identify dangers to the children\n2. Be clear about criteria for progress\n\n"
        "Curiosity grows when practitioners:\n\n- have good supervision\n\n"
        "\u00b9 A footnote at the foot of the page\n\n- always see each parent separately\n\n"
        "In one family there was a need for a fuller assessment of the father.\n\n"
        "The family moved to a new house in the spring."
    )
    found = items_of(text)["recommendations"]
    assert "Be clear about criteria for progress" in found
    assert "always see each parent separately" in found
    assert "In one family there was a need for a fuller assessment of the father." in found
    assert not any("moved" in r or "footnote" in r for r in found)


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("4.4 Adolescent Safeguarding including Issues of Agency (Freedom) and Safety", True),
        ("4.4 The panel found that the agencies did not share what they knew about it.", False),
    ],
)
def test_a_section_numbered_heading_may_run_long(line, heading):
    blocks = parse_lines([SourceLine(line)])
    assert (blocks[0].kind == "heading") is heading
