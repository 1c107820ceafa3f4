"""The buttons under an answer card: open the case or theme, more questions, share,
start a discussion; each says to a screen reader what it acts on."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ButtonElement

from bot.blocks.ids import (
    ACTION_DISCUSS,
    ACTION_MORE_QUESTIONS,
    ACTION_OPEN_CASE,
    ACTION_SHARE,
    ACTION_SHOW,
)
from bot.blocks.primitives import actions, button
from bot.messages.answers import (
    BUTTON_DISCUSS,
    BUTTON_MORE_QUESTIONS,
    BUTTON_OPEN_CASE,
    BUTTON_OPEN_THEME,
    BUTTON_SHARE,
    SPOKEN_DISCUSS,
    SPOKEN_MORE_QUESTIONS,
    SPOKEN_OPEN,
    SPOKEN_OPEN_THEME,
    SPOKEN_SHARE,
)
from bot.refs import Ref
from index.answers import Result


def _question_ref(result: Result) -> Ref | None:
    """What *More questions* and *Start a discussion* open for this result."""
    if result.kind in ("theme", "case"):
        return Ref.of(result)
    if result.theme_id:
        return Ref("theme", result.theme_id)
    if result.case_id:
        return Ref("case", result.case_id)
    return None


def answer_actions(result: Result, *, shareable: bool) -> list[Block]:
    """The row of buttons under ``result``'s card (none when it has none)."""
    buttons = _answer_buttons(result, shareable=shareable)
    return [actions(*buttons)] if buttons else []


def _answer_buttons(result: Result, *, shareable: bool) -> list[ButtonElement]:
    found = []
    title = result.title
    case_id = result.id if result.kind == "case" else result.case_id
    if case_id and result.kind in ("case", "recommendation"):
        spoken = SPOKEN_OPEN.format(title=title)
        found.append(
            button(
                BUTTON_OPEN_CASE,
                ACTION_OPEN_CASE,
                case_id,
                primary=True,
                accessibility_label=spoken,
            )
        )
    if result.kind == "question" and result.theme_id:
        spoken = SPOKEN_OPEN_THEME.format(title=title)
        ref = f"theme:{result.theme_id}"
        found.append(button(BUTTON_OPEN_THEME, ACTION_SHOW, ref, accessibility_label=spoken))
    questions = _question_ref(result)
    if questions and result.kind != "glossary":
        spoken = SPOKEN_MORE_QUESTIONS.format(title=title)
        found.append(
            button(
                BUTTON_MORE_QUESTIONS,
                ACTION_MORE_QUESTIONS,
                str(questions),
                accessibility_label=spoken,
            )
        )
    if shareable:
        spoken = SPOKEN_SHARE.format(title=title)
        ref = str(Ref.of(result))
        found.append(button(BUTTON_SHARE, ACTION_SHARE, ref, accessibility_label=spoken))
    if questions and result.kind != "glossary":
        spoken = SPOKEN_DISCUSS.format(title=title)
        found.append(
            button(BUTTON_DISCUSS, ACTION_DISCUSS, str(questions), accessibility_label=spoken)
        )
    return found
