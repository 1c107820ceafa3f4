"""A hand-written draft in the shape ``scrbot ingest`` writes (see
:mod:`index.ingest.draft`), already reviewed or not, with its kept source and
sources.yaml entry, for tests that should not depend on extraction. Fictional."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DRAFT_ID = "millbrook-child-heron"
TITLE = "Rapid Review: Child Heron"
SUMMARY = (
    "Child Heron, aged four, was taken to hospital with burns from a kettle after several "
    "missed health visits."
)
FINDING = (
    "The health visiting service closed the case after three missed visits without speaking "
    "to the nursery."
)
RECOMMENDATION = (
    "Health visitors should check with a child's nursery before closing a case for missed visits."
)
SOURCE_TEXT = "\n".join(
    [
        TITLE,
        "Millbrook Safeguarding Partnership",
        "",
        "Summary of the case",
        SUMMARY,
        "",
        "Findings",
        FINDING,
        "",
        "Recommendations",
        f"1. {RECOMMENDATION}",
        "",
    ]
)


def _cite(section: str) -> dict[str, Any]:
    return {"source": DRAFT_ID, "within": TITLE, "section": section}


def draft(*, reviewed: bool) -> dict[str, Any]:
    """The draft, as ingest leaves it (``reviewed=False``) or after a review."""
    finding, recommendation, summary = FINDING, RECOMMENDATION, SUMMARY
    data: dict[str, Any] = {
        "kind": "case",
        "status": "draft",
        "id": DRAFT_ID,
        "title": TITLE,
        "source": DRAFT_ID,
        "publisher": "Millbrook Safeguarding Partnership",
        "sections": [{"heading": "Findings", "level": 2}],
        "case_summary": [
            {
                "source_text": summary,
                "text": summary,
                "text_from_source": True,
                "cite": _cite("Summary of the case"),
            }
        ],
        "findings": [
            {
                "source_text": finding,
                "text": finding,
                "text_from_source": True,
                "cite": _cite("Findings"),
                "themes": [{"theme": "professional-curiosity", "score": 1.2}],
            }
        ],
        "recommendations": [
            {
                "number": "1",
                "source_text": recommendation,
                "text": recommendation,
                "text_from_source": True,
                "cite": _cite("Recommendations"),
            }
        ],
        "quotations": [
            {"quote": "closed the case after three missed visits", "cite": _cite("Findings")}
        ],
        "suggested_themes": [{"theme": "professional-curiosity", "best_score": 1.2, "items": 1}],
        "glossary_candidates": [],
    }
    if reviewed:
        data["headline"] = (
            "A small child was burnt at home after missed visits led to the case being closed."
        )
        data["case_summary"][0].update(
            text="A four-year-old was burnt by a kettle at home; health visits had been missed.",
            text_from_source=False,
        )
        data["findings"][0].update(
            text="Health visiting closed the case over missed visits and never asked the nursery "
            "how the child was.",
            text_from_source=False,
            quote="closed the case after three missed visits",
        )
        data["recommendations"][0].update(
            text="Before closing a case for missed visits, ask the nursery how the child is.",
            text_from_source=False,
        )
        data["themes"] = [
            {
                "theme": "professional-curiosity",
                "how": "Nobody asked the nursery why the visits were being missed.",
                "cite": {"source": DRAFT_ID, "section": "Findings"},
            },
            {
                "theme": "chronic-neglect",
                "how": "Missed health visits went on until a small child was hurt at home.",
                "vignette": "A four-year-old missed several health visits and the case was "
                "closed. Weeks later the child was burnt by a kettle at home.",
                "cite": {"source": DRAFT_ID, "section": "Summary of the case"},
            },
        ]
        data["quotations"] = []
        data["suggested_themes"] = []
    return data


def write_draft(own: Path, *, reviewed: bool = True, **changes: Any) -> Path:
    """The draft, its kept source and its sources.yaml entry in the folder ``own``."""
    (own / "sources").mkdir(parents=True, exist_ok=True)
    (own / "drafts").mkdir(parents=True, exist_ok=True)
    (own / "sources" / f"{DRAFT_ID}.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    sources = {
        "kind": "sources",
        "sources": [
            {
                "id": DRAFT_ID,
                "title": TITLE,
                "publisher": "Millbrook Safeguarding Partnership",
                "year": None,
                "kind": "published review",
                "file": f"{DRAFT_ID}.txt",
            }
        ],
    }
    (own / "sources.yaml").write_text(yaml.safe_dump(sources, sort_keys=False), encoding="utf-8")
    data = {**draft(reviewed=reviewed), **changes}
    path = own / "drafts" / f"{DRAFT_ID}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
