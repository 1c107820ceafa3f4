"""Scored postings (index.postings): kept scores rank exactly as whoosh ranks.

The engine no longer asks whoosh to score a lookup; it adds up each clause's
scores, read once. These tests hold it to whoosh's own answer for the same
query, to the last bit of every score, over many queries on the fictional and
the real knowledge, however little it is allowed to keep.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from index.builder import Build, IndexStore, knowledge_fingerprint
from index.knowledge import load_knowledge
from index.lexicon import Lexicon
from index.model import Knowledge
from index.postings import ScoredPostings
from index.query import POSTINGS_BUDGET, understand
from index.spelling import Speller
from tests.search_support import FIXTURE_KNOWLEDGE

#: As many as the engine asks whoosh for.
CANDIDATES = 40


def built(kb: Knowledge, folder: Path) -> Build:
    return IndexStore(folder).build(kb, knowledge_fingerprint(kb))


@pytest.fixture(scope="module", params=["fictional", "real"])
def index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Searcher, Lexicon]]:
    kb = load_knowledge(FIXTURE_KNOWLEDGE if request.param == "fictional" else None)
    build = built(kb, tmp_path_factory.mktemp(request.param))
    ix = build.open_index()
    searcher = ix.searcher(weighting=BM25F())
    yield searcher, build.load_lexicon()
    searcher.close()
    ix.close()


def queries(lexicon: Lexicon, count: int = 150, seed: int = 5) -> list[str]:
    """Names of the knowledge, and random runs of its words (long ones too)."""
    rng = random.Random(seed)
    names = [name for options in lexicon.names.values() for name in options]
    words = sorted(lexicon.vocabulary)
    found = names[:count]
    while len(found) < count:
        found.append(" ".join(rng.choice(words) for _ in range(rng.choice((1, 2, 3, 12)))))
    return found


def whoosh_top(searcher: Searcher, query: wq.Query) -> list[tuple[int, float]]:
    hits = searcher.search(query, limit=CANDIDATES, optimize=False)
    return [(hit.docnum, hit.score) for hit in hits]


@pytest.mark.parametrize(
    ("capacity", "large"), [(1_000_000, 2048), (40, 2048), (0, 2048), (1_000_000, 2), (40, 3)]
)
def test_totals_and_ranking_are_whooshs_own(
    index: tuple[Searcher, Lexicon], capacity: int, large: int
) -> None:
    """``large`` 2 or 3: nearly every clause is large here, so the best
    documents are found by adding up only a large clause's best few."""
    searcher, lexicon = index
    speller = Speller(lexicon.vocabulary)
    postings = ScoredPostings(capacity=capacity, large=large)
    compared = 0
    for text in queries(lexicon):
        plan = understand(text, lexicon, speller)
        query = plan.whoosh_query(lexicon.known_stems, lexicon.frequencies, POSTINGS_BUDGET)
        if query is None:
            continue
        expected = whoosh_top(searcher, query)
        # Twice: read from the index, then (as far as it kept them) from memory.
        for _ in range(2):
            assert postings.top(postings.score(query, searcher), CANDIDATES) == expected, text
            assert postings.best(query, searcher, CANDIDATES) == expected, text
        assert len(postings) <= capacity
        compared += 1
    assert compared >= 100


def test_boosts_and_phrases_score_as_in_whoosh(index: tuple[Searcher, Lexicon]) -> None:
    searcher, lexicon = index
    name = next(n for names in lexicon.names.values() for n in names if len(n.split()) >= 2)
    terms = understand(name, lexicon, Speller(lexicon.vocabulary)).stems
    query = wq.Or(
        [
            wq.Phrase("head", terms, boost=6.0),
            *(wq.Term("body", term, boost=0.45) for term in terms),
            wq.Term("summary", terms[0]),
        ],
        boost=1.5,
    )
    for postings in (ScoredPostings(), ScoredPostings(large=2)):
        assert postings.best(query, searcher, CANDIDATES) == whoosh_top(searcher, query)
        single = wq.Or([wq.Term("head", terms[0], boost=4.0)])
        assert postings.best(single, searcher, CANDIDATES) == whoosh_top(searcher, single)
        assert postings.best(single, searcher, 3) == whoosh_top(searcher, single)[:3]


def test_least_recently_used_clauses_are_dropped_first(index: tuple[Searcher, Lexicon]) -> None:
    searcher, lexicon = index
    body, head = lexicon.frequencies["body"], lexicon.frequencies["head"]
    common = max(body, key=lambda term: (body[term], term))
    rarer = next(term for term in sorted(body) if 1 < body[term] < body[common])
    named = next(term for term in sorted(head) if head[term] < body[rarer])
    postings = ScoredPostings(capacity=body[common] + body[rarer])
    postings.score(wq.Term("body", common), searcher)
    postings.score(wq.Term("body", rarer), searcher)
    assert len(postings) == body[common] + body[rarer]
    postings.score(wq.Term("body", common), searcher)  # now the most recently used
    postings.score(wq.Term("head", named), searcher)  # something must go: the rarer
    assert len(postings) == body[common] + head[named]


def test_a_small_knowledge_base_is_read_whole_when_warmed(
    index: tuple[Searcher, Lexicon],
) -> None:
    searcher, lexicon = index
    postings = ScoredPostings()
    total = sum(sum(counts.values()) for counts in lexicon.frequencies.values())
    assert not postings.prefill(searcher, lexicon.frequencies, limit=total - 1)
    assert len(postings) == 0
    assert postings.prefill(searcher, lexicon.frequencies, limit=total)
    assert len(postings) == total
