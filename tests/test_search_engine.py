"""The lookup engine over the fictional knowledge: ranking, answers, help, reloads."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path

import pytest

from index.answers import KINDS, SearchResponse
from index.builder import IndexStore, files_fingerprint
from index.engine import LookupEngine
from index.knowledge import load_knowledge
from index.snapshot import ResponseCache
from index.validation import KnowledgeError
from tests.search_support import FIXTURE_KNOWLEDGE, copy_knowledge, small_engine

__all__ = ["small_engine"]


def keys(response: SearchResponse, n: int = 3) -> list[str]:
    return [f"{r.kind}:{r.id}" for r in response.results[:n]]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("missed home visits", "theme:missed-visits"),
        ("door not answered", "theme:missed-visits"),
        ("Handover between teams", "theme:team-handover"),
        ("transferring cases", "theme:team-handover"),
        ("truancy", "theme:school-attendance"),
        ("Case Q", "case:case-q"),
        ("the example family", "case:case-q"),
        ("what is NAV?", "glossary:nav"),
        ("what does EHCP mean", "glossary:ehcp"),
        ("chronology", "glossary:chronology"),
        ("mised hme vistis", "theme:missed-visits"),
        ("<@U123> *missed visits* <!channel>", "theme:missed-visits"),
    ],
)
def test_the_item_named_comes_first(small_engine: LookupEngine, typed: str, first: str) -> None:
    assert keys(small_engine.search(typed), 1) == [first]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("NAV", "theme:missed-visits"),  # acronym -> the theme it belongs to
        ("no access visit", "glossary:nav"),  # expansion -> the acronym
        ("Case Q recommendations", "recommendation:case-q-rec-1"),
        ("escalation procedure", "recommendation:case-q-rec-1"),
        ("pattern of cancelled visits", "theme:missed-visits"),
        ("chronology before the first visit", "theme:team-handover"),
    ],
)
def test_related_items_reach_the_top_three(
    small_engine: LookupEngine, typed: str, expected: str
) -> None:
    assert expected in keys(small_engine.search(typed))


def test_top_result_is_a_case_linked_summary(small_engine: LookupEngine) -> None:
    top = small_engine.search("missed visits").top
    assert top is not None and top.kind == "theme"
    assert top.summary.startswith("When planned visits keep failing")
    assert [(c.id, c.title) for c in top.cases] == [("case-q", "Case Q")]
    assert top.cases[0].how.startswith("Eleven planned visits failed")
    assert top.practice_points[0].startswith("Count the visits")
    assert top.sources == ("Learning from the Example Review, Visits",)


def test_questions_run_from_understanding_to_doing(small_engine: LookupEngine) -> None:
    top = small_engine.search("missed visits").top
    assert top is not None
    assert top.questions == (
        "What does a pattern of cancelled visits tell you?",
        "How do you keep count of visits that did not happen on your caseload?",
        "What will you do at the third failed visit?",
    )


def test_results_are_typed_ranked_and_limited(small_engine: LookupEngine) -> None:
    response = small_engine.search("visits", limit=3)
    assert 1 <= len(response.results) <= 3
    assert all(r.kind in KINDS for r in response.results)
    scores = [r.score for r in response.results]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("limit", [0, -5, 10**9, "seven", None])
def test_odd_limits_are_clamped(small_engine: LookupEngine, limit: object) -> None:
    response = small_engine.search("visits", limit=limit)  # type: ignore[arg-type]
    assert 1 <= len(response.results) <= 50


def test_glossary_answers_borrow_their_themes_cases(small_engine: LookupEngine) -> None:
    top = small_engine.search("NAV").top
    assert top is not None and top.kind == "glossary"
    assert top.title == "NAV (No access visit)"
    assert [c.id for c in top.cases] == ["case-q"]
    assert top.questions and top.theme_id == "missed-visits"


def test_case_answer(small_engine: LookupEngine) -> None:
    answer = small_engine.case_answer("case-q")
    assert answer.kind == "case" and answer.title == "Case Q"
    assert answer.practice_points[0] == "Nobody counted the cancelled visits."
    assert answer.questions == (
        "In Case Q, what would have shown the pattern of cancelled visits sooner?",
    )


def test_related_themes_follow_the_top_result(small_engine: LookupEngine) -> None:
    response = small_engine.search("truancy")
    assert response.top is not None and response.top.id == "school-attendance"
    response = small_engine.search("missed home visits")
    assert "team-handover" in {t.id for t in response.related} | {r.id for r in response.results}


def test_corrections_are_offered(small_engine: LookupEngine) -> None:
    response = small_engine.search("mised vistis")
    assert response.did_you_mean == ("missed visits",)


@pytest.mark.parametrize("typed", ["zebra crossing", "xqzt", "ничего"])
def test_nothing_found_offers_somewhere_to_start(small_engine: LookupEngine, typed: str) -> None:
    response = small_engine.search(typed)
    assert response.results == ()
    assert response.related  # themes to try


def test_did_you_mean_when_nothing_matches(small_engine: LookupEngine) -> None:
    response = small_engine.search("attendence at skool")
    # "attendence" is corrected; "skool" is too far from anything, so the
    # knowledge cannot say it answers this, but offers the theme as nearby.
    found = response.top or response.nearby[0]
    assert found.id == "school-attendance"
    assert small_engine.suggest("hand over betwen teams")[0] == (
        "team-handover",
        "Handover between teams",
    )
    assert small_engine.suggest("zzzz qqqq") == []


@pytest.mark.parametrize(
    ("method", "item_id"),
    [("theme_answer", "nope"), ("case_answer", "case-x"), ("glossary_answer", "")],
)
def test_unknown_ids_raise_key_error(small_engine: LookupEngine, method: str, item_id: str) -> None:
    with pytest.raises(KeyError):
        getattr(small_engine, method)(item_id)


def test_json_shape(small_engine: LookupEngine) -> None:
    data = small_engine.search("missed visits").to_json()
    assert data["query"] == "missed visits"
    first = data["results"][0]
    assert {"kind", "id", "title", "summary", "cases", "questions", "source", "score"} <= set(first)
    assert set(first["cases"][0]) == {"id", "title", "how"}


def test_reload_switches_to_edited_knowledge(tmp_path: Path) -> None:
    knowledge = copy_knowledge(tmp_path / "knowledge")
    engine = LookupEngine.open(knowledge, tmp_path / "index")
    assert engine.search("kitchen table").results == ()
    theme = knowledge / "themes" / "missed-visits.yaml"
    theme.write_text(theme.read_text().replace("  - NAV\n", "  - NAV\n  - kitchen table\n"))
    engine.reload()
    assert keys(engine.search("kitchen table"), 1) == ["theme:missed-visits"]
    engine.close()


def test_a_failed_reload_keeps_the_old_index_serving(tmp_path: Path) -> None:
    knowledge = copy_knowledge(tmp_path / "knowledge")
    engine = LookupEngine.open(knowledge, tmp_path / "index")
    serving = engine.index_path
    (knowledge / "themes" / "team-handover.yaml").write_text("kind: theme\nid: [broken\n")
    with pytest.raises(KnowledgeError):
        engine.reload()
    assert engine.index_path == serving
    assert keys(engine.search("missed visits"), 1) == ["theme:missed-visits"]
    engine.close()


def test_searches_during_reloads_never_fail(tmp_path: Path) -> None:
    engine = LookupEngine.open(FIXTURE_KNOWLEDGE, tmp_path / "index")
    failures: list[str] = []
    stop = threading.Event()

    def search_repeatedly() -> None:
        while not stop.is_set():
            response = engine.search("missed visits")
            if keys(response, 1) != ["theme:missed-visits"]:
                failures.append(repr(response)[:200])

    threads = [threading.Thread(target=search_repeatedly) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(4):
            engine.reload()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert len(list((tmp_path / "index" / "builds").iterdir())) <= 2
    engine.close()


# -- remembered responses ---------------------------------------------------------

REMEMBERED_QUERIES = [
    "missed visits",
    "mised vistis",
    "Case Q recommendations",
    "what is NAV?",
    "attendence at skool",
    "zebra crossing",
    "",
    'AND OR NOT ( ) " *',
]


def test_a_repeated_lookup_is_answered_from_memory(small_engine: LookupEngine) -> None:
    first = small_engine.search("handover between teams")
    second = small_engine.search("handover between teams")
    assert second == first and second.results is first.results  # not worked out again
    # The same words typed differently: the same answer, showing what was typed.
    typed = "  *Handover*   BETWEEN teams?! "
    again = small_engine.search(typed)
    assert again.query == typed
    assert again.results is first.results and again.related == first.related
    # A different limit is a different lookup.
    assert len(small_engine.search("handover between teams", limit=1).results) == 1


def test_remembering_changes_no_answer(tmp_path: Path) -> None:
    remembering = LookupEngine.open(FIXTURE_KNOWLEDGE, tmp_path / "index")
    forgetting = LookupEngine.open(FIXTURE_KNOWLEDGE, tmp_path / "index", responses_kept=0)
    try:
        for _ in range(2):
            for text in REMEMBERED_QUERIES:
                for limit in (1, 5):
                    assert remembering.search(text, limit) == forgetting.search(text, limit)
        assert forgetting.search("missed visits") is not forgetting.search("missed visits")
    finally:
        remembering.close()
        forgetting.close()


def test_answers_cannot_be_changed_by_whoever_gets_them(small_engine: LookupEngine) -> None:
    response = small_engine.search("missed visits")
    top = response.top
    assert top is not None
    for thing, attribute in [(response, "results"), (top, "title"), (top.cases[0], "how")]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(thing, attribute, ())
    assert all(isinstance(part, tuple) for part in (response.results, top.cases, top.questions))


def test_a_build_made_elsewhere_is_noticed_by_a_remembered_lookup(tmp_path: Path) -> None:
    knowledge = copy_knowledge(tmp_path / "knowledge")
    engine = LookupEngine.open(knowledge, tmp_path / "index")
    try:
        assert engine.search("kitchen table").results == ()  # now remembered
        theme = knowledge / "themes" / "missed-visits.yaml"
        theme.write_text(theme.read_text().replace("  - NAV\n", "  - NAV\n  - kitchen table\n"))
        # As ``scrbot index build`` does, from its own store.
        IndexStore(tmp_path / "index").build(
            load_knowledge(knowledge), files_fingerprint(knowledge)
        )
        deadline = time.monotonic() + 10
        while not engine.search("kitchen table").results and time.monotonic() < deadline:
            time.sleep(0.05)
        assert keys(engine.search("kitchen table"), 1) == ["theme:missed-visits"]
    finally:
        engine.close()


def test_remembered_responses_are_bounded_least_recently_used_first() -> None:
    cache = ResponseCache(capacity=2)
    one, two, three = (SearchResponse(query=q) for q in ("one", "two", "three"))
    cache.put(("one", 5), one)
    cache.put(("two", 5), two)
    assert cache.get(("one", 5)) is one  # now the most recently used
    cache.put(("three", 5), three)
    assert len(cache) == 2
    assert cache.get(("two", 5)) is None
    assert cache.get(("one", 5)) is one and cache.get(("three", 5)) is three
