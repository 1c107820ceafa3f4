"""The slash command (``/scr`` unless settings name another).

The answer is worked out on the request thread and sent back as the ack itself:
a lookup is local and takes milliseconds, and answering in the ack saves a
round trip to ``response_url``. A verb that opens a modal opens it before the ack,
while its trigger is fresh.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.primitives import notice_message
from bot.commands import Reply, run_command
from bot.listeners.failures import reporting
from bot.listeners.origin import Origin
from bot.messages.failures import SOMETHING_WENT_WRONG
from bot.refs import Engine
from index.settings import Settings

log = logging.getLogger(__name__)


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Listen for the slash command."""

    def answer_command(
        ack: Ack, command: dict[str, Any], body: dict[str, Any], client: WebClient, respond: Any
    ) -> None:
        try:
            reply = run_command(
                command.get("text") or "",
                engine,
                command=settings.command,
                user_id=command.get("user_id"),
                channel_id=command.get("channel_id"),
                surface="slash",
                settings=settings,
            )
        except Exception:
            log.exception("The slash command failed.")
            reply = Reply.of(notice_message(SOMETHING_WENT_WRONG))
        if reply.modal is not None:
            with reporting("open a modal", Origin.of(body), respond, client):
                client.views_open(trigger_id=command.get("trigger_id"), view=reply.modal)
            if not reply.blocks:
                ack()
                return
        ack(response_type=reply.response_type, text=reply.text, blocks=reply.blocks)

    app.command(settings.command)(answer_command)
