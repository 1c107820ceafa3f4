"""Payloads shaped as Slack sends them, with plainly fictional ids.

The same builders feed the HTTP client (:mod:`tests.fakes.slack_client`) and
the Socket Mode server (:mod:`tests.fakes.socket_mode`): Slack sends identical
payloads over both transports, only the envelope differs.

Fictional workspace: team ``T000TEST``; people ``U000LEAD`` (a team lead),
``U000PRAC`` (a practitioner), ``U000ADMIN`` (a learning lead); channels
``C000TEAM`` and ``C000DIGEST``; the bot is ``U000SCRBOT``.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from tests.fakes.slack_api import APP_ID, BOT_ID, BOT_USER_ID, TEAM_ID

_sequence = itertools.count(1)


def _next(prefix: str, width: int = 8) -> str:
    return f"{prefix}{next(_sequence):0{width}d}"


def trigger_id() -> str:
    """A fresh trigger id (Slack's are valid for 3 seconds; the fake accepts any)."""
    return f"{int(time.time())}.000000000.{_next('test', 12)}"


def slash_command(
    text: str,
    *,
    command: str = "/scr",
    user_id: str = "U000LEAD",
    channel_id: str = "C000TEAM",
    channel_name: str = "team-learning",
    response_url: str = "https://hooks.slack.invalid/commands/T000TEST/0/fictional",
    **overrides: str,
) -> dict[str, str]:
    """The form fields of a slash command invocation."""
    fields = {
        "token": "fictional-verification-token",
        "team_id": TEAM_ID,
        "team_domain": "fictional-test-team",
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id(),
    }
    fields.update(overrides)
    return fields


def event_callback(
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    bot_user_id: str = BOT_USER_ID,
) -> dict[str, Any]:
    """An Events API ``event_callback`` wrapping ``event``, for workspace ``team_id``
    (whose bot user is ``bot_user_id``)."""
    return {
        "token": "fictional-verification-token",
        "team_id": team_id,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or _next("Ev", 10),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": _next("4-fictional-context-", 6),
    }


def app_mention(
    text: str, *, user: str = "U000LEAD", channel: str = "C000TEAM", thread_ts: str | None = None
) -> dict[str, Any]:
    """An ``app_mention`` event: someone wrote ``@scrbot <text>`` in a channel."""
    ts = f"{time.time():.6f}"
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(text: str, *, user: str = "U000LEAD") -> dict[str, Any]:
    """A ``message`` event in the app's DM (``message.im``)."""
    ts = f"{time.time():.6f}"
    return {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": "D" + user[1:],
        "event_ts": ts,
        "team": TEAM_ID,
    }


def app_home_opened(*, user: str = "U000LEAD", tab: str = "home") -> dict[str, Any]:
    """An ``app_home_opened`` event."""
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": "D" + user[1:],
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }


def assistant_thread_started(
    kind: str = "assistant_thread_started",
    *,
    user: str = "U000LEAD",
    thread_ts: str = "1764000000.000100",
) -> dict[str, Any]:
    """An assistant pane event: a new thread (or its context changed)."""
    return {
        "type": kind,
        "assistant_thread": {
            "user_id": user,
            "context": {"channel_id": "C000TEAM", "team_id": TEAM_ID, "enterprise_id": None},
            "channel_id": "D" + user[1:],
            "thread_ts": thread_ts,
        },
        "event_ts": f"{time.time():.6f}",
    }


def _interaction_base(user_id: str, kind: str) -> dict[str, Any]:
    return {
        "type": kind,
        "team": {"id": TEAM_ID, "domain": "fictional-test-team"},
        "user": {
            "id": user_id,
            "username": user_id.lower(),
            "name": user_id.lower(),
            "team_id": TEAM_ID,
        },
        "api_app_id": APP_ID,
        "token": "fictional-verification-token",
        "trigger_id": trigger_id(),
        "is_enterprise_install": False,
        "enterprise": None,
    }


def block_actions(
    action_id: str,
    value: str = "",
    *,
    user_id: str = "U000LEAD",
    channel_id: str = "C000TEAM",
    block_id: str = "fictional-block",
    message: dict[str, Any] | None = None,
    response_url: str = "https://hooks.slack.invalid/actions/T000TEST/0/fictional",
    view: dict[str, Any] | None = None,
    action_type: str = "button",
) -> dict[str, Any]:
    """A ``block_actions`` payload for a button (or other element) in a message or view."""
    action: dict[str, Any] = {
        "type": action_type,
        "action_id": action_id,
        "block_id": block_id,
        "action_ts": f"{time.time():.6f}",
    }
    if action_type == "button":
        action["value"] = value
        action["text"] = {"type": "plain_text", "text": "Button", "emoji": True}
    elif action_type == "feedback_buttons":
        action["value"] = value  # the value of the one pressed, positive or negative
    elif action_type == "static_select":
        action["selected_option"] = {"text": {"type": "plain_text", "text": value}, "value": value}
    payload = _interaction_base(user_id, "block_actions")
    payload["actions"] = [action]
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "V00000001")}
        payload["view"] = view
    else:
        ts = (message or {}).get("ts", f"{time.time():.6f}")
        payload["container"] = {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel_id,
            "is_ephemeral": message is None,
        }
        payload["channel"] = {"id": channel_id, "name": "team-learning"}
        payload["message"] = message or {
            "type": "message",
            "ts": ts,
            "text": "",
            "user": BOT_USER_ID,
        }
        payload["response_url"] = response_url
    return payload


def view_submission(
    callback_id: str,
    values: dict[str, dict[str, dict[str, Any]]] | None = None,
    *,
    user_id: str = "U000LEAD",
    private_metadata: str = "",
    view_id: str = "V00000001",
    title: str = "Fictional modal",
) -> dict[str, Any]:
    """A ``view_submission`` payload; ``values`` is ``state.values`` (block -> action -> value)."""
    payload = _interaction_base(user_id, "view_submission")
    payload["view"] = {
        "id": view_id,
        "team_id": TEAM_ID,
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": private_metadata,
        "title": {"type": "plain_text", "text": title},
        "blocks": [],
        "state": {"values": values or {}},
        "hash": f"{time.time():.6f}.fictional",
        "app_id": APP_ID,
        "bot_id": BOT_ID,
        "root_view_id": view_id,
        "previous_view_id": None,
        "external_id": "",
    }
    payload["response_urls"] = []
    return payload


def message_shortcut(
    callback_id: str,
    message_text: str,
    *,
    user_id: str = "U000LEAD",
    channel_id: str = "C000TEAM",
    response_url: str = "https://hooks.slack.invalid/actions/T000TEST/0/fictional",
) -> dict[str, Any]:
    """A message shortcut (``message_action``) run on a message."""
    payload = _interaction_base(user_id, "message_action")
    ts = f"{time.time():.6f}"
    payload.update(
        {
            "callback_id": callback_id,
            "action_ts": ts,
            "message_ts": ts,
            "channel": {"id": channel_id, "name": "team-learning"},
            "message": {"type": "message", "user": "U000PRAC", "text": message_text, "ts": ts},
            "response_url": response_url,
        }
    )
    return payload


def global_shortcut(callback_id: str, *, user_id: str = "U000LEAD") -> dict[str, Any]:
    """A global shortcut (``shortcut``) from the shortcuts menu."""
    payload = _interaction_base(user_id, "shortcut")
    payload.update({"callback_id": callback_id, "action_ts": f"{time.time():.6f}"})
    return payload


def as_form_payload(payload: dict[str, Any]) -> dict[str, str]:
    """Interactivity is sent form-encoded as one ``payload`` field holding JSON."""
    return {"payload": json.dumps(payload)}
