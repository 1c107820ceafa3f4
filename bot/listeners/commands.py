"""The slash command (``/scr`` unless settings name another).

The answer is worked out on the request thread and sent back as the ack itself:
a lookup is local and takes milliseconds, and answering in the ack saves a
round trip to ``response_url``. Nothing before the ack calls Slack or waits for
the state file (lookups are counted in the background, see :mod:`bot.records`).
A verb that opens a modal has it opened by a lazy listener right after the ack,
well within the three seconds its trigger lasts; a verb that writes to the state
file or takes long (``AFTER_ACK``: ``digest``, ``admin``) is answered by that
lazy listener, through the command's ``response_url``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.blocks.primitives import Message, notice_message
from bot.commands import Reply, answered_after_ack, run_command
from bot.listeners.failures import reporting
from bot.listeners.origin import Origin, show_message
from bot.messages.failures import SOMETHING_WENT_WRONG
from bot.refs import Engine
from bot.workspaces import workspace_of
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

    def reply_to(command: dict[str, Any], context: BoltContext) -> Reply:
        return run_command(
            command.get("text") or "",
            engine,
            command=settings.command,
            user_id=command.get("user_id"),
            channel_id=command.get("channel_id"),
            surface="slash",
            settings=settings,
            granted_scopes=granted_scopes(context),
            workspace=workspace_of(settings, context),
        )

    def answer_command(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        if answered_after_ack(command.get("text") or ""):
            ack()  # the answer follows through the response_url
            return
        try:
            reply = reply_to(command, context)
        except Exception:
            log.exception("The slash command failed.")
            reply = Reply.of(notice_message(SOMETHING_WENT_WRONG))
        if reply.modal is not None and command.get("trigger_id"):
            pending.put(str(command["trigger_id"]), reply.modal)
        if reply.modal is not None and not reply.blocks:
            ack()
            return
        ack(response_type=reply.response_type, text=reply.text, blocks=reply.blocks)

    def after_ack(
        body: dict[str, Any],
        command: dict[str, Any],
        client: WebClient,
        respond: Any,
        context: BoltContext,
    ) -> None:
        if answered_after_ack(command.get("text") or ""):
            with reporting("answer a command", Origin.of(body), respond, client):
                reply = reply_to(command, context)
                shown = Message(reply.text, reply.blocks)
                show_message(respond, client, Origin.of(body), shown, replace=False)
            return
        view = pending.take(str(command.get("trigger_id") or ""))
        if view is None:
            return  # this command opens no modal
        with reporting("open a modal", Origin.of(body), respond, client):
            client.views_open(trigger_id=command.get("trigger_id"), view=view)

    app.command(settings.command)(ack=answer_command, lazy=[after_ack])


def granted_scopes(context: BoltContext) -> frozenset[str] | None:
    """The bot token's scopes, as ``auth.test`` reported them when the app started."""
    result = context.authorize_result
    scopes = result.bot_scopes if result is not None else None
    return frozenset(scopes) if scopes is not None else None
