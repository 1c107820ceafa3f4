"""Where an interaction came from, and how to answer someone there.

A button can be pressed in a private (ephemeral) answer, in a message everyone
sees, in a modal or on the home tab; each needs a different way to show the next
thing. :class:`Origin` reads that from the payload, and :func:`show_message` and
:func:`show_view` answer accordingly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from bot.blocks.primitives import Message
from bot.posting import post_once

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A reply to a ``response_url`` was refused (the URL expired, or Slack said no)."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"response_url answered HTTP {status}: {body[:100]}")
        self.status = status
        self.body = body


@dataclass(frozen=True)
class Origin:
    """Where an interaction happened: ``ephemeral``, ``message``, ``modal``, ``home``
    or ``event`` (a mention or direct message), and the ids needed to answer there."""

    kind: str
    user_id: str | None = None
    channel_id: str | None = None
    thread_ts: str | None = None
    trigger_id: str | None = None
    response_url: str | None = None
    view_id: str | None = None

    @classmethod
    def of(cls, body: dict[str, Any]) -> Origin:
        """Read the origin from an interaction or event payload."""
        user = body.get("user")
        user_id = user.get("id") if isinstance(user, dict) else body.get("user_id") or user
        channel = body.get("channel")
        channel_id = channel.get("id") if isinstance(channel, dict) else body.get("channel_id")
        container = body.get("container") or {}
        view = body.get("view") or {}
        response_url = body.get("response_url")
        if body.get("type") == "event_callback":
            event = body.get("event") or {}
            return cls(
                kind="event",
                user_id=event.get("user"),
                channel_id=event.get("channel"),
                thread_ts=event.get("thread_ts") or event.get("ts"),
            )
        if view:
            kind = "home" if view.get("type") == "home" else "modal"
        elif container.get("type") == "message" and not container.get("is_ephemeral"):
            kind = "message"
        else:
            kind = "ephemeral"
        return cls(
            kind=kind,
            user_id=user_id,
            channel_id=channel_id or container.get("channel_id"),
            trigger_id=body.get("trigger_id"),
            response_url=response_url,
            view_id=view.get("id"),
        )


def show_view(client: WebClient, origin: Origin, view: View) -> None:
    """Open ``view`` as a modal, or push it onto the modal already open."""
    if origin.kind == "modal" and origin.view_id:
        try:
            client.views_push(trigger_id=origin.trigger_id, view=view)
            return
        except SlackApiError as error:
            if error.response.status_code == 429:
                raise
            # Slack allows three modals in a stack; past that (or if pushing is
            # refused) show the new one in place of the current one.
            log.info(
                "Could not push a modal (%s); updating it instead.", error.response.get("error")
            )
        client.views_update(view_id=origin.view_id, view=view)
        return
    client.views_open(trigger_id=origin.trigger_id, view=view)


def show_message(
    respond: Any, client: WebClient, origin: Origin, message: Message, *, replace: bool = True
) -> None:
    """Show ``message`` to the person who pressed: in place of a private answer
    when ``replace``, else as a new private message."""
    if origin.response_url:
        answer = respond(
            text=message.text,
            blocks=message.blocks,
            response_type="ephemeral",
            replace_original=replace and origin.kind == "ephemeral",
        )
        status = getattr(answer, "status_code", 200)
        if status != 200:
            raise DeliveryError(status, str(getattr(answer, "body", "")))
        return
    if origin.channel_id and origin.user_id and not origin.channel_id.startswith("D"):
        client.chat_postEphemeral(
            channel=origin.channel_id, user=origin.user_id, text=message.text, blocks=message.blocks
        )
        return
    if origin.user_id:
        # From the home tab or a modal there is no conversation: use the app's DM.
        post_once(client, channel=origin.user_id, text=message.text, blocks=message.blocks)
