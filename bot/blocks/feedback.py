"""Helpful / not helpful on every answer, and the optional question after "not helpful".

In a message posted to a conversation the buttons are Slack's own feedback buttons
(a ``context_actions`` block with ``feedback_buttons``). Where those are not shown —
a private (ephemeral) answer, a reply through a ``response_url``, a modal — they
are ordinary buttons with the same action id and values. Each button's value is
``helpful|<kind>:<id>`` or ``not_helpful|<kind>:<id>``: the theme or case the answer
is about, and nothing about who pressed it.
"""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextActionsBlock,
    FeedbackButtonObject,
    FeedbackButtonsElement,
    InputBlock,
    PlainTextInputElement,
    PlainTextObject,
)
from slack_sdk.models.views import View

from bot.blocks.ids import ACTION_FEEDBACK, CALLBACK_FEEDBACK, FEEDBACK_BLOCK, FEEDBACK_INPUT
from bot.blocks.primitives import actions, button, context, modal, sections, truncate
from bot.messages.answers import (
    FEEDBACK_HELPFUL,
    FEEDBACK_LOOKING_FOR,
    FEEDBACK_LOOKING_FOR_HINT,
    FEEDBACK_MODAL_INTRO,
    FEEDBACK_MODAL_TITLE,
    FEEDBACK_NOT_HELPFUL,
    FEEDBACK_PROMPT,
    FEEDBACK_SUBMIT,
    SPOKEN_HELPFUL,
    SPOKEN_NOT_HELPFUL,
)
from index.answers import Result

#: Where the native feedback buttons are shown: messages posted to a conversation.
NATIVE = "native"
#: Ordinary buttons: private answers, response_url replies and modals.
BUTTONS = "buttons"
HELPFUL, NOT_HELPFUL = "helpful", "not_helpful"
#: The longest note on what someone was looking for (only its topic is kept).
MAX_LOOKING_FOR = 300
#: Slack's limit on a feedback button's accessibility label.
MAX_SPOKEN = 75


def subject_ref(result: Result) -> str | None:
    """The theme or case feedback on ``result`` counts towards (``theme:<id>``)."""
    if result.theme_id:
        return f"theme:{result.theme_id}"
    if result.case_id:
        return f"case:{result.case_id}"
    return None


def feedback_value(verdict: str, ref: str) -> str:
    """``helpful|theme:disguised-compliance``."""
    return f"{verdict}|{ref}"


def parse_feedback(value: str) -> tuple[bool, str] | None:
    """``(helpful, ref)`` from a feedback button's value; None when it is not one."""
    verdict, _, ref = (value or "").partition("|")
    if verdict not in (HELPFUL, NOT_HELPFUL) or ":" not in ref:
        return None
    return verdict == HELPFUL, ref


def feedback_blocks(ref: str, title: str, *, style: str) -> list[Block]:
    """Helpful / not helpful for an answer about ``ref`` (``theme:…`` or ``case:…``)."""
    helpful_label = truncate(SPOKEN_HELPFUL.format(title=title), MAX_SPOKEN)
    unhelpful_label = truncate(SPOKEN_NOT_HELPFUL.format(title=title), MAX_SPOKEN)
    if style == NATIVE:
        return [
            ContextActionsBlock(
                elements=[
                    FeedbackButtonsElement(
                        action_id=ACTION_FEEDBACK,
                        positive_button=FeedbackButtonObject(
                            text=FEEDBACK_HELPFUL,
                            value=feedback_value(HELPFUL, ref),
                            accessibility_label=helpful_label,
                        ),
                        negative_button=FeedbackButtonObject(
                            text=FEEDBACK_NOT_HELPFUL,
                            value=feedback_value(NOT_HELPFUL, ref),
                            accessibility_label=unhelpful_label,
                        ),
                    )
                ]
            )
        ]
    return [
        context(FEEDBACK_PROMPT),
        actions(
            button(
                FEEDBACK_HELPFUL,
                ACTION_FEEDBACK,
                feedback_value(HELPFUL, ref),
                accessibility_label=helpful_label,
            ),
            button(
                FEEDBACK_NOT_HELPFUL,
                ACTION_FEEDBACK,
                feedback_value(NOT_HELPFUL, ref),
                accessibility_label=unhelpful_label,
            ),
        ),
    ]


def feedback_modal(ref: str) -> View:
    """The one optional question after "not helpful": what were you looking for?"""
    found: list[Block] = [*sections(FEEDBACK_MODAL_INTRO)]
    found.append(
        InputBlock(
            block_id=FEEDBACK_BLOCK,
            label=PlainTextObject(text=FEEDBACK_LOOKING_FOR),
            element=PlainTextInputElement(
                action_id=FEEDBACK_INPUT, multiline=True, max_length=MAX_LOOKING_FOR
            ),
            hint=PlainTextObject(text=FEEDBACK_LOOKING_FOR_HINT),
            optional=True,
        )
    )
    return modal(
        FEEDBACK_MODAL_TITLE,
        found,
        callback_id=CALLBACK_FEEDBACK,
        submit=FEEDBACK_SUBMIT,
        private_metadata=ref,
    )
