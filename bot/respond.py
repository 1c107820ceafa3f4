"""``respond()`` that rides out a busy Slack, like the Web API client does.

Bolt's own ``respond()`` posts to the ``response_url`` once: a 429 or a 5xx from
Slack loses the answer, and the person is told something went wrong instead.
:class:`RetryingRespond` sends the same message with the retries the bot's
``WebClient`` has (see :func:`bot.app.attach_retry_handlers`): after a 429 it
waits as long as ``Retry-After`` says, after a 500 or 503 briefly, then tries
again, a couple of times at most. A timeout *after* the request went out is not
retried, because Slack may have shown the message already, and showing it twice
is worse than a late "something went wrong".

:func:`use_retrying_respond` is a Bolt global middleware that puts it in place of
Bolt's for every request that has a ``response_url``::

    app.use(use_retrying_respond)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from ssl import SSLContext
from typing import Any

from slack_bolt import BoltContext
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient, WebhookResponse

#: As for Web API calls: more retries would keep someone waiting too long.
RATE_LIMIT_RETRIES = 2
SERVER_ERROR_RETRIES = 2


class RetryingRespond:
    """A drop-in for Bolt's ``Respond``: same arguments, same ``WebhookResponse``."""

    def __init__(
        self, *, response_url: str | None, proxy: str | None = None, ssl: SSLContext | None = None
    ) -> None:
        self.response_url = response_url
        self.proxy = proxy
        self.ssl = ssl

    def client(self) -> WebhookClient:
        """A webhook client for the ``response_url`` that retries 429s and 5xx."""
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        return WebhookClient(
            url=self.response_url,
            proxy=self.proxy,
            ssl=self.ssl,
            retry_handlers=[
                ConnectionErrorRetryHandler(),
                RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
                ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
            ],
        )

    def __call__(
        self,
        text: str | dict[str, Any] = "",
        blocks: Sequence[Any] | None = None,
        attachments: Sequence[Any] | None = None,
        response_type: str | None = None,
        replace_original: bool | None = None,
        delete_original: bool | None = None,
        unfurl_links: bool | None = None,
        unfurl_media: bool | None = None,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> WebhookResponse:
        if isinstance(text, dict):
            return self.client().send_dict(dict(text))
        message: dict[str, Any] = {"text": text}
        optional = {
            "blocks": blocks,
            "attachments": attachments,
            "response_type": response_type,
            "replace_original": replace_original,
            "delete_original": delete_original,
            "unfurl_links": unfurl_links,
            "unfurl_media": unfurl_media,
            "thread_ts": thread_ts,
            "metadata": metadata,
        }
        message.update({name: value for name, value in optional.items() if value is not None})
        # send_dict turns Block objects into dicts itself.
        return self.client().send_dict(message)


def use_retrying_respond(context: BoltContext, next: Callable[[], Any]) -> Any:
    """Bolt global middleware: ``respond`` is a :class:`RetryingRespond`."""
    if context.response_url:
        client = context.client
        context["respond"] = RetryingRespond(
            response_url=context.response_url,
            proxy=client.proxy if client is not None else None,
            ssl=client.ssl if client is not None else None,
        )
    return next()
