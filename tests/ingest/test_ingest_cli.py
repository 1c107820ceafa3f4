"""``scrbot ingest`` end to end on text formats: the draft, the kept source and
its sources.yaml entry, and what happens on bad input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from index.validation import schema_problems, validate_documents
from tests.ingest.conftest import snapshot

LEARNING_PAGE = """\
# Learning from the review of Child Q

Published: 14 March 2023

Anyshire Safeguarding Children Partnership

## Summary of the case

Child Q, a fictional nine-year-old, lived with her father and his partner.
The family moved house four times in two years.

## Key findings

- Professionals did not see Child Q on her own at any of the home visits.
- The school's concerns about her weight were not shared with the health visitor.

## Recommendations

1. The Partnership should make sure that practitioners see children on their own at home visits.
2. The Partnership should seek assurance that schools share weight concerns with health visitors.

## The Partnership's response

A briefing on seeing children alone was shared with every team in June 2023.
"""


def test_ingest_writes_a_valid_draft_and_keeps_the_source(ingest, knowledge, tmp_path):
    review = tmp_path / "child-q.md"
    review.write_text(LEARNING_PAGE, encoding="utf-8")

    result = ingest(review, "--id", "anyshire-child-q")

    assert result.code == 0, result.err
    draft_path = Path(result.last_line)
    assert draft_path == knowledge / "drafts" / "anyshire-child-q.yaml"
    draft = yaml.safe_load(draft_path.read_text(encoding="utf-8"))
    assert schema_problems(draft) == []
    assert draft["status"] == "draft"
    assert draft["title"] == "Learning from the review of Child Q"
    assert draft["published"] == "2023-03-14"
    assert draft["publisher"] == "Anyshire Safeguarding Children Partnership"
    assert [r["number"] for r in draft["recommendations"]] == ["1", "2"]
    first = draft["recommendations"][0]
    assert first["source_text"].startswith("The Partnership should make sure")
    assert first["text_from_source"] is True
    assert first["cite"] == {
        "source": "anyshire-child-q",
        "within": "Learning from the review of Child Q",
        "section": "Recommendations",
    }
    assert len(draft["findings"]) == 2

    kept = knowledge / "sources" / "anyshire-child-q.txt"
    assert kept.read_text(encoding="utf-8") == LEARNING_PAGE
    sources = yaml.safe_load((knowledge / "sources.yaml").read_text(encoding="utf-8"))
    entry = next(s for s in sources["sources"] if s["id"] == "anyshire-child-q")
    assert entry["original_file"] == "child-q.md"
    assert entry["file"] == "anyshire-child-q.txt"
    assert entry["sha256"] == hashlib.sha256(kept.read_bytes()).hexdigest()
    assert entry["year"] == 2023
    # The knowledge stays valid: the draft is not knowledge until it is approved.
    validate_documents(knowledge)


def test_every_quotation_in_a_draft_is_verbatim_in_the_kept_source(ingest, knowledge, tmp_path):
    review = tmp_path / "child-q.md"
    review.write_text(LEARNING_PAGE, encoding="utf-8")
    result = ingest(review, "--id", "anyshire-child-q")
    draft = yaml.safe_load(Path(result.last_line).read_text(encoding="utf-8"))
    kept = " ".join((knowledge / "sources" / "anyshire-child-q.txt").read_text().split())
    assert draft["quotations"]
    for quotation in draft["quotations"]:
        assert " ".join(quotation["quote"].split()) in kept


def test_theme_links_come_from_the_existing_index(ingest, tmp_path):
    review = tmp_path / "child-q.md"
    review.write_text(LEARNING_PAGE, encoding="utf-8")
    result = ingest(review, "--id", "anyshire-child-q", themes=True)
    draft = yaml.safe_load(Path(result.last_line).read_text(encoding="utf-8"))
    linked = {link["theme"] for rec in draft["recommendations"] for link in rec.get("themes", [])}
    assert "information-sharing" in linked  # schools sharing concerns with health visitors
    assert all(t["best_score"] > 0 for t in draft["suggested_themes"])


def test_an_id_already_taken_is_refused_and_nothing_is_written(ingest, knowledge, tmp_path):
    review = tmp_path / "child-q.md"
    review.write_text(LEARNING_PAGE, encoding="utf-8")
    before = snapshot(knowledge)

    result = ingest(review, "--id", "norfolk-case-z")

    assert result.code == 2
    assert "already in" in result.err and "--id" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert snapshot(knowledge) == before


def test_ingesting_the_same_review_twice_asks_for_another_id(ingest, knowledge, tmp_path):
    review = tmp_path / "child-q.md"
    review.write_text(LEARNING_PAGE, encoding="utf-8")
    assert ingest(review).code == 0
    before = snapshot(knowledge)
    again = ingest(review)
    assert again.code == 2 and "--id" in again.err
    assert snapshot(knowledge) == before


def test_unknown_extension_is_refused(ingest, knowledge, tmp_path):
    review = tmp_path / "child-q.rtf"
    review.write_text(LEARNING_PAGE, encoding="utf-8")
    before = snapshot(knowledge)
    result = ingest(review)
    assert result.code == 2
    assert "'.rtf'" in result.err and ".pdf" in result.err
    assert snapshot(knowledge) == before


def test_an_empty_file_is_refused(ingest, knowledge, tmp_path):
    review = tmp_path / "empty.txt"
    review.write_text("", encoding="utf-8")
    before = snapshot(knowledge)
    result = ingest(review)
    assert result.code == 2 and "empty" in result.err
    assert snapshot(knowledge) == before


def test_a_bad_id_is_refused(ingest, tmp_path):
    review = tmp_path / "child-q.md"
    review.write_text(LEARNING_PAGE, encoding="utf-8")
    result = ingest(review, "--id", "Child Q!")
    assert result.code == 2 and "cannot be an id" in result.err


def test_a_folder_that_cannot_be_written_fails_with_nothing_half_written(
    ingest, knowledge, tmp_path
):
    review = tmp_path / "child-q.md"
    review.write_text(LEARNING_PAGE, encoding="utf-8")
    blocked = tmp_path / "out"
    blocked.write_text("a file where the drafts folder should be", encoding="utf-8")
    before = snapshot(knowledge)
    result = ingest(review, "--out", str(blocked / "drafts"))
    assert result.code == 1
    assert "nothing was written" in result.err
    assert snapshot(knowledge) == before
