"""Glossary candidates: acronyms the text defines, as "Multi-agency Safeguarding
Hub (MASH)" or "MASH (Multi-agency Safeguarding Hub)"."""

from __future__ import annotations

import re

from index.ingest.blocks import Block

_AFTER = re.compile(r"\(([A-Z][A-Za-z&]{1,9}s?)\)")
_BEFORE = re.compile(r"\b([A-Z][A-Z&]{1,9})\s+\(([A-Z][^()]{5,90})\)")
_MINOR = frozenset("of and for the in to on with at a &".split())


def _initials(words: list[str]) -> list[str]:
    letters: list[str] = []
    for word in words:
        for part in re.split(r"[-/]", word):
            if part and part.lower() not in _MINOR:
                letters.append(part[0].upper())
    return letters


def _expansion_before(text: str, start: int, acronym: str) -> str | None:
    letters = [c for c in acronym if c.isupper()]
    words = re.findall(r"[A-Za-z][\w'’-]*", text[:start])[-(len(letters) + 4) :]
    for first in range(len(words) - 1, -1, -1):
        tail = words[first:]
        if _initials(tail) == letters and tail[0][0].upper() == letters[0]:
            return " ".join(tail)
    return None


def glossary_candidates(blocks: list[Block]) -> list[tuple[str, str, Block]]:
    """(acronym, expansion, block where it is defined), first definition of each."""
    found: dict[str, tuple[str, str, Block]] = {}
    for block in blocks:
        for match in _AFTER.finditer(block.text):
            acronym = match.group(1)
            if acronym in found or sum(c.isupper() for c in acronym) < 2:
                continue
            expansion = _expansion_before(block.text, match.start(), acronym.rstrip("s"))
            if expansion:
                found[acronym] = (acronym, expansion, block)
        for match in _BEFORE.finditer(block.text):
            acronym, expansion = match.group(1), match.group(2).strip()
            if acronym not in found and _initials(expansion.split()) == [
                c for c in acronym if c.isupper()
            ]:
                found[acronym] = (acronym, expansion, block)
    return list(found.values())
