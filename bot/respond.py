"""``respond()`` that rides out a busy Slack, like the Web API client does.

Bolt's own ``respond()`` posts to the ``response_url`` once: a 429 or a 5xx from
Slack loses the answer, and the person is told something went wrong instead.
:class:`RetryingRespond` sends the same message with the retries the bot's
``WebClient`` has (see :mod:`bot.retries`): after a short 429 it waits as long as
``Retry-After`` says and tries again, a couple of times at most. After a 500 or
503, or a lost connection, Slack may have shown the message already, so it tries
again only when a repeat is harmless: a reply that *replaces* (or deletes) the
message it came from. A new private message is never sent twice; showing it
twice is worse than a late "something went wrong".

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
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient, WebhookResponse

from bot.retries import SERVER_ERROR_RETRIES, PatientRateLimitRetryHandler


class RetryingRespond:
    """A drop-in for Bolt's ``Respond``: same arguments, same ``WebhookResponse``."""

    def __init__(
        self, *, response_url: str | None, proxy: str | None = None, ssl: SSLContext | None = None
    ) -> None:
        self.response_url = response_url
        self.proxy = proxy
        self.ssl = ssl

    def client(self, *, replacing: bool = False) -> WebhookClient:
        """A webhook client for the ``response_url`` that retries short rate limits,
        and 5xx and lost connections too when the message ``replacing`` another."""
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        handlers: list[RetryHandler] = [PatientRateLimitRetryHandler()]
        if replacing:
            handlers += [
                ConnectionErrorRetryHandler(),
                ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
            ]
        return WebhookClient(
            url=self.response_url, proxy=self.proxy, ssl=self.ssl, retry_handlers=handlers
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
            sent = dict(text)
            replacing = bool(sent.get("replace_original") or sent.get("delete_original"))
            return self.client(replacing=replacing).send_dict(sent)
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
        return self.client(replacing=bool(replace_original or delete_original)).send_dict(message)


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
