"""One consistent view for serving lookups: a build, its knowledge and searchers.

The engine swaps whole snapshots on reload, so a lookup that started on the old
one finishes on it. Whoosh searchers are reused from a small pool (opening one
costs more than most searches) and each is used by one thread at a time. A
retired snapshot closes its searchers as the last lookup using them returns.

Everything a snapshot remembers between lookups — scored postings, document
keys, composed answers and whole responses (:class:`ResponseCache`) — is about
its own build and knowledge, so it lives and dies with the snapshot: a reload,
or a switch to another process's build, starts with none of it by construction.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field

from whoosh import index as whoosh_index
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from index.answers import SearchResponse
from index.builder import Build
from index.compose import Composer
from index.coverage import BODY, NAME, SUMMARY, TopicMap
from index.document_words import DocumentWords
from index.documents import make_key
from index.lexicon import Lexicon
from index.model import Knowledge
from index.postings import PREFILL_LIMIT, ScoredPostings
from index.query import POSTINGS_BUDGET, whole_clauses
from index.spelling import Speller
from index.suggestions import NameMatcher


class SnapshotRetired(Exception):
    """This snapshot was replaced by a reload; use the engine's current one."""


#: How many lookups' responses a snapshot remembers. Practitioners ask for the
#: same few dozen topics again and again; an entry is a few hundred bytes plus
#: the answers it shares with every other entry.
RESPONSES_KEPT = 1024
#: A knowledge base with at most this many documents has all their keys read
#: when the snapshot is warmed (today's has about 300).
KEYS_PREFILL_LIMIT = 20_000
#: For a knowledge base too large to read whole, at most this many postings of
#: the clauses a lookup would read whole are read when it is warmed (about 60 MB;
#: a thousand times today's knowledge has 4.5 million).
READ_AHEAD_LIMIT = 5_000_000
#: What a term in each field says about a document (see :mod:`index.coverage`).
_FIELD_LEVELS = (("head", NAME), ("summary", SUMMARY), ("body", BODY))


class ResponseCache:
    """A bounded, thread-safe LRU of lookup responses for one snapshot.

    Keys are what decides a response: the query as cleaned (see
    :func:`index.analysis.clean_text`) and the limit. Responses are frozen
    dataclasses of tuples, shared by every caller that gets them, never changed.
    """

    def __init__(self, capacity: int = RESPONSES_KEPT) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[Hashable, SearchResponse] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> SearchResponse | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, response: SearchResponse) -> None:
        if self.capacity <= 0:
            return
        with self._lock:
            self._entries[key] = response
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class SearcherPool:
    """Reusable whoosh searchers over one index; safe to share between threads."""

    def __init__(self, ix: whoosh_index.Index) -> None:
        self.ix = ix
        self._idle: list[Searcher] = []
        self._busy = 0
        self._retired = False
        self._lock = threading.Lock()
        # Open one now: the first lookup should not pay for it.
        self._idle.append(self._new())

    @property
    def retired(self) -> bool:
        """Whether :meth:`retire` was called (read afresh: another thread may set it)."""
        return self._retired

    def _new(self) -> Searcher:
        return self.ix.searcher(weighting=BM25F())

    @contextlib.contextmanager
    def searcher(self) -> Iterator[Searcher]:
        with self._lock:
            if self._retired:
                raise SnapshotRetired
            searcher = self._idle.pop() if self._idle else None
            self._busy += 1
        try:
            if searcher is None:
                searcher = self._new()
            yield searcher
        finally:
            with self._lock:
                self._busy -= 1
                if searcher is not None:
                    if self.retired:
                        searcher.close()
                    else:
                        self._idle.append(searcher)
                if self.retired and self._busy == 0:
                    self.ix.close()

    def retire(self) -> None:
        """Close idle searchers now, busy ones when they are returned."""
        with self._lock:
            self._retired = True
            idle, self._idle = self._idle, []
            busy = self._busy
        for searcher in idle:
            searcher.close()
        if busy == 0:
            self.ix.close()


@dataclass
class Snapshot:
    """Knowledge, its build and what serving it needs, kept together."""

    kb: Knowledge
    build: Build
    lexicon: Lexicon
    pool: SearcherPool
    composer: Composer = field(init=False)
    speller: Speller = field(init=False)
    doc_count: int = field(init=False)
    #: Each query clause's scores, read from the index once (see :mod:`index.postings`).
    postings: ScoredPostings = field(init=False, default_factory=ScoredPostings)
    #: Whole responses, by cleaned query and limit.
    responses: ResponseCache = field(init=False, default_factory=ResponseCache)
    _keys: dict[int, str] = field(init=False, default_factory=dict)
    _warm_lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _read_ahead: bool = field(init=False, default=False)
    _names: NameMatcher | None = field(init=False, default=None)
    _names_lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    #: Topics the reviews do not cover, as phrases.
    topics: TopicMap = field(init=False)
    #: Each document's words, field by field, for judging coverage.
    words: DocumentWords = field(init=False)

    def __post_init__(self) -> None:
        self.composer = Composer(self.kb)
        self.words = DocumentWords(self.kb, self.composer)
        self.topics = TopicMap(self.kb)
        self.speller = Speller(self.lexicon.vocabulary)
        self.doc_count = self.pool.ix.doc_count()

    @classmethod
    def open(cls, kb: Knowledge, build: Build, *, responses_kept: int = RESPONSES_KEPT) -> Snapshot:
        """Open ``build`` for serving ``kb``, remembering up to ``responses_kept``
        recent responses; raises if the build cannot be read."""
        lexicon = build.load_lexicon()
        ix = build.open_index()
        try:
            pool = SearcherPool(ix)
            with pool.searcher() as searcher:
                # Read one document back, so a damaged build fails here, not mid-lookup.
                probe = next(iter(lexicon.names), None)
                if probe is not None and searcher.document_number(key=probe) is None:
                    raise ValueError(f"the index does not hold {probe}")
        except BaseException:
            ix.close()
            raise
        snapshot = cls(kb=kb, build=build, lexicon=lexicon, pool=pool)
        snapshot.responses.capacity = responses_kept
        return snapshot

    def names(self) -> NameMatcher:
        """The themes' and cases' names, for "did you mean" (made on first use)."""
        if self._names is None:
            with self._names_lock:
                if self._names is None:
                    names: dict[str, list[str]] = {}
                    for theme in self.kb.themes.values():
                        names[make_key("theme", theme.id)] = [theme.title, *theme.aliases]
                    for case in self.kb.cases.values():
                        names[make_key("case", case.id)] = [case.title, *case.aliases]
                    self._names = NameMatcher(names)
        return self._names

    def document_key(self, docnum: int, searcher: Searcher) -> str:
        """The key (``theme:…``) of the document numbered ``docnum`` in this index."""
        key = self._keys.get(docnum)
        if key is None:
            key = self._keys[docnum] = searcher.stored_fields(docnum)["key"]
        return key

    def evidence(self, key: str, term: str) -> float:
        """What the stem ``term`` says about the document ``key``: by the field it
        is in, NAME, SUMMARY or BODY (see :mod:`index.coverage`), else 0."""
        fields = self.words.fields(key)
        for name, level in _FIELD_LEVELS:
            if term in fields.get(name, ()):
                return level
        return 0.0

    def warm(self, *, scores: bool = True) -> None:
        """Make now what the first misspelt or unmatched lookup would otherwise
        wait for (the spelling and "did you mean" tables) and, unless ``scores``
        is False, for a knowledge base of today's size read every term's scores
        and every document's key and words, so no lookup reads them; for a far
        larger one, the scores of the common words a lookup would read whole
        (seconds at a thousand times today's knowledge). Each is done once: a
        second caller waits for the first to finish."""
        with self._warm_lock:
            self.speller.prepare()
            self.names()
            if not scores or self._read_ahead:
                return
            try:
                with self.pool.searcher() as searcher:
                    frequencies = self.lexicon.frequencies
                    if not self.postings.prefill(searcher, frequencies, PREFILL_LIMIT):
                        # Too large to read whole: read what a lookup could not
                        # avoid reading, and would wait for.
                        whole = whole_clauses(frequencies, POSTINGS_BUDGET)
                        self.postings.read_ahead(searcher, whole, READ_AHEAD_LIMIT)
                    if self.doc_count <= KEYS_PREFILL_LIMIT:
                        words = self.doc_count <= self.words.kept
                        for docnum, stored in searcher.reader().iter_docs():
                            self._keys[docnum] = stored["key"]
                            if words:
                                self.words.fields(stored["key"])
            except SnapshotRetired:
                return  # replaced while warming: nothing will search it
            self._read_ahead = True

    def retire(self) -> None:
        self.responses.clear()
        self.pool.retire()
