"""How ingest reads practice guidance and dates in the shapes published reviews
take: reflective questions turned round into practice points, lists that a page's
footnotes cut from their lead-in, recommendations listed inside a summary,
numbered report paragraphs, and publication dates in running footers (never a
date from the narrative). Every text here is fictional."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest.blocks import SourceLine
from index.ingest.items import Item, extract_items
from index.ingest.lines import parse_lines
from index.ingest.metadata import read_metadata
from index.ingest.questions import practice_point
from index.ingest.readers import read_document
from index.ingest.sections import place_headings
from tests.ingest.documents import Part, write_docx, write_pdf


def items_in(text: str) -> list[Item]:
    blocks = parse_lines(SourceLine(line) for line in text.splitlines())
    place_headings(blocks)
    return extract_items(blocks, frozenset())


def recommendations_in(text: str) -> list[Item]:
    return [i for i in items_in(text) if i.category == "recommendations"]


@pytest.mark.parametrize(
    ("question", "point"),
    [
        (
            "How can you ensure that every child is seen on their own?",
            "Ensure that every child is seen on their own.",
        ),
        ("How would you respond to a disclosure?", "Respond to a disclosure."),
        (
            "If you were worried about a baby, how would you raise it?",
            "If you were worried about a baby, raise it.",
        ),
        (
            "What further action do you take if a referral is refused?",
            "Be clear what further action you take if a referral is refused.",
        ),
        (
            "Do agency referrals describe what life is like for the child?",
            "Make sure agency referrals describe what life is like for the child.",
        ),
        (
            "How can supervision help you to stay focused on the child?",
            "Use supervision to help you to stay focused on the child.",
        ),
        ("What is your understanding of neglect?", "Build your understanding of neglect."),
    ],
)
def test_a_question_that_asks_something_of_the_reader_becomes_a_practice_point(question, point):
    assert practice_point(question) == point


@pytest.mark.parametrize(
    "question",
    [
        "What helps practitioners work together?",
        "What do you know about exploitation where you work?",
        "Who would you talk to if you were worried?",
        "How well embedded is supervision in your agency?",
        "Children were not seen alone.",
    ],
)
def test_a_question_whose_grammar_asks_nothing_of_the_reader_stays_a_question(question):
    assert practice_point(question) is None


REFLECTIVE = (
    "## Working with neglect\n\nPractitioners should see the children's bedrooms.\n\n"
    "## Reflective questions\n\n"
    "How can you make sure that the child's voice is heard?\n\n"
    "What helps teams to share worries early?"
)


def test_in_a_briefing_without_recommendations_questions_are_drafted_as_practice_points():
    items = items_in(REFLECTIVE)
    points = [i for i in items if i.category == "recommendations" and i.own_words]
    assert [(i.source_text, i.own_words) for i in points] == [
        (
            "How can you make sure that the child's voice is heard?",
            "Make sure that the child's voice is heard.",
        )
    ]
    assert [i.source_text for i in items if i.category == "reflective_questions"] == [
        "What helps teams to share worries early?"
    ]


def test_in_a_review_with_recommendations_questions_stay_questions():
    text = REFLECTIVE + "\n\n## Recommendations\n\n1. The Board should audit neglect plans."
    items = items_in(text)
    assert [i.source_text for i in items if i.category == "recommendations"] == [
        "The Board should audit neglect plans."
    ]
    assert len([i for i in items if i.category == "reflective_questions"]) == 2


def test_hindsight_about_the_case_is_not_guidance():
    text = (
        "## What happened\n\nThe health visitor should have asked who lived in the home. "
        "Practitioners should ask about every adult in the home."
    )
    assert [i.source_text for i in recommendations_in(text)] == [
        "Practitioners should ask about every adult in the home."
    ]


def test_a_guidance_list_is_read_past_the_footnotes_between_it_and_its_lead_in():
    text = (
        "## Assessment\n\nStatutory guidance says good assessments:\n\n"
        "\u00b9 Working Together, chapter 1\n\n"
        "- involve the child and the family\n- are a continuing process, not an event"
    )
    found = [i.source_text for i in recommendations_in(text)]
    assert found == ["involve the child and the family", "are a continuing process, not an event"]


def test_recommendations_listed_in_a_sentence_of_a_summary_are_each_drafted():
    text = (
        "## Summary\n\nDeath of a baby from a head injury. Recommendations include: make sure "
        "health visitors ask who lives in the home; review the bruising protocol for mobile "
        "babies. Keywords: bruising."
    )
    items = items_in(text)
    assert [i.source_text for i in items if i.category == "recommendations"] == [
        "make sure health visitors ask who lives in the home",
        "review the bruising protocol for mobile babies.",
    ]
    assert "Recommendations include" not in items[-1].source_text


def test_a_review_that_makes_n_recommendations_including_lists_them():
    text = (
        "## Recommendations\n\nThe review makes five recommendations, including: ask who "
        "lives in the home; share a new partner's history with the health visitor."
    )
    assert len(recommendations_in(text)) == 2


def test_a_numbered_report_paragraph_keeps_its_number():
    text = (
        "## 5 Recommendations\n\n5.1 The Board should audit neglect plans.\n\n"
        "5.2 Schools should tell social care when a child misses school."
    )
    assert [i.number for i in recommendations_in(text)] == ["5.1", "5.2"]


def _metadata_of(path: Path) -> tuple[str, str | None]:
    document = read_document(path)
    place_headings(document.blocks)
    meta = read_metadata(document)
    return meta.title, meta.published.iso if meta.published else None


REVIEW = [
    Part("title", "Serious Case Review: Child D"),
    Part("publisher", "Anyshire Safeguarding Children Partnership"),
    Part("h1", "1 Introduction"),
    Part("p", "Child D, a fictional girl, was seen by her school nurse in March 2017."),
    Part("h1", "2 Recommendations"),
    Part("number", "The Partnership should review its neglect strategy."),
]


def test_a_date_in_a_pdf_running_footer_is_the_publication_date(tmp_path):
    narrative = [
        Part("p", f"Paragraph {n}: the school nurse saw Child D and noted that she was tired.")
        for n in range(60)
    ]  # enough to run onto a second page, where the footer repeats
    pdf = write_pdf(
        tmp_path / "child-d.pdf",
        REVIEW[:4] + narrative + REVIEW[4:],
        running_header="Serious Case Review: Child D",
        running_footer="Child D overview report | June 2019",
        title_page_break=True,
    )
    assert _metadata_of(pdf) == ("Serious Case Review: Child D", "2019-06")


def test_a_date_in_a_word_footer_is_the_publication_date(tmp_path):
    docx = write_docx(tmp_path / "child-d.docx", REVIEW, footer="Final report, 4 May 2022")
    assert _metadata_of(docx)[1] == "2022-05-04"


def test_a_footer_left_in_a_text_gives_its_date_and_the_narrative_gives_none(tmp_path):
    footer = "Anyshire Safeguarding Children Partnership | June 2019"
    body = "Child D was seen by her school nurse in March 2017, and again in May 2018."
    with_footer = tmp_path / "with-footer.txt"
    with_footer.write_text(
        f"Serious Case Review: Child D\n\n{body}\n\n{footer}\n\nShe moved school.\n\n{footer}\n",
        encoding="utf-8",
    )
    without = tmp_path / "without.txt"
    without.write_text(f"Serious Case Review: Child D\n\n{body}\n", encoding="utf-8")
    assert _metadata_of(with_footer)[1] == "2019-06"
    assert _metadata_of(without)[1] is None


def test_a_footer_whose_page_number_changes_still_gives_its_date(tmp_path):
    text = tmp_path / "child-d.txt"
    pages = [
        f"Child D, a fictional girl, was seen at school on day {n}.\n\n"
        f"Child D overview report | June 2019 | Page {n}"
        for n in range(1, 4)
    ]
    text.write_text(
        "Serious Case Review: Child D\n\n" + "\n\n".join(pages) + "\n", encoding="utf-8"
    )
    assert _metadata_of(text)[1] == "2019-06"


def test_a_body_a_briefing_cites_is_not_taken_for_its_publisher(tmp_path):
    text = tmp_path / "briefing.txt"
    text.write_text(
        "Neglect Briefing Paper\n\nThis briefing draws together the learning from four "
        "fictional reviews of neglect in families known to many agencies over several years.\n\n"
        "According to the NSPCC there are four types of neglect.\n",
        encoding="utf-8",
    )
    document = read_document(text)
    place_headings(document.blocks)
    assert read_metadata(document).publisher is None


def test_a_numbered_first_section_is_not_joined_to_the_title(tmp_path):
    text = tmp_path / "briefing.txt"
    text.write_text(
        "Neglect Briefing Paper\n\nContents\n\n1 Introduction\n\n"
        "This briefing draws together the learning from four fictional reviews of neglect "
        "in families known to many agencies over several years.\n",
        encoding="utf-8",
    )
    assert _metadata_of(text)[0] == "Neglect Briefing Paper"
