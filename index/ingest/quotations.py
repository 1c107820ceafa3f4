"""Candidate quotations: short spans that are word for word in the source.

Words the source itself puts in quotation marks (a child's own words) come
first, then short sentences from the findings, learning and recommendations, one
section at a time so the candidates spread across the document. Every span is
checked against the kept source text (white space aside) before it is offered;
spans crossing a rejoined line-end hyphen are left out.
"""

from __future__ import annotations

import re

from index.ingest.blocks import Document
from index.ingest.items import Item
from index.ingest.sentences import split_sentences

MIN_WORDS = 5
MAX_WORDS = 30
MAX_QUOTATIONS = 15
_QUOTED = re.compile(r"[“\"]([^“”\"]{10,300})[”\"]")
_FROM = ("key_learning", "findings", "recommendations", "good_practice", "case_summary")


def _spaced(text: str) -> str:
    return " ".join(text.split())


def candidate_quotations(document: Document, items: list[Item]) -> list[tuple[str, Item]]:
    """Up to :data:`MAX_QUOTATIONS` (span, item it comes from), each verbatim in the source."""
    source = _spaced(document.text)
    seen: set[str] = set()
    chosen: list[tuple[str, Item]] = []

    def offer(span: str, item: Item) -> None:
        span = span.strip().strip('"“”').strip()
        words = span.split()
        if not MIN_WORDS <= len(words) <= MAX_WORDS or span in seen:
            return
        if any(word.strip(".,;:()'\"").lower() in document.rejoined for word in words):
            return
        if _spaced(span) not in source:
            return
        seen.add(span)
        chosen.append((span, item))

    for item in items:
        for quoted in _QUOTED.findall(item.source_text):
            offer(quoted, item)
    by_section: dict[tuple[str, ...], list[tuple[str, Item]]] = {}
    for category in _FROM:
        for item in items:
            if item.category != category:
                continue
            for sentence in split_sentences(item.source_text):
                by_section.setdefault(item.block.path, []).append((sentence, item))
    rounds = max((len(v) for v in by_section.values()), default=0)
    for position in range(rounds):
        for candidates in by_section.values():
            if len(chosen) >= MAX_QUOTATIONS:
                return chosen
            if position < len(candidates):
                offer(*candidates[position])
    return chosen[:MAX_QUOTATIONS]
