"""Scored postings: what each clause of a lookup scores in each document, kept.

For one build of the index, what a term (or a phrase) scores in a document never
changes: BM25F depends only on the term's counts and the documents' lengths.
Whoosh works those scores out again, posting by posting in Python, on every
lookup, and joins the clauses by clearing and scanning a 2,048-slot array per
block of documents; on the real knowledge that was about 80% of a lookup
(profiled with cProfile over the dev set). :class:`ScoredPostings` reads each
clause's scores through whoosh's own matchers the first time it is searched and
keeps them, so a later lookup only adds up numbers.

The totals are exactly whoosh's: the same scores, multiplied by the same boosts
and summed in the same order as its ``PreloadedOr`` does, and ranked as its
collector ranks them (higher score first, then lower document number).

One belongs to one snapshot (one build), so a reload starts afresh. What it
keeps is bounded by :data:`CAPACITY` postings, the least recently used clause
going first, so a large knowledge base keeps its common clauses and reads the
rare ones again.

Example::

    postings = ScoredPostings()
    with ix.searcher(weighting=BM25F()) as searcher:
        totals = postings.score(Or([Term("head", "neglect"), Term("body", "neglect")]), searcher)
        best = postings.top(totals, 40)           # [(docnum, score), ...]
"""

from __future__ import annotations

import heapq
import threading
from array import array
from collections import OrderedDict
from collections.abc import Hashable, Mapping

from whoosh import query as wq
from whoosh.searching import Searcher

#: The most postings kept (about 12 bytes each): every posting of a knowledge
#: base many times today's, and the common clauses of a far larger one.
CAPACITY = 1_000_000
#: A knowledge base with at most this many postings has all of them read when
#: the snapshot is warmed (today's has about 14,000: a tenth of a second).
PREFILL_LIMIT = 50_000

_Scores = tuple["array[int]", "array[float]"]


def _identity(clause: wq.Query) -> Hashable | None:
    """What a clause is, apart from its boost: its kind, field and words; None for
    a kind of clause this does not know, which is then read afresh each time."""
    if type(clause) is wq.Term:
        return ("term", clause.fieldname, clause.text)
    if type(clause) is wq.Phrase:
        return ("phrase", clause.fieldname, tuple(clause.words), clause.slop)
    return None


def _unboosted(clause: wq.Query) -> wq.Query:
    """The same clause with a boost of 1 (what is read and kept)."""
    if type(clause) is wq.Phrase:
        return wq.Phrase(clause.fieldname, list(clause.words), slop=clause.slop)
    return wq.Term(clause.fieldname, clause.text)


def read(clause: wq.Query, searcher: Searcher) -> _Scores:
    """Every document ``clause`` matches and its score there, through whoosh's own
    matchers (document numbers rising, as whoosh's collector visits them)."""
    documents: array[int] = array("i")
    scores: array[float] = array("d")
    for leaf, offset in searcher.leaf_searchers():
        matcher = clause.matcher(leaf)
        while matcher.is_active():
            documents.append(matcher.id() + offset)
            scores.append(matcher.score())
            matcher.next()
    return documents, scores


class ScoredPostings:
    """Each clause's scores for one index, read once; safe to share between threads."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[Hashable, _Scores] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many postings are kept."""
        return self._held

    def clause(self, clause: wq.Query, searcher: Searcher) -> tuple[_Scores, float]:
        """A clause's documents and unboosted scores, and the boost to apply."""
        identity = _identity(clause)
        if identity is None:
            return read(clause, searcher), 1.0
        with self._lock:
            found = self._entries.get(identity)
            if found is not None:
                self._entries.move_to_end(identity)
                return found, clause.boost
        # Read outside the lock: two threads may read the same clause at once,
        # which costs a little, where a lock would hold up every lookup.
        scores = read(_unboosted(clause), searcher)
        self._keep(identity, scores)
        return scores, clause.boost

    def kept(self, clause: wq.Query) -> _Scores | None:
        """A clause's documents and unboosted scores if they are kept; None
        (without reading anything) if not."""
        identity = _identity(clause)
        if identity is None:
            return None
        with self._lock:
            return self._entries.get(identity)

    def _keep(self, identity: Hashable, scores: _Scores) -> None:
        size = len(scores[0])
        if size > self.capacity:
            return
        with self._lock:
            if identity in self._entries:
                return
            self._entries[identity] = scores
            self._held += size
            while self._held > self.capacity:
                _, (dropped, _) = self._entries.popitem(last=False)
                self._held -= len(dropped)

    def score(self, query: wq.Query, searcher: Searcher) -> dict[int, float]:
        """Document number -> total score for ``query`` (a term, a phrase, or an
        ``Or`` of them), as whoosh would score it; only documents scoring above 0."""
        if isinstance(query, wq.Or) and len(query.subqueries) > 1:
            clauses, outer = list(query.subqueries), query.boost
        elif isinstance(query, wq.Or):
            # Whoosh matches a one-clause Or as that clause alone.
            clauses, outer = list(query.subqueries), 1.0
        else:
            clauses, outer = [query], 1.0
        totals: dict[int, float] = {}
        get = totals.get
        for clause in clauses:
            (documents, scores), boost = self.clause(clause, searcher)
            if boost == 1.0 and outer == 1.0:
                for document, score in zip(documents, scores, strict=True):
                    totals[document] = get(document, 0.0) + score
            else:
                # The same arithmetic as whoosh: (score x clause boost) x Or boost.
                for document, score in zip(documents, scores, strict=True):
                    totals[document] = get(document, 0.0) + score * boost * outer
        return {document: total for document, total in totals.items() if total > 0}

    @staticmethod
    def top(totals: Mapping[int, float], limit: int) -> list[tuple[int, float]]:
        """The ``limit`` best (document, score) pairs: higher score first, then
        lower document number, as whoosh's collector ranks them."""
        return heapq.nsmallest(limit, totals.items(), key=lambda item: (-item[1], item[0]))

    def prefill(
        self, searcher: Searcher, frequencies: Mapping[str, Mapping[str, int]], limit: int
    ) -> bool:
        """Read every term of every field now, if they hold at most ``limit``
        postings in all (``frequencies``: field -> term -> documents); whether it did."""
        total = sum(sum(counts.values()) for counts in frequencies.values())
        if total > min(limit, self.capacity):
            return False
        for field, counts in frequencies.items():
            for term in counts:
                self.clause(wq.Term(field, term), searcher)
        return True
