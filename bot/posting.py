"""Post a message once, even when Slack posts it and then answers with an error.

Slack sometimes does what ``chat.postMessage`` asked and then answers 500, or the
answer is lost on the way back (a timeout, a dropped connection). Sending the
same message again then shows it twice, so the bot's Web API client never
retries a post by itself (see :func:`bot.app.attach_retry_handlers`). Instead
:func:`post_once` gives each post a hidden marker in its message metadata and,
after such a failure, looks for the marker in the conversation
(``conversations.replies`` for a reply in a thread, ``conversations.history``
otherwise) before trying again (twice at most). Where the bot may not read the conversation
(a public channel without ``channels:history``, a direct message addressed by
user id), it does not try again: the failure is raised, and the person is told
Slack had a problem, rather than risk a second copy.

    posted = post_once(client, channel="C0123ABCD", thread_ts=ts, text=..., blocks=...)
    posted["channel"], posted["ts"]
"""

from __future__ import annotations

import http.client
import logging
import secrets
import socket
import time
import urllib.error
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


class UncertainPost(Exception):
    """Slack failed in a way that may have posted the message, and the conversation
    could not be read to find out; it was not posted again."""


#: The metadata event type that marks the bot's posts.
MARKER_EVENT = "scrbot_post"
#: Looked for among messages posted from this long before the first attempt
#: (the clocks of this machine and Slack's differ a little).
CLOCK_MARGIN_SECONDS = 60
#: Messages read when looking for a marker: a post is found among the latest.
LOOK_BACK = 50
#: Attempts after the first, each once the marker was looked for and not found
#: (as many as the client makes for other calls after a 5xx).
RETRIES = 2


def may_have_posted(error: BaseException) -> bool:
    """Whether Slack may have done what a call asked although the call failed: a
    5xx, or no answer at all after the request went out. A 429 means it did not."""
    if isinstance(error, SlackApiError):
        return int(error.response.status_code) >= 500
    return isinstance(
        error,
        socket.timeout
        | TimeoutError
        | ConnectionError
        | http.client.HTTPException
        | urllib.error.URLError,
    )


def post_once(
    client: WebClient,
    *,
    channel: str,
    text: str,
    blocks: Any = None,
    thread_ts: str | None = None,
    **options: Any,
) -> Any:
    """``chat.postMessage`` that never leaves two copies; returns Slack's answer (or,
    when an earlier attempt turns out to have worked, ``{"channel", "ts", "message"}``).
    Raises what the last attempt raised when the post failed, and
    :class:`UncertainPost` when it may have gone out but cannot be checked."""
    marker = secrets.token_hex(12)
    metadata = {"event_type": MARKER_EVENT, "event_payload": {"post": marker}}
    started = time.time()
    for attempt in range(RETRIES + 1):
        try:
            return client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                thread_ts=thread_ts,
                metadata=metadata,
                **options,
            )
        except Exception as error:
            if attempt == RETRIES or not may_have_posted(error):
                raise
            found = _find_marker(client, channel, thread_ts, marker, since=started)
            if found is None:
                raise UncertainPost(type(error).__name__) from error
            if found:
                log.info("A post that Slack answered with an error had gone out; not repeated.")
                return found
            log.info("A post that failed had not gone out; trying again.")
    raise AssertionError("unreachable")


def _find_marker(
    client: WebClient, channel: str, thread_ts: str | None, marker: str, *, since: float
) -> dict[str, Any] | None:
    """The post carrying ``marker`` as ``{"channel", "ts", "message"}``; ``{}`` when
    it is not there; None when the conversation cannot be read."""
    if channel.startswith(("U", "W")):
        return None  # a direct message by user id: its conversation id is not known here
    try:
        if thread_ts:
            page = client.conversations_replies(
                channel=channel, ts=thread_ts, limit=LOOK_BACK, include_all_metadata=True
            )
        else:
            page = client.conversations_history(
                channel=channel,
                oldest=f"{since - CLOCK_MARGIN_SECONDS:.6f}",
                limit=LOOK_BACK,
                include_all_metadata=True,
            )
    except SlackApiError as error:
        code = error.response.get("error") if isinstance(error.response.data, dict) else None
        log.warning("Could not check whether a failed post went out: Slack said %s.", code)
        return None
    except Exception as error:
        log.warning("Could not check whether a failed post went out (%s).", type(error).__name__)
        return None
    for message in page.get("messages") or ():
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        if payload.get("post") == marker:
            return {"channel": channel, "ts": message.get("ts"), "message": message}
    return {}
