"""Mentions in channels and direct messages: answered in a thread, or in the DM.

Events are acknowledged at once and answered in a lazy listener, so Slack has its
HTTP 200 within milliseconds however long posting takes. Slack retries an event
it thinks was missed; :class:`bot.dedupe.EventDeduplicator` (a middleware in
:func:`bot.app.build_app`) makes sure each is answered once.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.primitives import notice_message
from bot.commands import Reply, run_command
from bot.listeners.failures import reporting
from bot.listeners.origin import Origin
from bot.messages.failures import MODAL_NEEDS_COMMAND
from bot.posting import post_once
from bot.refs import Engine
from bot.slack_text import plain_words
from bot.workspaces import workspace_of
from index.settings import Settings

log = logging.getLogger(__name__)


def acknowledge(ack: Ack) -> None:
    ack()


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Listen for ``app_mention`` and ``message`` (direct messages only)."""

    def reply_to(text: str, surface: str, context: BoltContext, event: dict[str, Any]) -> Reply:
        # Who and where, for decisions only (an admin's digest pin in its channel),
        # never logged with the text.
        reply = run_command(
            text,
            engine,
            command=settings.command,
            user_id=event.get("user"),
            channel_id=event.get("channel"),
            surface=surface,
            settings=settings,
            workspace=workspace_of(settings, context),
        )
        if reply.modal is not None and not reply.blocks:
            note = MODAL_NEEDS_COMMAND.format(command=settings.command, text=text)
            return Reply.of(notice_message(note))
        return reply

    def post(
        client: WebClient,
        body: dict[str, Any],
        context: BoltContext,
        surface: str,
        thread_ts: str | None,
    ) -> None:
        event = body["event"]
        origin = Origin.of(body)
        with reporting(f"answer a {surface}", origin, None, client):
            reply = reply_to(plain_words(event.get("text") or ""), surface, context, event)
            post_once(
                client,
                channel=event["channel"],
                thread_ts=thread_ts,
                text=reply.text,
                blocks=reply.blocks,
            )

    def answer_mention(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        event = body["event"]
        # Always in a thread: under the message that mentioned the bot, or in its thread.
        post(client, body, context, "mention", event.get("thread_ts") or event.get("ts"))

    def answer_direct_message(
        body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        event = body["event"]
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return  # edits, joins, other bots, and anything outside the bot's DMs
        post(client, body, context, "direct message", event.get("thread_ts"))

    app.event("app_mention")(ack=acknowledge, lazy=[answer_mention])
    app.event("message")(ack=acknowledge, lazy=[answer_direct_message])
