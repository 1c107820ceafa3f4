"""Helpful / not helpful on answers, and "what were you looking for?" after not helpful.

Both are acknowledged at once; the modal opens in the lazy listener right after the
ack (its trigger lasts three seconds) and the counts are written in the background
(:mod:`bot.feedback`). What someone types in the modal is never logged or kept:
only the topic it comes to is counted.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.feedback import feedback_modal, parse_feedback
from bot.blocks.ids import (
    ACTION_FEEDBACK,
    CALLBACK_FEEDBACK,
    FEEDBACK_BLOCK,
    FEEDBACK_INPUT,
    action_pattern,
)
from bot.blocks.primitives import notice_message
from bot.feedback import record_feedback, record_looking_for
from bot.listeners.failures import reporting, tell
from bot.listeners.origin import Origin, show_message
from bot.messages.answers import FEEDBACK_PERSONAL, FEEDBACK_THANKS
from bot.refs import Engine
from bot.workspaces import workspace_of
from index.settings import Settings

log = logging.getLogger(__name__)


def acknowledge(ack: Ack) -> None:
    ack()


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Listen for the feedback buttons and the "what were you looking for?" modal."""

    def take_feedback(
        body: dict[str, Any],
        client: WebClient,
        respond: Any,
        action: dict[str, Any],
        context: dict[str, Any],
    ) -> None:
        parsed = parse_feedback(str(action.get("value") or ""))
        if parsed is None:
            return
        helpful, ref = parsed
        kind, _, item = ref.partition(":")
        origin = Origin.of(body)
        with reporting("take feedback", origin, respond, client):
            if not helpful and origin.trigger_id:
                # First, while the trigger is fresh: the one optional question.
                client.views_open(trigger_id=origin.trigger_id, view=feedback_modal(ref))
            record_feedback(
                settings, kind, item, helpful=helpful, workspace=workspace_of(settings, context)
            )
            log.info("feedback kind=%s id=%s helpful=%s", kind, item, helpful)
            if helpful:
                show_message(
                    respond, client, origin, notice_message(FEEDBACK_THANKS), replace=False
                )

    def take_looking_for(
        body: dict[str, Any], view: dict[str, Any], client: WebClient, context: dict[str, Any]
    ) -> None:
        values = (view.get("state") or {}).get("values") or {}
        typed = str(
            ((values.get(FEEDBACK_BLOCK) or {}).get(FEEDBACK_INPUT) or {}).get("value") or ""
        )
        if not typed.strip():
            return
        personal = record_looking_for(
            settings, engine, typed, workspace=workspace_of(settings, context)
        )
        if personal:
            kinds = " and ".join(personal)
            tell(Origin.of(body), None, client, FEEDBACK_PERSONAL.format(kinds=kinds))

    app.action(action_pattern(ACTION_FEEDBACK))(ack=acknowledge, lazy=[take_feedback])
    app.view(CALLBACK_FEEDBACK)(ack=acknowledge, lazy=[take_looking_for])
