"""Spelling correction against the knowledge's own vocabulary.

A word the knowledge never uses ("disgised", "curiousity", "proffesional") is
replaced by the closest word it does use. A real word is never "corrected",
even one the knowledge lacks ("today" is not a slip for "two-day"): a word of
the vocabulary, or of a list of common English words (``english_words.txt``,
from SCOWL), is what the person meant. Candidates come from a symmetric
delete table (every word with one letter dropped), which finds words within
two edits in a few dictionary look-ups rather than by comparing against the
whole vocabulary; each candidate is then checked with a true edit distance.

Example::

    speller = Speller({"professional": 12, "curiosity": 9})
    speller.correct("proffesional")    # 'professional'
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from pathlib import Path

#: Words shorter than this are never corrected: too many real words are near
#: them ("hand" is one slip from "hard"), so a guess would often be wrong.
MIN_LENGTH = 5
#: Nor longer than this: no word in the knowledge is, so nothing could be close.
MAX_LENGTH = 30
#: Common English words, one a line (lines starting with # are its notice).
ENGLISH_WORDS = Path(__file__).with_name("english_words.txt")


@functools.cache
def english_words() -> frozenset[str]:
    """The common English words the speller leaves alone (read once, on first use)."""
    lines = ENGLISH_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def max_edits(word: str) -> int:
    """How many edits a word of this length may be away from its correction: two
    only for long words, where two slips still leave the word recognisable."""
    return 1 if len(word) <= 8 else 2


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit),
    giving up early with ``limit + 1`` once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous_previous[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


class Speller:
    """Corrects words to the closest word of a vocabulary (word -> count)."""

    def __init__(self, vocabulary: Mapping[str, int]) -> None:
        self.vocabulary = vocabulary
        self._table: dict[str, list[str]] | None = None
        self._lock = threading.Lock()

    def _lookup_table(self) -> dict[str, list[str]]:
        # Built on first use: most lookups are spelt right and never need it,
        # and it keeps the bot's start quick.
        table = self._table
        if table is None:
            with self._lock:
                if self._table is None:
                    built: dict[str, list[str]] = {}
                    for word in self.vocabulary:
                        if len(word) < MIN_LENGTH - 1 or not word.isalpha():
                            continue
                        for variant in _deletes(word) | {word}:
                            built.setdefault(variant, []).append(word)
                    self._table = built
                table = self._table
        return table

    def prepare(self) -> None:
        """Build the look-up table and read the English words now rather than at the
        first correction."""
        self._lookup_table()
        english_words()

    def knows(self, word: str) -> bool:
        return word in self.vocabulary

    def correct(self, word: str) -> str | None:
        """The best correction for ``word``, or None when it is known, a real
        English word, too short, not a word, or has no close match."""
        if not MIN_LENGTH <= len(word) <= MAX_LENGTH or not word.isalpha():
            return None
        if word in self.vocabulary or word in english_words():
            return None
        table = self._lookup_table()
        limit = max_edits(word)
        candidates: set[str] = set()
        for variant in _deletes(word) | {word}:
            candidates.update(table.get(variant, ()))
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            # Keep the first letter: people rarely mistype it, and it halves false fixes.
            if candidate[0] != word[0]:
                continue
            distance = edit_distance(word, candidate, limit)
            if distance > limit:
                continue
            rank = (distance, -self.vocabulary.get(candidate, 0), candidate)
            if best is None or rank < best:
                best = rank
        return best[2] if best else None
