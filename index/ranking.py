"""From a query to a response, on one snapshot of the index: rank every item the
query matches, keep the best distinct answers, and judge whether the knowledge
covers what was asked (else decline it, with what is nearby and where else to look).

Ranking combines two signals. Whoosh scores every document on the words typed
(BM25F, titles and aliases counting most) plus the names of the items the query
mentions; on top of that, an item the query *names* (by its title, an alias, a
case name or a glossary term, see :mod:`index.lexicon`) is lifted, and an item
named by the whole query comes first. :class:`index.engine.LookupEngine` calls
:func:`respond` and keeps what it answers.
"""

from __future__ import annotations

import logging

from whoosh.searching import Searcher

from index.answers import Nearby, RelatedTheme, Result, SearchResponse
from index.coverage import Coverage, judge
from index.documents import make_key, split_key
from index.query import POSTINGS_BUDGET, QueryPlan, understand
from index.snapshot import Snapshot
from index.urgency import is_urgent

log = logging.getLogger(__name__)

#: How many documents whoosh ranks before names and kinds are weighed in.
CANDIDATES = 40
#: Added to an item named by the whole query: it always comes first.
DIRECT_BONUS = 10.0
#: Added (times the share of the query it covers) to an item named within it.
PARTIAL_BONUS = 2.0
#: A share of an item's bonus passes to its questions and recommendations.
CHILD_SHARE = 0.25
#: The share of its bonus an item named only by role words ("GP", "dad") keeps
#: (see :meth:`index.query.QueryPlan.role_hit`).
ROLE_HIT_SHARE = 0.1
#: Whole answers (themes, cases) before the parts of them.
KIND_PRIOR = {"theme": 1.0, "case": 1.0, "glossary": 0.9, "recommendation": 0.75, "question": 0.7}
#: How many themes to offer when nothing was found.
STARTING_POINTS = 6
#: Results scoring under this are left out (the best whoosh match scores 1.0).
MIN_SCORE = 0.05


def respond(
    snapshot: Snapshot, query: str, limit: int, searcher: Searcher | None
) -> tuple[SearchResponse, bool]:
    """The response, and whether the index was read for it (False: names alone)."""
    plan = understand(query, snapshot.lexicon, snapshot.speller, snapshot.topics.words)
    urgent = is_urgent(query)
    if plan.empty:
        return SearchResponse(query=query, related=starting_points(snapshot), urgent=urgent), True
    scores, whole = _rank(snapshot, plan, searcher)
    has = snapshot.composer.has
    ranked = sorted(
        ((key, score) for key, score in scores.items() if score >= MIN_SCORE and has(key)),
        key=lambda item: (-item[1], item[0]),
    )
    results = _distinct(snapshot, ranked, limit)
    corrected = plan.corrected_text

    def evidence(key: str, term: str) -> float:
        return snapshot.evidence(key, term) if searcher is not None else 0.0

    keys = [make_key(r.kind, r.id) for r in results]
    coverage = judge(
        plan, plan.reading, snapshot.topics, keys, evidence, snapshot.lexicon.known_stems
    )
    if results and not coverage.covered:
        return _declined(snapshot, query, coverage, urgent), whole
    if not results:
        if coverage.topic is not None:
            return _declined(snapshot, query, coverage, urgent), whole
        close = [title for _, title in suggestions(snapshot, plan, 3)]
        return SearchResponse(
            query=query,
            did_you_mean=tuple(([corrected] if corrected else []) + close),
            related=starting_points(snapshot),
            urgent=urgent,
            signposts=tuple(snapshot.kb.signposts.values()),
        ), whole
    top_key = make_key(results[0].kind, results[0].id)
    shown_themes = {r.id for r in results if r.kind == "theme"}
    related = tuple(
        t for t in snapshot.composer.related_themes(top_key) if t.id not in shown_themes
    )
    return SearchResponse(
        query=query,
        results=tuple(results),
        did_you_mean=(corrected,) if corrected else (),
        related=related,
        urgent=urgent,
    ), whole


def _declined(snapshot: Snapshot, query: str, coverage: Coverage, urgent: bool) -> SearchResponse:
    """A lookup the knowledge does not answer: no answer, what is nearby, and
    where to look instead."""
    composer = snapshot.composer
    nearby: list[Nearby] = []
    if coverage.topic is not None:
        nearby = [
            Nearby(
                kind="theme",
                id=item.theme_id,
                title=composer.title(make_key("theme", item.theme_id)),
                because=item.because,
            )
            for item in coverage.topic.nearby
            if composer.has(make_key("theme", item.theme_id))
        ]
    else:
        for key in coverage.nearby:
            kind, item_id = split_key(key)
            nearby.append(Nearby(kind=kind, id=item_id, title=composer.title(key)))
    return SearchResponse(
        query=query,
        urgent=urgent,
        topic=coverage.topic,
        nearby=tuple(nearby),
        signposts=tuple(snapshot.kb.signposts.values()),
    )


def _distinct(snapshot: Snapshot, ranked: list[tuple[str, float]], limit: int) -> list[Result]:
    """The best ``limit`` results, leaving out what an answer above already shows:
    a theme's or case's own questions, or a term that only repeats a theme's title."""
    composer = snapshot.composer
    owners = composer.owners
    chosen: list[Result] = []
    shown: set[str] = set()
    titles: set[str] = set()
    for key, score in ranked:
        if len(chosen) >= limit:
            break
        kind, _ = split_key(key)
        if kind == "question" and owners.get(key) in shown:
            continue
        title = composer.title(key).casefold()
        if kind == "glossary" and chosen and title in titles:
            continue
        chosen.append(composer.result(key, score))
        shown.add(key)
        titles.add(title)
    return chosen


def _rank(
    snapshot: Snapshot, plan: QueryPlan, searcher: Searcher | None
) -> tuple[dict[str, float], bool]:
    """Each item's score, and whether the index was read for them."""
    scores: dict[str, float] = {}
    whole = searcher is not None
    try:
        if searcher is not None:
            scores = whoosh_scores(snapshot, plan, searcher)
    except Exception:
        # Names alone still give useful answers while the index is unreadable.
        log.exception("The search index could not be read; answering from names only.")
        whole = False
    children = snapshot.composer.children
    for hit in plan.hits:
        bonus = hit.strength * (DIRECT_BONUS if hit.direct else PARTIAL_BONUS * hit.coverage)
        if plan.role_hit(hit):
            bonus *= ROLE_HIT_SHARE
        scores[hit.key] = scores.get(hit.key, 0.0) + bonus
        # Only the item's own questions and recommendations already found.
        for key in children.get(hit.key, ()):
            if key in scores:
                scores[key] += CHILD_SHARE * bonus
    return scores, whole


def whoosh_scores(snapshot: Snapshot, plan: QueryPlan, searcher: Searcher) -> dict[str, float]:
    lexicon = snapshot.lexicon
    whoosh_query = plan.whoosh_query(lexicon.known_stems, lexicon.frequencies, POSTINGS_BUDGET)
    if whoosh_query is None:
        return {}
    # Whoosh's own scores, summed and ranked as its collector would, but each
    # clause's postings scored once per snapshot rather than on every lookup.
    postings = snapshot.postings
    best = postings.best(whoosh_query, searcher, CANDIDATES)
    scores: dict[str, float] = {}
    top = best[0][1] if best else 0.0
    for docnum, score in best:
        key = snapshot.document_key(docnum, searcher)
        kind, _ = split_key(key)
        scores[key] = KIND_PRIOR.get(kind, 0.5) * score / top
    return scores


def suggestions(snapshot: Snapshot, plan: QueryPlan, limit: int) -> list[tuple[str, str]]:
    text = plan.corrected_text or plan.cleaned
    return [
        (split_key(key)[1], snapshot.composer.title(key))
        for key, _ in snapshot.names().closest(text, limit)
    ]


def starting_points(snapshot: Snapshot) -> tuple[RelatedTheme, ...]:
    """Themes to offer when a lookup found nothing: those seen in most cases."""
    return snapshot.composer.starting_points(STARTING_POINTS)
