"""Buttons in the local console: numbered, and pressed by typing the number.

:func:`bot.console.render_blocks` numbers each button and menu choice the console
can act on, as ``[1: Open Case Y]``; typing ``1`` then does what the Slack
listeners in :mod:`bot.listeners.actions` do with that press, from the same core
and the same Block Kit builders. Buttons that mean something only in Slack
(share in the channel, start a discussion, helpful / not helpful) are left out
of the console rather than shown and not pressable.

Example::

    button = Button(ACTION_OPEN_CASE, "case-y", "Open Case Y")
    shown = press(button, engine, settings)   # Pressed(blocks=[], view=<the case>)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.blocks.answers import answer_message
from bot.blocks.cases import case_modal, questions_view
from bot.blocks.ids import (
    ACTION_ANOTHER_QUESTION,
    ACTION_MORE_QUESTIONS,
    ACTION_OPEN_CASE,
    ACTION_PICK_THEME,
    ACTION_SEARCH_FOR,
    ACTION_SHOW,
)
from bot.blocks.primitives import BlockLike, notice_message
from bot.commands import run_command
from bot.commands.question import question_reply
from bot.messages.console import CONSOLE_GONE
from bot.refs import Engine, Ref, resolve
from bot.safety import FrontDoor
from index.settings import Settings

#: What the console can do with a press, by action id.
PRESSABLE = frozenset(
    {
        ACTION_SHOW,
        ACTION_PICK_THEME,
        ACTION_OPEN_CASE,
        ACTION_MORE_QUESTIONS,
        ACTION_ANOTHER_QUESTION,
        ACTION_SEARCH_FOR,
    }
)


@dataclass(frozen=True)
class Button:
    """One thing the person can press: a button, or one choice of a menu."""

    action: str
    value: str
    label: str


@dataclass
class Pressed:
    """What a press shows: blocks, and a view (a modal in Slack) when it opens one."""

    blocks: list[BlockLike] = field(default_factory=list)
    view: Any = None


def action_of(element: dict[str, Any]) -> str:
    """The element's action id, without the ``#2`` of a numbered copy."""
    return str(element.get("action_id") or "").split("#", 1)[0]


def pressable(element: dict[str, Any]) -> bool:
    """Whether the console can do what pressing ``element`` does in Slack."""
    return action_of(element) in PRESSABLE


def press(button: Button, engine: Engine, settings: Settings) -> Pressed:
    """Do what the Slack listener does for ``button``, and return what it shows."""
    kb = engine.knowledge
    action, value = button.action, button.value
    try:
        if action in (ACTION_SHOW, ACTION_PICK_THEME):
            ref = Ref("theme", value) if action == ACTION_PICK_THEME else Ref.parse(value)
            shown = answer_message(resolve(engine, ref), kb, door=FrontDoor.of(settings))
            return Pressed(blocks=list(shown.blocks))
        if action == ACTION_OPEN_CASE:
            return Pressed(view=case_modal(kb.cases[value], kb))
        if action == ACTION_MORE_QUESTIONS:
            return Pressed(view=questions_view(kb, Ref.parse(value)))
        if action == ACTION_ANOTHER_QUESTION:
            return Pressed(blocks=list(question_reply(kb, int(value or 0)).blocks))
        reply = run_command(
            value, engine, command=settings.command, surface="console", settings=settings
        )
        return Pressed(blocks=list(reply.blocks))
    except (KeyError, ValueError):  # gone since it was shown (the knowledge changed)
        return Pressed(blocks=list(notice_message(CONSOLE_GONE).blocks))
