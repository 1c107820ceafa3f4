""" "Did you mean": the names closest to what was typed, letter by letter.

Used when a lookup finds nothing, often because a word is too far from any
word the knowledge uses for spelling correction ("abscndnig"), or words are run
together or split ("hand over", "disguisedcompliance"). Names are compared by
the three-letter pieces they share (Dice similarity over trigrams), which
needs no word boundaries, and only the names sharing a piece with the query
are looked at. In a knowledge base many times today's, a common piece (" ch")
is in hundreds of thousands of names: the query's rarest pieces are then
counted first, up to :data:`PIECES_BUDGET` names' worth, and the names sharing
most of them are compared with the query in full, so the cost stays bounded.

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
#: About how many (name, piece) pairs one look counts before comparing only the
#: names sharing the most pieces so far (today's knowledge never comes near it)...
PIECES_BUDGET = 20_000
#: ...and how many of those names are then compared in full.
COMPARED = 100


def trigrams(text: str) -> list[str]:
    """Three-letter pieces of the text with spaces removed, padded at the ends."""
    squeezed = f" {text.replace(' ', '')} "
    return [squeezed[i : i + 3] for i in range(len(squeezed) - 2)]


class NameMatcher:
    """Finds the items whose names are most like a piece of text."""

    def __init__(self, names: Mapping[str, Sequence[str]]) -> None:
        self._entries: list[tuple[str, int]] = []
        #: Each entry's name, cleaned, to compare it in full.
        self._texts: list[str] = []
        self._postings: dict[str, list[int]] = {}
        for key, options in names.items():
            for option in options:
                text = clean_text(option, limit=MAX_CHARS)
                grams = Counter(trigrams(text))
                if not grams:
                    continue
                entry = len(self._entries)
                self._entries.append((key, sum(grams.values())))
                self._texts.append(text)
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
        counted = 0
        # The rarest pieces first: they say most, and cost least to count.
        pieces = sorted(wanted.items(), key=lambda item: len(self._postings.get(item[0], ())))
        for place, (gram, count) in enumerate(pieces):
            postings = self._postings.get(gram, ())
            if place and counted + len(postings) > PIECES_BUDGET:
                # Too common to count for every name: compare the names sharing
                # the most pieces so far with the query in full.
                likeliest = [entry for entry, _ in shared.most_common(COMPARED)]
                shared = Counter({e: self._overlap(e, wanted) for e in likeliest})
                break
            counted += len(postings)
            _count(shared, postings, count)
        best: dict[str, float] = {}
        for entry, overlap in shared.items():
            key, length = self._entries[entry]
            score = 2 * overlap / (size + length)
            if score >= threshold and score > best.get(key, 0.0):
                best[key] = score
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]

    def _overlap(self, entry: int, wanted: Counter[str]) -> int:
        """The pieces entry ``entry`` shares with ``wanted``, counted as
        :meth:`closest` counts them (see :func:`_count`)."""
        total = 0
        for gram, found in Counter(trigrams(self._texts[entry])).items():
            count = wanted.get(gram, 0)
            if count:
                total += found if count == 1 else min(found, count)
        return total


def _count(shared: Counter[int], postings: Sequence[int], count: int) -> None:
    """Add to ``shared`` the pieces each entry in ``postings`` (one listing per
    time the piece is in its name) shares with a query holding the piece
    ``count`` times."""
    if count == 1:
        shared.update(postings)
    else:
        # A piece twice in the query matches at most twice in a name.
        per_entry = Counter(postings)
        shared.update({e: min(n, count) for e, n in per_entry.items()})
