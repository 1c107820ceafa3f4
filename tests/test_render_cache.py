"""Answers rendered once and reused (bot.render_cache) show exactly what a fresh
render shows, follow the knowledge when it changes, and never keep what someone
typed or who shared an answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.blocks.answers import answer_blocks, answer_message, rendered_answer
from bot.blocks.primitives import RENDERED, as_dict, divider
from bot.blocks.search import search_blocks, search_message
from bot.commands.search import lookup
from bot.messages.answers import SHARED_BY
from bot.render_cache import RenderCache
from index.compose import Composer
from index.engine import LookupEngine
from tests.search_support import copy_knowledge, real_engine

__all__ = ["real_engine"]

#: Lookups of every kind, with a typo and one that finds nothing.
QUERIES = [
    "disguised compliance",
    "case z",
    "what does CSA mean",
    "invisible fathers",
    "parental capacity assesment",
    "escalation",
    "lived experience of the child",
    "zebra crossing",
]


def fresh(built: list[object]) -> list[dict]:
    return [as_dict(b) for b in built]


def test_every_rendered_answer_is_the_answer_built_fresh(real_engine: LookupEngine) -> None:
    kb = real_engine.knowledge
    composer = Composer(kb)
    keys = [f"theme:{t}" for t in kb.themes] + [f"case:{c}" for c in kb.cases]
    keys += [f"glossary:{g}" for g in kb.glossary] + [f"question:{q.id}" for q in kb.questions]
    for key in keys:
        result = composer.result(key)
        for shareable in (True, False):
            for shared_by in (None, "U000LEAD"):
                built = fresh(answer_blocks(result, kb, shareable=shareable, shared_by=shared_by))
                for _ in range(2):  # rendered, then from the cache
                    rendered = rendered_answer(result, kb, shareable=shareable, shared_by=shared_by)
                    assert rendered == built, key


@pytest.mark.parametrize("query", QUERIES)
def test_a_lookup_shows_the_same_blocks_rendered_or_fresh(
    real_engine: LookupEngine, query: str
) -> None:
    kb = real_engine.knowledge
    response, notice = lookup(real_engine, query)
    built = fresh(search_blocks(response, kb, command="/scr", shareable=True))
    for _ in range(2):
        shown = search_message(response, kb, command="/scr", shareable=True).to_dict()
        assert shown["blocks"] == built


def test_a_share_names_the_person_who_shared_it_each_time(real_engine: LookupEngine) -> None:
    kb = real_engine.knowledge
    result = real_engine.theme_answer("disguised-compliance")
    lead = json.dumps(answer_message(result, kb, shared_by="U000LEAD").to_dict())
    practitioner = json.dumps(answer_message(result, kb, shared_by="U000PRAC").to_dict())
    assert SHARED_BY.format(user="U000LEAD") in lead and "U000PRAC" not in lead
    assert SHARED_BY.format(user="U000PRAC") in practitioner
    assert "U000LEAD" not in practitioner
    assert "Shared by" not in json.dumps(answer_message(result, kb).to_dict())


def test_what_was_typed_and_who_asked_never_enter_the_cache(real_engine: LookupEngine) -> None:
    kb = real_engine.knowledge
    typed = [
        "disguised compliance zqxwvmarker",
        "zqxwvmarker",
        "neglect call 07700 900123 zqxwvmarker",
    ]
    for text in typed:
        response, notice = lookup(real_engine, text)
        search_message(response, kb, command="/scr", shareable=True, notice=notice)
    result = real_engine.case_answer("case-z")
    answer_message(result, kb, shared_by="U000ZQXWV", notice="zqxwvmarker notice")
    held = json.dumps(RENDERED.values(), default=str).casefold()
    assert held, "the lookups above were rendered through the cache"
    assert "zqxwv" not in held
    assert "07700" not in held


def test_changing_a_message_built_from_the_cache_leaves_the_cache_alone(
    real_engine: LookupEngine,
) -> None:
    kb = real_engine.knowledge
    result = real_engine.theme_answer("chronic-neglect")
    before = answer_message(result, kb).to_dict()
    changed = answer_message(result, kb, notice="A fictional notice.")
    changed.blocks.append(divider())
    assert answer_message(result, kb).to_dict() == before


def test_after_a_reload_answers_show_the_new_knowledge(tmp_path: Path) -> None:
    knowledge = copy_knowledge(tmp_path / "knowledge")
    engine = LookupEngine.open(knowledge, tmp_path / "index")
    try:
        # A case card lists its themes by their titles, read from the knowledge:
        # the answer for the case itself does not change when a theme is renamed.
        before_result = engine.case_answer("case-q")
        before = json.dumps(answer_message(before_result, engine.knowledge).to_dict())
        assert "Missed home visits" in before
        theme = knowledge / "themes" / "missed-visits.yaml"
        theme.write_text(
            theme.read_text(encoding="utf-8").replace(
                "title: Missed home visits", "title: Visits that did not happen"
            ),
            encoding="utf-8",
        )
        engine.reload()
        after_result = engine.case_answer("case-q")
        assert after_result == before_result
        after = json.dumps(answer_message(after_result, engine.knowledge).to_dict())
        assert "Visits that did not happen" in after
        assert "Missed home visits" not in after
    finally:
        engine.close()


def test_the_cache_is_bounded_and_keeps_the_most_recently_used() -> None:
    cache = RenderCache(capacity=3)
    knowledge = object()
    renders: list[str] = []

    def render(key: str) -> str:
        renders.append(key)
        return key.upper()

    for key in ("a", "b", "c"):
        assert cache.get(knowledge, key, lambda key=key: render(key)) == key.upper()
    cache.get(knowledge, "a", lambda: render("a"))  # a is now the most recent
    cache.get(knowledge, "d", lambda: render("d"))  # so b goes
    assert len(cache) == 3
    cache.get(knowledge, "a", lambda: render("a"))
    cache.get(knowledge, "b", lambda: render("b"))
    assert renders == ["a", "b", "c", "d", "b"]


def test_new_knowledge_empties_the_cache() -> None:
    cache = RenderCache()
    old, new = object(), object()
    assert cache.get(old, "card", lambda: "old card") == "old card"
    assert cache.get(new, "card", lambda: "new card") == "new card"
    assert cache.values() == ["new card"]
    assert cache.get(new, "card", lambda: "not rendered again") == "new card"
