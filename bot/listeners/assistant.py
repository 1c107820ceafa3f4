"""Slack's assistant pane (the split view for apps), through Bolt's ``Assistant``.

A new thread gets suggested prompts: this week's theme, "What is disguised
compliance?", "Start a supervision discussion" and "What's new". A message in the
thread gets the same answer as a lookup, with a status while the bot looks and the
answer's title as the thread's title. Every event is acknowledged at once; the
work, all Web API calls, is done in lazy listeners. Nothing needs a language model.

Where a workspace has not turned the assistant view on, none of its events arrive,
and mentions, direct messages and the slash command work as ever. (Bolt counts any
reply in a thread of the app's direct messages as an assistant message: it gets the
same answer, and the status and title calls, refused there, are left at that.)
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_bolt import Ack, App, Assistant
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.primitives import truncate
from bot.commands import run_command
from bot.listeners.failures import reporting, slack_error
from bot.listeners.home import weekly_theme
from bot.listeners.origin import Origin
from bot.messages.answers import (
    ASSISTANT_PROMPTS,
    ASSISTANT_PROMPTS_TITLE,
    ASSISTANT_STATUS,
    ASSISTANT_THIS_WEEK,
)
from bot.posting import post_once
from bot.refs import Engine
from bot.slack_text import plain_words
from index.settings import Settings

log = logging.getLogger(__name__)

#: The longest thread title shown.
MAX_TITLE = 60


def acknowledge(ack: Ack) -> None:
    ack()


def suggested_prompts(engine: Engine, settings: Settings) -> list[dict[str, str]]:
    """The four prompts a new thread offers, this week's theme first."""
    theme, _ = weekly_theme(engine.knowledge, settings, date.today())
    prompts = [{"title": title, "message": message} for title, message in ASSISTANT_PROMPTS]
    if theme is not None:
        prompts.insert(0, {"title": ASSISTANT_THIS_WEEK, "message": theme.title})
    return prompts[:4]


def _try(doing: str, call: Any, **arguments: Any) -> None:
    """An assistant pane call that is worth making but not worth failing over."""
    try:
        call(**arguments)
    except SlackApiError as error:
        log.info("Could not %s in the assistant pane (%s).", doing, slack_error(error))


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Answer in the assistant pane, when a workspace has it."""
    assistant = Assistant()

    def offer_prompts(body: dict[str, Any], client: WebClient) -> None:
        thread = (body.get("event") or {}).get("assistant_thread") or {}
        with reporting("offer prompts", Origin.of(body), None, client):
            _try(
                "suggest prompts",
                client.assistant_threads_setSuggestedPrompts,
                channel_id=thread.get("channel_id"),
                thread_ts=thread.get("thread_ts"),
                title=ASSISTANT_PROMPTS_TITLE,
                prompts=suggested_prompts(engine, settings),
            )

    def answer_in_thread(body: dict[str, Any], client: WebClient) -> None:
        event = body.get("event") or {}
        channel, thread_ts = event.get("channel"), event.get("thread_ts")
        where = {"channel_id": channel, "thread_ts": thread_ts}
        with reporting("answer in the assistant pane", Origin.of(body), None, client):
            _try(
                "show a status",
                client.assistant_threads_setStatus,
                status=ASSISTANT_STATUS,
                **where,
            )
            reply = run_command(
                plain_words(event.get("text") or ""),
                engine,
                command=settings.command,
                surface="dm",
                settings=settings,
            )
            post_once(
                client,
                channel=str(channel),
                thread_ts=thread_ts,
                text=reply.text,
                blocks=reply.blocks,
            )
            # The answer's own words (from the knowledge), never what was typed.
            title = truncate(reply.text.split("\n", 1)[0], MAX_TITLE)
            _try("set the title", client.assistant_threads_setTitle, title=title, **where)

    # Called with lazy= and then the ack (called with the function alone, Bolt drops lazy).
    assistant.thread_started(lazy=[offer_prompts])(acknowledge)
    assistant.user_message(lazy=[answer_in_thread])(acknowledge)
    # Bolt's default saves the thread's context with Web API calls before the ack;
    # the answers do not depend on which channel the pane was opened beside.
    assistant.thread_context_changed(acknowledge)
    app.assistant(assistant)
