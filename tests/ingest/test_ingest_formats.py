"""Reading PDF, Word and HTML reviews built in the test run: sections, items,
dates and citations come out the same in every format, and PDF page furniture
(running headers, page numbers, line-end hyphens, two columns) is undone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from index.ingest.readers import read_document
from index.validation import schema_problems
from tests.ingest.documents import CHILD_T, Part, write_docx, write_html, write_pdf

WRITERS = {"pdf": write_pdf, "docx": write_docx, "html": write_html}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_each_format_gives_the_same_draft(fmt, ingest, tmp_path):
    review = WRITERS[fmt](tmp_path / f"child-t.{fmt}", CHILD_T)

    result = ingest(review, "--id", "anyshire-child-t")

    assert result.code == 0, result.err
    draft = yaml.safe_load(Path(result.last_line).read_text(encoding="utf-8"))
    assert schema_problems(draft) == []
    assert draft["title"] == "Local Child Safeguarding Practice Review: Child T"
    assert draft["published"] == "2024-02-09"
    assert draft["publisher"] == "Anyshire Safeguarding Children Partnership"
    recommendations = draft["recommendations"]
    assert [r["number"] for r in recommendations] == ["1", "2"]
    assert recommendations[1]["source_text"].startswith("The Partnership should seek assurance")
    assert recommendations[0]["cite"]["section"] == "Recommendations"
    assert [f["cite"]["section"] for f in draft["findings"]] == ["Key findings"] * 2
    assert draft["board_response"][0]["source_text"].startswith("A practice briefing")
    if fmt == "pdf":
        assert recommendations[0]["cite"]["page"] == 1
        assert draft["ingested_from"]["pages"] == 1


def test_html_chrome_is_left_out(tmp_path):
    page = write_html(tmp_path / "child-t.html", CHILD_T)
    document = read_document(page)
    assert "cookies" not in document.text
    assert "Recommendations from all reviews" not in document.text
    assert "Related pages" not in document.text
    assert "1 January 2020" not in document.text
    assert document.meta["title"] == "Local Child Safeguarding Practice Review: Child T"


def _long_review(paragraphs: int) -> list[Part]:
    parts = [Part("title", "Thematic Review of Neglect in Anyshire"), Part("h1", "Findings")]
    for n in range(1, paragraphs + 1):
        parts.append(
            Part(
                "p",
                f"Finding number {n} of the fictional review: practitioners in team {n} saw "
                "the home conditions but did not record what daily life was like for the "
                "children, and managers did not ask them to.",
            )
        )
    return parts


def test_pdf_two_columns_are_read_in_order_without_headers_or_page_numbers(tmp_path):
    pdf = write_pdf(tmp_path / "neglect.pdf", _long_review(70), columns=2)
    document = read_document(pdf)

    assert document.pages and document.pages >= 3
    numbers = [
        int(b.text.split()[2]) for b in document.blocks if b.text.startswith("Finding number")
    ]
    assert numbers == list(range(1, 71)), "columns read across or out of order"
    assert "Child T review" not in document.text  # the running header, on every page
    assert "Page 2" not in document.text


def test_a_paragraph_crossing_a_page_reads_as_one(tmp_path):
    long_paragraph = " ".join(
        f"Sentence {n} of a long fictional paragraph about information sharing."
        for n in range(1, 90)
    )
    parts = [Part("title", "Child W review"), Part("h1", "Findings"), Part("p", long_paragraph)]
    document = read_document(write_pdf(tmp_path / "w.pdf", parts))
    assert document.pages == 2
    assert long_paragraph in " ".join(document.text.split())
    assert [b.text for b in document.blocks if b.kind == "paragraph"] == [long_paragraph]


def test_words_broken_by_a_line_end_hyphen_are_rejoined(tmp_path):
    parts = [
        Part("title", "Child V review"),
        Part("h1", "Findings"),
        Part(
            "p",
            "Everyone working in safe-<br/>guarding shares the duty. "
            "Multi-<br/>agency work matters.",
        ),
    ]
    document = read_document(write_pdf(tmp_path / "v.pdf", parts))
    assert "working in safeguarding shares the duty." in document.text.replace("\n", " ")
    assert "Multi-agency work matters." in document.text.replace("\n", " ")
    assert "safeguarding" in document.rejoined


def test_a_contents_page_gives_no_recommendations(ingest, tmp_path):
    parts = [
        Part("title", "Serious Case Review: Family Rowan"),
        Part("p", "Contents"),
        Part("p", "1 Introduction .......... 3"),
        Part("p", "2 Findings .......... 5"),
        Part("p", "3 Recommendations .......... 12"),
        Part("h1", "Introduction"),
        Part(
            "p",
            "It was recommended to the Chair that the case met the criteria for a serious "
            "case review, and the Chair agreed.",
        ),
        Part("h1", "Recommendations"),
        Part("number", "The Board should review its neglect strategy within six months."),
    ]
    result = ingest(write_docx(tmp_path / "rowan.docx", parts), "--id", "family-rowan")
    draft = yaml.safe_load(Path(result.last_line).read_text(encoding="utf-8"))
    assert [r["source_text"] for r in draft["recommendations"]] == [
        "The Board should review its neglect strategy within six months."
    ]
    assert "published" not in draft  # no date is stated, so none is given
