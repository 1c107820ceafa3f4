""" "Did you mean": the names closest to what was typed, letter by letter.

Used when a lookup finds nothing, often because a word is too far from any
word the knowledge uses for spelling correction ("abscndnig"), or words are run
together or split ("hand over", "disguisedcompliance"). Names are compared by
the three-letter pieces they share (Dice similarity over trigrams), which
needs no word boundaries, and only the names sharing a piece with the query
are looked at, so the cost grows with the query rather than the knowledge.

Example::

    names = NameMatcher({"theme:team-handover": ["Handover between teams"]})
    names.closest("hand over betwen teams")   # [('theme:team-handover', 0.7...)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from index.analysis import clean_text

#: Only the start of a query is compared: suggestions for a pasted page mean nothing.
MAX_CHARS = 60
#: How alike (0 to 1) a name must be to be suggested.
THRESHOLD = 0.45


def trigrams(text: str) -> list[str]:
    """Three-letter pieces of the text with spaces removed, padded at the ends."""
    squeezed = f" {text.replace(' ', '')} "
    return [squeezed[i : i + 3] for i in range(len(squeezed) - 2)]


class NameMatcher:
    """Finds the items whose names are most like a piece of text."""

    def __init__(self, names: Mapping[str, Sequence[str]]) -> None:
        self._entries: list[tuple[str, int]] = []
        self._postings: dict[str, list[int]] = {}
        for key, options in names.items():
            for option in options:
                grams = Counter(trigrams(clean_text(option, limit=MAX_CHARS)))
                if not grams:
                    continue
                entry = len(self._entries)
                self._entries.append((key, sum(grams.values())))
                for gram, count in grams.items():
                    self._postings.setdefault(gram, []).extend([entry] * count)

    def closest(
        self, text: str, limit: int = 5, threshold: float = THRESHOLD
    ) -> list[tuple[str, float]]:
        """Up to ``limit`` (key, similarity) pairs, most alike first."""
        wanted = Counter(trigrams(clean_text(text, limit=MAX_CHARS)))
        size = sum(wanted.values())
        if size < 3:
            return []
        shared: Counter[int] = Counter()
        for gram, count in wanted.items():
            postings = self._postings.get(gram, ())
            if count == 1:
                shared.update(postings)
            else:
                # A piece twice in the query matches at most twice in a name.
                per_entry = Counter(postings)
                shared.update({e: min(n, count) for e, n in per_entry.items()})
        best: dict[str, float] = {}
        for entry, overlap in shared.items():
            key, length = self._entries[entry]
            score = 2 * overlap / (size + length)
            if score >= threshold and score > best.get(key, 0.0):
                best[key] = score
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
