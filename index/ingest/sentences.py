"""Splitting a paragraph into sentences, minding abbreviations."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs dr mr mrs ms prof no nos p pp para cf approx fig st mt al ch s sec".split()
)


def split_sentences(text: str) -> list[str]:
    """``"He left. She stayed."`` -> ``["He left.", "She stayed."]``; "e.g. the GP" stays whole."""
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()].rstrip()
        last_word = re.split(r"\s", before)[-1].rstrip(".").lower() if before else ""
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        pieces.append(text[start : match.start()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return [p for p in pieces if p]
