"""The slash command (``/scr`` unless settings name another).

The answer is worked out on the request thread and sent back as the ack itself:
a lookup is local and takes milliseconds, and answering in the ack saves a
round trip to ``response_url``. Nothing before the ack calls Slack or waits for
the state file (lookups are counted in the background, see :mod:`bot.records`).
A verb that opens a modal has it opened by a lazy listener right after the ack,
well within the three seconds its trigger lasts.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.blocks.primitives import notice_message
from bot.commands import Reply, run_command
from bot.listeners.failures import reporting
from bot.listeners.origin import Origin
from bot.messages.failures import SOMETHING_WENT_WRONG
from bot.refs import Engine
from index.settings import Settings

log = logging.getLogger(__name__)


class PendingModals:
    """Modals worked out in a command's ack, waiting for its lazy listener to open
    them; keyed by the command's trigger id (both run in this process)."""

    KEEP = 500

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._views: dict[str, View] = {}

    def put(self, trigger_id: str, view: View) -> None:
        with self._lock:
            self._views[trigger_id] = view
            while len(self._views) > self.KEEP:
                self._views.pop(next(iter(self._views)))

    def take(self, trigger_id: str) -> View | None:
        with self._lock:
            return self._views.pop(trigger_id, None)


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Listen for the slash command."""
    pending = PendingModals()

    def answer_command(ack: Ack, command: dict[str, Any]) -> None:
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
        if reply.modal is not None and command.get("trigger_id"):
            pending.put(str(command["trigger_id"]), reply.modal)
        if reply.modal is not None and not reply.blocks:
            ack()
            return
        ack(response_type=reply.response_type, text=reply.text, blocks=reply.blocks)

    def open_modal(
        body: dict[str, Any], command: dict[str, Any], client: WebClient, respond: Any
    ) -> None:
        view = pending.take(str(command.get("trigger_id") or ""))
        if view is None:
            return  # this command opens no modal
        with reporting("open a modal", Origin.of(body), respond, client):
            client.views_open(trigger_id=command.get("trigger_id"), view=view)

    app.command(settings.command)(ack=answer_command, lazy=[open_modal])
