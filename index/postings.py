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

import bisect
import heapq
import threading
from array import array
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Mapping

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching import Matcher
from whoosh.scoring import BM25FScorer
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

#: The most postings kept (about 12 bytes each, 16 in a large clause): every
#: posting of a knowledge base many times today's, and the common clauses of
#: a far larger one (about 100 MB at most).
CAPACITY = 8_000_000
#: A clause matching more documents than this is *large*: its documents are
#: also kept best first, so a lookup adds up only its best few (see
#: :meth:`ScoredPostings.best`) rather than every one.
LARGE = 2048
#: How many of a large clause's best documents are kept in order: more than
#: any lookup asks for.
BEST_KEPT = 256
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


def read(clause: wq.Query, searcher: Searcher, lengths: FieldLengths | None = None) -> _Scores:
    """Every document ``clause`` matches and its score there, through whoosh's own
    matchers (document numbers rising, as whoosh's collector visits them).

    A term's postings are read a block at a time (see :func:`_read_blocks`);
    anything else posting by posting, as whoosh's collector reads them."""
    documents: array[int] = array("i")
    scores: array[float] = array("d")
    for leaf, offset in searcher.leaf_searchers():
        matcher = clause.matcher(leaf)
        if _read_blocks(matcher, leaf, offset, lengths, documents, scores):
            continue
        while matcher.is_active():
            documents.append(matcher.id() + offset)
            scores.append(matcher.score())
            matcher.next()
    return documents, scores


class FieldLengths:
    """Each document's encoded length in each field, one segment and field at a
    time, read whole when first wanted (a byte per document: 300 KB for 300,000
    documents). Whoosh reads a document's length from disk for every posting it
    scores, which was most of the time a term's postings took to read."""

    def __init__(self) -> None:
        self._bytes: dict[tuple[str, str], bytes] = {}
        self._lock = threading.Lock()

    def of(self, leaf: Searcher, field: str) -> bytes | None:
        """Field ``field``'s length byte for each document of the one-segment
        ``leaf``; None if this whoosh keeps them in a way not known here."""
        reader = leaf.reader()
        segment = reader.segment()
        if segment is None:
            return None
        key = (segment.segment_id(), field)
        found = self._bytes.get(key)
        if found is not None:
            return found
        column = _length_column(reader, field)
        if column is None:
            return None
        with self._lock:
            self._bytes[key] = column
        return column


def _length_column(reader: object, field: str) -> bytes | None:
    """The length byte of every document in a segment's ``field``, read at once
    from whoosh's lengths column (a byte per document, trailing zeros left out
    when written); None when the reader is not whoosh 2.7's segment reader."""
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, W3PerDocReader):
        return None
    column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None or not isinstance(column, NumericColumn.Reader) or column._fixedlen != 1:
        return None
    stored = column._count
    data = bytes(column._dbfile.get(column._basepos, stored)) if stored else b""
    return data + bytes(perdoc.doc_count_all() - len(data))


def _read_blocks(
    matcher: Matcher,
    leaf: Searcher,
    offset: int,
    lengths: FieldLengths | None,
    documents: array[int],
    scores: array[float],
) -> bool:
    """Read a term's postings and their BM25F scores a block at a time; whether it
    could (else nothing was read). Each score is whoosh's own, from the scorer
    whoosh made for the term: the same weight and field length given to the
    same function, worked out once for each pair that occurs."""
    if lengths is None or type(matcher) is not W3LeafMatcher:
        return False
    scorer = matcher.scorer
    term = matcher.term()
    if type(scorer) is not BM25FScorer or term is None:
        return False
    field_lengths = lengths.of(leaf, term[0])
    if field_lengths is None:
        return False
    score = scorer._score
    known: dict[tuple[float, int], float] = {}
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        for document, weight in zip(matcher._ids, matcher._weights, strict=True):
            encoded = field_lengths[document]
            found = known.get((weight, encoded))
            if found is None:
                # As whoosh's searcher gives a document's field length.
                length = byte_to_length(encoded) if encoded else None
                found = known[(weight, encoded)] = score(weight, length)
            documents.append(document + offset)
            scores.append(found)
        matcher._next_block()
    return True


class ScoredPostings:
    """Each clause's scores for one index, read once; safe to share between threads."""

    def __init__(self, capacity: int = CAPACITY, large: int = LARGE) -> None:
        self.capacity = capacity
        self.large = large
        self._entries: OrderedDict[Hashable, _Scores] = OrderedDict()
        #: A large clause's best places (see :meth:`best`), by its identity.
        self._ranked: dict[Hashable, array[int]] = {}
        self._held = 0
        self._lock = threading.Lock()
        self._lengths = FieldLengths()

    def __len__(self) -> int:
        """How many postings are kept."""
        return self._held

    def clause(self, clause: wq.Query, searcher: Searcher) -> tuple[_Scores, float]:
        """A clause's documents and unboosted scores, and the boost to apply."""
        identity = _identity(clause)
        if identity is None:
            return read(clause, searcher, self._lengths), 1.0
        with self._lock:
            found = self._entries.get(identity)
            if found is not None:
                self._entries.move_to_end(identity)
                return found, clause.boost
        # Read outside the lock: two threads may read the same clause at once,
        # which costs a little, where a lock would hold up every lookup.
        scores = read(_unboosted(clause), searcher, self._lengths)
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
                dropped, (documents, _) = self._entries.popitem(last=False)
                self._ranked.pop(dropped, None)
                self._held -= len(documents)

    def _best_places(self, clause: wq.Query, scores: _Scores, most: int) -> array[int] | None:
        """The places in ``scores`` of the clause's ``most`` best documents, best
        first (higher score, then lower document number: whoosh's order), worked
        out once for a kept clause; None if ``most`` is more than is kept."""
        if most > BEST_KEPT:
            return None
        identity = _identity(clause)
        ranked = self._ranked.get(identity) if identity is not None else None
        if ranked is None:
            values = scores[1]
            # Stable: of equal scores, the lower place (document) comes first.
            best = sorted(range(len(values)), key=values.__getitem__, reverse=True)
            ranked = array("i", best[:BEST_KEPT])
            if identity is not None and self.kept(clause) is scores:
                with self._lock:
                    self._ranked[identity] = ranked
        return ranked[:most]

    def score(self, query: wq.Query, searcher: Searcher) -> dict[int, float]:
        """Document number -> total score for ``query`` (a term, a phrase, or an
        ``Or`` of them), as whoosh would score it; only documents scoring above 0."""
        clauses, outer = _parts(query)
        parts = [self.clause(clause, searcher) for clause in clauses]
        return _totals(parts, outer)

    def best(self, query: wq.Query, searcher: Searcher, limit: int) -> list[tuple[int, float]]:
        """The ``limit`` best (document, total) pairs for ``query``: exactly
        ``top(score(query, searcher), limit)``, without adding up every document
        of its largest clause when that is large.

        Every total is at least what its document scores in any one clause (the
        scores are positive), so a document only the largest clause matches, and
        not among that clause's ``limit`` best, is behind ``limit`` documents
        that are: only those, and the documents of the other clauses, are added
        up, each in full and in whoosh's order."""
        clauses, outer = _parts(query)
        parts = [self.clause(clause, searcher) for clause in clauses]
        sizes = [len(documents) for (documents, _), _ in parts]
        largest = max(range(len(parts)), key=sizes.__getitem__, default=0)
        if not parts or sizes[largest] <= self.large:
            return self.top(_totals(parts, outer), limit)
        (documents, scores), boost = parts[largest]
        places = self._best_places(clauses[largest], (documents, scores), limit)
        if places is None:
            return self.top(_totals(parts, outer), limit)
        wanted = {documents[place] for place in places}
        for index, ((others, _), _) in enumerate(parts):
            if index != largest:
                wanted.update(others)
        totals: dict[int, float] = {}
        for index, ((others, values), clause_boost) in enumerate(parts):
            if index != largest:
                _add(totals, others, values, clause_boost, outer)
                continue
            # The large clause, in its place among the others: its score for
            # each wanted document it matches, found by halving.
            found = array("i")
            found_scores = array("d")
            for document in sorted(wanted):
                at = bisect.bisect_left(documents, document)
                if at < len(documents) and documents[at] == document:
                    found.append(document)
                    found_scores.append(scores[at])
            _add(totals, found, found_scores, boost, outer)
        return self.top({d: t for d, t in totals.items() if t > 0}, limit)

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

    def read_ahead(self, searcher: Searcher, clauses: Iterable[wq.Query], limit: int) -> int:
        """Read ``clauses`` now, in order, and the best documents of the large
        ones, until ``limit`` postings are kept; how many clauses were read."""
        done = 0
        for clause in clauses:
            if len(self) >= min(limit, self.capacity):
                break
            scores, _ = self.clause(clause, searcher)
            if len(scores[0]) > self.large:
                self._best_places(clause, scores, BEST_KEPT)
            done += 1
        return done


def _parts(query: wq.Query) -> tuple[list[wq.Query], float]:
    """A query's clauses and the boost of the ``Or`` joining them."""
    if isinstance(query, wq.Or) and len(query.subqueries) > 1:
        return list(query.subqueries), query.boost
    if isinstance(query, wq.Or):
        # Whoosh matches a one-clause Or as that clause alone.
        return list(query.subqueries), 1.0
    return [query], 1.0


def _add(
    totals: dict[int, float],
    documents: array[int],
    scores: array[float],
    boost: float,
    outer: float,
) -> None:
    """Add one clause's scores to ``totals``, as whoosh does: (score x clause
    boost) x ``Or`` boost, in that order (floating point is not associative)."""
    get = totals.get
    if boost == 1.0 and outer == 1.0:
        for document, score in zip(documents, scores, strict=True):
            totals[document] = get(document, 0.0) + score
    else:
        for document, score in zip(documents, scores, strict=True):
            totals[document] = get(document, 0.0) + score * boost * outer


def _totals(parts: list[tuple[_Scores, float]], outer: float) -> dict[int, float]:
    """Document -> total over every clause, as whoosh adds them up."""
    totals: dict[int, float] = {}
    for (documents, scores), boost in parts:
        _add(totals, documents, scores, boost, outer)
    return {document: total for document, total in totals.items() if total > 0}
