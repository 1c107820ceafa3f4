"""Telling people when something failed: what happened and what to do.

Every listener does its Slack work inside :func:`reporting`. A failure is logged
with what was being done and Slack's error code (never what anyone typed, nor
who), and the person gets a short private message in plain words: invite the
bot, try again in a minute, and so on. Nothing fails silently, and nothing
escapes to crash a worker thread.
"""

from __future__ import annotations

import logging
import socket
import urllib.error
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.primitives import notice_message
from bot.listeners.origin import DeliveryError, Origin, show_message
from bot.messages.answers import (
    SHARE_ARCHIVED,
    SHARE_DIRECT_MESSAGE,
    SHARE_NOT_IN_CHANNEL,
    SHARE_RESTRICTED,
)
from bot.messages.failures import (
    GONE,
    MODAL_EXPIRED,
    POST_UNCERTAIN,
    RESPONSE_EXPIRED,
    SLACK_BUSY,
    SLACK_REFUSED,
    SLACK_UNAVAILABLE,
    SLACK_UNREACHABLE,
    SOMETHING_WENT_WRONG,
)
from bot.posting import UncertainPost, post_once

log = logging.getLogger(__name__)

_NOT_A_MEMBER = {"not_in_channel", "channel_not_found"}
_RESTRICTED = {
    "restricted_action",
    "restricted_action_read_only_channel",
    "restricted_action_thread_only_channel",
    "restricted_action_non_threadable_channel",
    "cannot_reply_to_message",
}
_TRIGGER = {"expired_trigger_id", "trigger_expired", "invalid_trigger_id", "exchanged_trigger_id"}


def slack_error(error: BaseException) -> str | None:
    """Slack's error code for a failed Web API call ("not_in_channel"), if it was one."""
    if isinstance(error, SlackApiError):
        response = error.response
        if response.status_code == 429:
            return "ratelimited"
        code = response.get("error") if isinstance(response.data, dict) else None
        return str(code or f"http_{response.status_code}")
    return None


def _http_status(error: BaseException) -> int | None:
    """The HTTP status Slack answered a Web API call or a reply with, if it was one."""
    if isinstance(error, SlackApiError):
        return int(error.response.status_code)
    if isinstance(error, DeliveryError):
        return error.status
    return None


def explain(error: BaseException, origin: Origin, *, bot_user_id: str | None = None) -> str:
    """What to tell the person about ``error``, in plain words."""
    # A 429 or 5xx here has outlasted the retries: Slack is busy, so the person
    # should try again later (not be told their answer timed out).
    if isinstance(error, UncertainPost):
        return POST_UNCERTAIN
    status = _http_status(error)
    if status == 429:
        return SLACK_BUSY
    if status is not None and status >= 500:
        return SLACK_UNAVAILABLE
    code = slack_error(error)
    if code in _NOT_A_MEMBER:
        if (origin.channel_id or "").startswith("D"):
            return SHARE_DIRECT_MESSAGE
        bot = f"<@{bot_user_id}>" if bot_user_id else "@scrbot"
        return SHARE_NOT_IN_CHANNEL.format(bot=bot)
    if code == "is_archived":
        return SHARE_ARCHIVED
    if code in _RESTRICTED:
        return SHARE_RESTRICTED
    if code in _TRIGGER:
        return MODAL_EXPIRED
    if code is not None:
        return SLACK_REFUSED.format(error=code)
    if isinstance(error, DeliveryError):
        return RESPONSE_EXPIRED
    if isinstance(error, KeyError):
        return GONE
    if isinstance(error, urllib.error.URLError | socket.timeout | ConnectionError | TimeoutError):
        return SLACK_UNREACHABLE
    return SOMETHING_WENT_WRONG


def tell(
    origin: Origin, respond: Any, client: WebClient, text: str, *, usual_route: bool = True
) -> None:
    """Tell the person ``text`` privately, by whatever way still works; never raises.

    Without ``usual_route`` the ``response_url`` is not tried: it is the route that
    just failed, and trying it again would keep the person waiting for nothing.
    """
    message = notice_message(text)
    if usual_route:
        try:
            show_message(respond, client, origin, message, replace=False)
            return
        except Exception as error:  # the reply route itself failed; try the next one
            log.warning(
                "Could not reply by the usual route (%s).",
                slack_error(error) or type(error).__name__,
            )
    try:
        if origin.channel_id and origin.user_id and not origin.channel_id.startswith("D"):
            client.chat_postEphemeral(
                channel=origin.channel_id,
                user=origin.user_id,
                text=message.text,
                blocks=message.blocks,
            )
        elif origin.user_id:
            post_once(client, channel=origin.user_id, text=message.text, blocks=message.blocks)
    except Exception as error:
        log.warning(
            "Could not tell someone that something failed (%s).",
            slack_error(error) or type(error).__name__,
        )


@contextmanager
def reporting(
    doing: str,
    origin: Origin,
    respond: Any,
    client: WebClient,
    *,
    bot_user_id: str | None = None,
) -> Iterator[None]:
    """Run the block; on any failure, log it and tell the person what to do.

    ``doing`` names the task for the log, e.g. "share an answer".
    """
    try:
        yield
    except Exception as error:
        code = slack_error(error)
        if code is not None:
            log.warning("Could not %s: Slack said %s.", doing, code)
        elif isinstance(
            error,
            DeliveryError | KeyError | UncertainPost | urllib.error.URLError | ConnectionError,
        ):
            log.warning("Could not %s: %s.", doing, type(error).__name__)
        else:
            log.exception("Could not %s.", doing)
        explained = explain(error, origin, bot_user_id=bot_user_id)
        tell(origin, respond, client, explained, usual_route=not isinstance(error, DeliveryError))
