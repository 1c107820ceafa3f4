"""The message shortcut *Find related learning*: the learning that matches a message.

The message's words are searched but never shown back: it may be someone else's
message, and the modal is the reader's own.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.home import related_modal
from bot.commands.search import MAX_QUERY, lookup
from bot.listeners.failures import reporting
from bot.listeners.origin import Origin
from bot.refs import Engine
from bot.safety import FrontDoor
from bot.slack_text import plain_words
from index.settings import Settings

log = logging.getLogger(__name__)

#: The message shortcut's callback id, as the manifest declares it.
FIND_RELATED_LEARNING = "find_related_learning"


def acknowledge(ack: Ack) -> None:
    ack()


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Listen for the *Find related learning* message shortcut."""

    def find_related_learning(body: dict[str, Any], client: WebClient, respond: Any) -> None:
        origin = Origin.of(body)
        with reporting("find related learning", origin, respond, client):
            words = plain_words((body.get("message") or {}).get("text") or "")[:MAX_QUERY]
            response = lookup(engine, words)[0] if words else None
            found = len(response.results) if response else 0
            log.info("related learning results=%d", found)
            view = related_modal(
                response, engine.knowledge, command=settings.command, door=FrontDoor.of(settings)
            )
            client.views_open(trigger_id=body.get("trigger_id"), view=view)

    app.shortcut(FIND_RELATED_LEARNING)(ack=acknowledge, lazy=[find_related_learning])
