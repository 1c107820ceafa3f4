"""Which theme a channel gets next: every theme once before any theme repeats.

The rotation is worked out from what the channel has already had (its history
in :mod:`index.storage.digest`), so it survives restarts with nothing else to keep.
Each post belongs to a *round*; a theme is due if it has not been posted in the
current round. Themes added to the knowledge join the current round, themes
removed from it leave. Within a round the order is shuffled, the same way on
every machine, and consecutive weeks avoid the same case where the knowledge
allows. A pinned theme is used in its week whatever the rotation says.

Example::

    choice = choose_next(kb, history=[Use("disguised-compliance", "case-y", 1)])
    choice.theme, choice.example, choice.round
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from index.model import Knowledge
from index.storage.digest_records import Use
from scheduler.post import NothingToPost, theme_examples


@dataclass(frozen=True)
class Choice:
    """The theme chosen for a slot, where its example comes from, and its round."""

    theme: str
    example: str
    round: int
    pinned: bool = False


@dataclass(frozen=True)
class Progress:
    """How far a channel is through the current round."""

    round: int
    used: int
    total: int


def _shuffle_key(round_number: int, item: str) -> str:
    # A stable shuffle: the same on every machine and after every restart, and
    # different each round so the themes do not come in the same order forever.
    return hashlib.sha256(f"{round_number}:{item}".encode()).hexdigest()


def _current_round(knowledge: Knowledge, history: Sequence[Use]) -> tuple[int, list[str]]:
    """The round the next post belongs to and the themes still due in it."""
    themes = list(knowledge.themes)
    if not themes:
        raise NothingToPost("The knowledge has no themes to post.")
    round_number = history[-1].round if history else 1
    used = {use.theme for use in history if use.round == round_number}
    remaining = [t for t in themes if t not in used]
    if not remaining:
        round_number += 1
        remaining = themes
    return round_number, remaining


def progress(knowledge: Knowledge, history: Sequence[Use]) -> Progress:
    """How many of the current themes this round has used so far."""
    themes = set(knowledge.themes)
    round_number = history[-1].round if history else 1
    used = {use.theme for use in history if use.round == round_number} & themes
    if used == themes and themes:
        return Progress(round=round_number + 1, used=0, total=len(themes))
    return Progress(round=round_number, used=len(used), total=len(themes))


def _pick_example(knowledge: Knowledge, theme: str, round_number: int, avoid: str | None) -> str:
    examples = theme_examples(knowledge.themes[theme])
    fresh = [e for e in examples if e != avoid] or examples
    # Vary the case from round to round, keeping those with a vignette first.
    with_vignette = {link.case_id for link in knowledge.themes[theme].cases if link.vignette}
    preferred = [e for e in fresh if e in with_vignette] or fresh
    return preferred[(round_number - 1) % len(preferred)]


def choose_next(knowledge: Knowledge, history: Sequence[Use], pin: str | None = None) -> Choice:
    """The next theme for a channel whose posts so far are ``history`` (oldest first).

    ``pin`` (a theme id) wins over the rotation; it still counts as used in the
    round, so the rotation does not bring it back soon after.
    """
    round_number, remaining = _current_round(knowledge, history)
    last = history[-1] if history else None
    avoid_example = last.example if last else None
    if pin is not None and pin in knowledge.themes:
        return Choice(
            pin, _pick_example(knowledge, pin, round_number, avoid_example), round_number, True
        )

    order = sorted(remaining, key=lambda theme: _shuffle_key(round_number, theme))
    if last and len(order) > 1 and order[0] == last.theme:
        # A new round must not open with last week's theme.
        order = order[1:] + order[:1]
    fresh_case = [
        theme
        for theme in order
        if any(example != avoid_example for example in theme_examples(knowledge.themes[theme]))
    ]
    theme = (fresh_case or order)[0]
    return Choice(theme, _pick_example(knowledge, theme, round_number, avoid_example), round_number)
