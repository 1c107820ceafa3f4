"""Posting the weekly prompt to Slack, finding it again, and telling the admins.

:class:`DigestPoster` gives :class:`scheduler.runner.DigestRunner` the three
functions it needs, and turns Slack's answers into the scheduler's errors:
429, 5xx and timeouts are :class:`~scheduler.errors.TransientPostError` (the
runner retries them within the grace period), and ``not_in_channel``,
``channel_not_found`` and the like are :class:`~scheduler.errors.PermanentPostError`
(recorded once, and the admins told, with no retries).

Its ``WebClient`` must not retry on its own: a retried ``chat.postMessage``
after a 5xx or a timeout could post twice, and only the runner knows to look in
the channel first.
"""

from __future__ import annotations

import http.client
import logging
import socket
import urllib.error
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.digest import (
    digest_message,
    digest_metadata,
    is_question_reply,
    question_from,
    slot_of,
    thread_question_message,
)
from bot.blocks.primitives import notice_message
from bot.messages.digest import (
    DIGEST_ADMIN_ARCHIVED,
    DIGEST_ADMIN_CHANNEL_NOT_FOUND,
    DIGEST_ADMIN_KEPT_FAILING,
    DIGEST_ADMIN_NOT_IN_CHANNEL,
    DIGEST_ADMIN_OTHER,
    DIGEST_ADMIN_PERMISSION,
    DIGEST_ADMIN_UNCONFIRMED,
)
from scheduler.errors import (
    HistoryUnavailable,
    PermanentPostError,
    PostError,
    TransientPostError,
)
from scheduler.post import DigestPost
from scheduler.runner import UNCONFIRMED, Problem

log = logging.getLogger(__name__)

#: Slack error codes that mean "try again later".
TRANSIENT_CODES = frozenset(
    {
        "ratelimited",
        "rate_limited",
        "service_unavailable",
        "fatal_error",
        "internal_error",
        "request_timeout",
    }
)
#: Slack error codes that mean a person must change something (a token, a scope).
PERMISSION_CODES = frozenset(
    {
        "missing_scope",
        "not_authed",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
        "no_permission",
        "restricted_action",
        "restricted_action_read_only_channel",
        "ekm_access_denied",
        "access_denied",
    }
)
#: How many history messages one ``conversations.history`` page asks for.
HISTORY_PAGE = 200
#: Pages of history looked through for an earlier post (a busy channel's week).
MAX_HISTORY_PAGES = 10
#: Attempts at the question reply after the post itself went out.
QUESTION_ATTEMPTS = 3


def as_post_error(error: BaseException) -> PostError:
    """The scheduler's error for a failed Slack call: transient or permanent."""
    if isinstance(error, SlackApiError):
        response = error.response
        status = response.status_code
        code = response.get("error") if isinstance(response.data, dict) else None
        if status == 429:
            retry_after = _retry_after(response.headers)
            return TransientPostError("ratelimited", retry_after=retry_after, maybe_posted=False)
        if status >= 500:
            return TransientPostError(str(code or f"http_{status}"), f"HTTP {status}")
        if code in TRANSIENT_CODES:
            return TransientPostError(str(code), maybe_posted=code == "request_timeout")
        return PermanentPostError(str(code or f"http_{status}"))
    if isinstance(error, socket.timeout | TimeoutError):
        return TransientPostError("timeout", "Slack did not answer in time")
    if isinstance(
        error, urllib.error.URLError | ConnectionError | http.client.HTTPException | OSError
    ):
        return TransientPostError("unreachable", type(error).__name__)
    return PermanentPostError("unexpected_error", type(error).__name__)


def history_scope(channel: str) -> str:
    """The scope that lets the bot read ``channel``'s history."""
    return "groups:history" if channel.startswith("G") else "channels:history"


def _missing_scope(error: BaseException) -> bool:
    if not isinstance(error, SlackApiError) or not isinstance(error.response.data, dict):
        return False
    return error.response.data.get("error") == "missing_scope"


def _retry_after(headers: Any) -> float | None:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            try:
                return float(value[0] if isinstance(value, list) else value)
            except (TypeError, ValueError):
                return None
    return None


class DigestPoster:
    """Posts prompts with ``client``, finds them again, and DMs ``admins`` about problems."""

    def __init__(
        self,
        client: WebClient,
        *,
        admins: Sequence[str] = (),
        command: str = "/scr",
        config_path: Path | None = None,
    ) -> None:
        self.client = client
        self.admins = tuple(admins)
        self.command = command
        self.config_path = config_path

    # -- the functions the runner is given ---------------------------------------------

    def post(self, channel: str, post: DigestPost) -> str:
        """Post ``post`` in ``channel`` and its question as the first thread reply;
        return the post's ts. Raises a :class:`~scheduler.errors.PostError`."""
        shown = digest_message(post, command=self.command)
        try:
            answer = self.client.chat_postMessage(
                channel=channel,
                text=shown.text,
                blocks=shown.blocks,
                metadata=digest_metadata(post),
                unfurl_links=False,
                unfurl_media=False,
            )
        except Exception as error:
            raise as_post_error(error) from error
        ts = str(answer["ts"])
        self._ask_question(channel, ts, post.slot_id, post.question)
        return ts

    def find_existing(self, channel: str, slot_id: str, since: datetime) -> str | None:
        """The ts of the prompt for ``slot_id`` posted in ``channel`` since ``since``,
        from ``conversations.history``; None if it is not there. A found prompt whose
        question reply is missing (a crash between the two) gets it now."""
        cursor = None
        try:
            for _ in range(MAX_HISTORY_PAGES):
                page = self.client.conversations_history(
                    channel=channel,
                    oldest=f"{since.timestamp():.6f}",
                    limit=HISTORY_PAGE,
                    include_all_metadata=True,
                    cursor=cursor,
                )
                for posted in page.get("messages") or ():
                    if slot_of(posted) == slot_id:
                        ts = str(posted["ts"])
                        self._ask_question(
                            channel, ts, slot_id, question_from(posted), check_first=True
                        )
                        return ts
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not page.get("has_more") or not cursor:
                    return None
        except Exception as error:
            if _missing_scope(error):
                raise HistoryUnavailable(
                    "missing_scope", f"{history_scope(channel)} is not granted"
                ) from error
            raise as_post_error(error) from error
        log.warning(
            "Looked through %d pages of %s without reaching %s.", MAX_HISTORY_PAGES, channel, since
        )
        return None

    def notify_admins(self, problem: Problem) -> None:
        """DM each admin what went wrong and how to fix it (the app's DM, via chat:write)."""
        text = self.problem_text(problem)
        if not self.admins:
            log.warning(
                "No admins are set (admins in the config file), so nobody was told that %s "
                "could not be posted in %s.",
                problem.when,
                problem.channel,
            )
            return
        shown = notice_message(text)
        for admin in self.admins:
            try:
                self.client.chat_postMessage(channel=admin, text=shown.text, blocks=shown.blocks)
            except Exception as error:
                log.warning(
                    "Could not tell an admin about %s (%s).",
                    problem.channel,
                    as_post_error(error).code,
                )

    def problem_text(self, problem: Problem) -> str:
        """What to tell the admins about ``problem``, in plain words."""
        config = f"`{self.config_path}`" if self.config_path else "the bot's config file"
        values = {
            "when": problem.when,
            "channel": problem.channel,
            "code": problem.code,
            "config": config,
        }
        if problem.code == UNCONFIRMED:
            return DIGEST_ADMIN_UNCONFIRMED.format(**values, scope=history_scope(problem.channel))
        if problem.code == "not_in_channel":
            return DIGEST_ADMIN_NOT_IN_CHANNEL.format(**values)
        if problem.code == "channel_not_found":
            return DIGEST_ADMIN_CHANNEL_NOT_FOUND.format(**values)
        if problem.code == "is_archived":
            return DIGEST_ADMIN_ARCHIVED.format(**values)
        if problem.code in PERMISSION_CODES:
            return DIGEST_ADMIN_PERMISSION.format(**values)
        if (
            problem.code in TRANSIENT_CODES
            or problem.code in ("timeout", "unreachable")
            or problem.code.startswith("http_")
        ):
            return DIGEST_ADMIN_KEPT_FAILING.format(**values)
        return DIGEST_ADMIN_OTHER.format(**values)

    # -- the question in the thread ------------------------------------------------------

    def _ask_question(
        self,
        channel: str,
        ts: str,
        slot_id: str,
        question: str | None,
        *,
        check_first: bool = False,
    ) -> None:
        """Post the question as the first reply, unless it is there already. The post
        itself has gone out, so a failure here is logged, never raised."""
        reply = thread_question_message(slot_id, question)
        if reply is None:
            return
        for attempt in range(QUESTION_ATTEMPTS):
            try:
                # After a failed attempt (or a crash) the reply may be there already.
                if (check_first or attempt) and self._has_question(channel, ts, slot_id):
                    return
                self.client.chat_postMessage(
                    channel=channel, thread_ts=ts, text=reply.text, blocks=reply.blocks
                )
                return
            except Exception as error:
                failure = as_post_error(error)
                log.warning(
                    "Could not post the question in the thread of %s in %s (%s).",
                    slot_id,
                    channel,
                    failure.code,
                )
                if isinstance(failure, PermanentPostError):
                    return

    def _has_question(self, channel: str, ts: str, slot_id: str) -> bool:
        replies = self.client.conversations_replies(channel=channel, ts=ts, limit=50)
        return any(is_question_reply(m, slot_id) for m in replies.get("messages") or ())
