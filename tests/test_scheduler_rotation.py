"""The rotation: every theme once before any repeats, a fresh case each week."""

from __future__ import annotations

from datetime import UTC, datetime

from scheduler.post import compose_post, theme_examples
from scheduler.rotation import Use, choose_next, progress
from scheduler.slots import manual_slot
from tests.scheduler_support import THEMES, fictional_knowledge


def run_rotation(knowledge, weeks: int, history: list[Use] | None = None) -> list[Use]:
    """The history after ``weeks`` more posts (the given history included)."""
    history = list(history or [])
    for _ in range(weeks):
        choice = choose_next(knowledge, history)
        history.append(Use(choice.theme, choice.example, choice.round))
    return history


def test_every_theme_is_used_once_before_any_theme_repeats():
    knowledge = fictional_knowledge()
    history = run_rotation(knowledge, 3 * len(THEMES))
    for start in range(0, len(history), len(THEMES)):
        one_round = [use.theme for use in history[start : start + len(THEMES)]]
        assert sorted(one_round) == sorted(THEMES), f"round starting at week {start}"
    assert [use.round for use in history[:: len(THEMES)]] == [1, 2, 3]


def test_the_same_theme_never_comes_two_weeks_running_even_across_rounds():
    history = run_rotation(fictional_knowledge(), 5 * len(THEMES))
    for before, after in zip(history, history[1:], strict=False):
        assert before.theme != after.theme


def test_consecutive_weeks_avoid_the_same_case_where_the_knowledge_allows():
    history = run_rotation(fictional_knowledge(), 4 * len(THEMES))
    for before, after in zip(history, history[1:], strict=False):
        assert before.example != after.example, (before, after)


def test_the_same_case_is_allowed_when_the_knowledge_leaves_no_other():
    # Two themes, both only ever shown in Case A: the rotation still runs.
    only_case_a = {"noticing": ("Noticing", ("case-a",)), "listening": ("Listening", ("case-a",))}
    history = run_rotation(fictional_knowledge(only_case_a), 4)
    assert [use.example for use in history] == ["case-a"] * 4
    assert sorted(use.theme for use in history[:2]) == ["listening", "noticing"]


def test_a_theme_with_no_case_takes_its_example_from_its_source():
    knowledge = fictional_knowledge()
    assert theme_examples(knowledge.themes["reflection"]) == ["example-briefing"]
    slot = manual_slot("C000TEAM", datetime(2026, 11, 23, 9, 30, tzinfo=UTC), "Europe/London")
    post = compose_post(knowledge, "reflection", "example-briefing", slot)
    assert post.example.case_id is None
    assert post.example.source_title == "The Example Briefing (fictional)"
    assert post.example.text == "The fictional briefing says reflection mattered."


def test_the_order_is_the_same_every_time_so_it_survives_a_restart():
    knowledge = fictional_knowledge()
    first = run_rotation(knowledge, 10)
    # A "restarted" process knows only the history so far.
    resumed = run_rotation(knowledge, 6, history=first[:4])
    assert resumed == first


def test_each_round_comes_in_a_different_order():
    history = run_rotation(fictional_knowledge(), 3 * len(THEMES))
    rounds = [
        tuple(u.theme for u in history[i : i + len(THEMES)])
        for i in range(0, len(history), len(THEMES))
    ]
    assert len(set(rounds)) == 3


def test_a_theme_added_to_the_knowledge_joins_the_current_round():
    history = run_rotation(fictional_knowledge(), 3)
    bigger = fictional_knowledge({**THEMES, "supervision": ("Supervision", ("case-b",))})
    one_round = run_rotation(bigger, len(THEMES) + 1 - 3, history=history)
    assert sorted(use.theme for use in one_round) == sorted([*THEMES, "supervision"])
    assert {use.round for use in one_round} == {1}


def test_a_theme_removed_from_the_knowledge_leaves_the_rotation():
    history = run_rotation(fictional_knowledge(), 2)
    smaller_themes = {k: v for k, v in THEMES.items() if k not in {u.theme for u in history}}
    gone = next(iter(smaller_themes))
    del smaller_themes[gone]
    kept = {**smaller_themes, **{u.theme: THEMES[u.theme] for u in history}}
    after = run_rotation(fictional_knowledge(kept), 2 * len(kept), history=history)
    assert gone not in [use.theme for use in after]
    assert sorted(use.theme for use in after[: len(kept)]) == sorted(kept)


def test_a_pin_wins_and_counts_as_used_in_the_round():
    knowledge = fictional_knowledge()
    history = run_rotation(knowledge, 1)
    pinned = choose_next(knowledge, history, pin="planning")
    assert (pinned.theme, pinned.pinned) == ("planning", True)
    history.append(Use(pinned.theme, pinned.example, pinned.round))
    one_round = run_rotation(knowledge, len(THEMES) - 2, history=history)
    assert [use.theme for use in one_round].count("planning") == 1
    assert sorted(use.theme for use in one_round) == sorted(THEMES)


def test_progress_counts_the_themes_used_this_round():
    knowledge = fictional_knowledge()
    history = run_rotation(knowledge, 3)
    shown = progress(knowledge, history)
    assert (shown.round, shown.used, shown.total) == (1, 3, len(THEMES))
    full = run_rotation(knowledge, len(THEMES))
    assert progress(knowledge, full).round == 2
