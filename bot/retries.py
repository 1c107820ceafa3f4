"""Which failed Web API calls the bot tries again, and how long it waits.

A call is repeated only where a repeat is harmless:

* **After a 429** (rate limited), always: Slack did nothing, and says when to try
  again (``Retry-After``). But a person is waiting, so only when that is at most
  :data:`MAX_RATE_LIMIT_WAIT` seconds; a longer wait gets the person a "Slack is
  busy, try again in a minute" instead of an answer that comes long after they
  have given up.
* **After a 5xx or a lost connection**, only for calls that change nothing or
  set something to a value (:data:`HARMLESS_TO_REPEAT`: reading, updating a view
  or a message, the assistant pane's status). Slack may have done what a 5xx
  answered, so a post is never repeated here; :func:`bot.posting.post_once`
  checks the conversation first.

    client.retry_handlers = retry_handlers()
"""

from __future__ import annotations

from typing import Any

from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

#: Retries for one call: more would keep someone waiting too long.
RATE_LIMIT_RETRIES = 2
SERVER_ERROR_RETRIES = 2
#: The longest ``Retry-After`` worth waiting for while someone waits for an answer.
MAX_RATE_LIMIT_WAIT = 10.0
#: Web API methods a second call of which does nothing the first did not.
HARMLESS_TO_REPEAT = frozenset(
    {
        "auth.test",
        "conversations.history",
        "conversations.info",
        "conversations.replies",
        "users.info",
        "chat.getPermalink",
        "chat.update",
        "views.update",
        "views.publish",
        "assistant.threads.setStatus",
        "assistant.threads.setTitle",
        "assistant.threads.setSuggestedPrompts",
    }
)


def method_of(request: HttpRequest) -> str:
    """The Web API method a request calls (``chat.postMessage``)."""
    return request.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def retry_after(response: HttpResponse | None) -> float | None:
    """Slack's ``Retry-After``, in seconds, if the answer has one."""
    if response is None:
        return None
    for name, values in response.headers.items():
        if name.lower() == "retry-after":
            try:
                return float(values[0] if isinstance(values, list) else values)
            except (TypeError, ValueError, IndexError):
                return None
    return None


class PatientRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Waits out a 429 when Slack asks for no more than ``max_wait`` seconds."""

    def __init__(self, max_retry_count: int = RATE_LIMIT_RETRIES, max_wait: float = 0.0) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait or MAX_RATE_LIMIT_WAIT

    def _can_retry(self, *, state: RetryState, request: HttpRequest, **kwargs: Any) -> bool:
        if not super()._can_retry(state=state, request=request, **kwargs):
            return False
        wait = retry_after(kwargs.get("response"))
        return wait is None or wait <= self.max_wait


class HarmlessServerErrorRetryHandler(ServerErrorRetryHandler):
    """Retries a 500 or 503 only for :data:`HARMLESS_TO_REPEAT` methods."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest, **kwargs: Any) -> bool:
        return method_of(request) in HARMLESS_TO_REPEAT and super()._can_retry(
            state=state, request=request, **kwargs
        )


class HarmlessConnectionErrorRetryHandler(ConnectionErrorRetryHandler):
    """Retries a lost connection only for :data:`HARMLESS_TO_REPEAT` methods."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest, **kwargs: Any) -> bool:
        return method_of(request) in HARMLESS_TO_REPEAT and super()._can_retry(
            state=state, request=request, **kwargs
        )


def retry_handlers() -> list[RetryHandler]:
    """The bot's retry handlers for Web API calls."""
    return [
        HarmlessConnectionErrorRetryHandler(),
        PatientRateLimitRetryHandler(),
        HarmlessServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
    ]
