"""Send requests to the bot's HTTP endpoint exactly as Slack does, signed.

Slack signs every request with the app's signing secret: ``X-Slack-Signature``
is ``v0=`` + HMAC-SHA256 of ``v0:{X-Slack-Request-Timestamp}:{raw body}``.
Slash commands arrive form-encoded, events as JSON, interactivity as a
form-encoded ``payload`` field holding JSON. A retried event carries
``X-Slack-Retry-Num`` and ``X-Slack-Retry-Reason``.

    slack = SignedSlackClient("http://127.0.0.1:3000", signing_secret)
    answer = slack.slash_command("disguised compliance")
    assert answer.status == 200

Each client keeps one keep-alive connection (as Slack's senders do) and is
meant for one thread; give each concurrent sender its own client.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

from tests.fakes import payloads
from tests.fakes.slack_api import FakeSlackAPI

Signature = Literal["valid", "bad", "missing", "stale"]

#: Bolt (like Slack's guidance) refuses timestamps more than five minutes away.
STALE_SECONDS = 6 * 60


def sign(signing_secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 request signature for ``body`` sent at ``timestamp``."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Answer:
    """The bot's HTTP answer to one request."""

    status: int
    headers: dict[str, str]
    body: bytes
    #: Seconds from sending the request to reading the whole answer.
    elapsed: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        """The body as JSON (what ``ack(...)`` sent back)."""
        return json.loads(self.body) if self.body else None


class SignedSlackClient:
    """Sends signed Slack requests to ``base_url`` + ``path``."""

    def __init__(
        self,
        base_url: str,
        signing_secret: str,
        *,
        path: str = "/slack/events",
        fake_api: FakeSlackAPI | None = None,
        timeout: float = 10.0,
    ):
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.signing_secret = signing_secret
        self.path = path
        #: When given, commands and actions get a ``response_url`` on this fake.
        self.fake_api = fake_api
        self.timeout = timeout
        self._connection: http.client.HTTPConnection | None = None

    # -- raw sending -------------------------------------------------------

    def post(
        self,
        body: bytes | str,
        content_type: str,
        *,
        signature: Signature = "valid",
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
        path: str | None = None,
    ) -> Answer:
        """POST ``body`` signed as asked: valid, bad (wrong secret), missing or stale."""
        raw = body.encode("utf-8") if isinstance(body, str) else body
        stamp = timestamp if timestamp is not None else int(time.time())
        if signature == "stale":
            stamp -= STALE_SECONDS
        sent = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        }
        if signature != "missing":
            secret = self.signing_secret if signature != "bad" else self.signing_secret + "-wrong"
            sent["X-Slack-Request-Timestamp"] = str(stamp)
            sent["X-Slack-Signature"] = sign(secret, str(stamp), raw)
        sent.update(headers or {})
        return self.request("POST", path or self.path, raw, sent)

    def get(self, path: str) -> Answer:
        """A plain GET (for ``/healthz`` and the like)."""
        return self.request("GET", path, b"", {})

    def request(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Answer:
        """Send one request on the kept-alive connection, reconnecting once if it was closed."""
        for attempt in (1, 2):
            connection = self._connect()
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
                # The server closed an idle keep-alive connection; a fresh one is fine.
                self.close()
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - started
            answer_headers = {name.lower(): value for name, value in response.getheaders()}
            if answer_headers.get("connection", "").lower() == "close":
                self.close()
            return Answer(response.status, answer_headers, data, elapsed)
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close the kept-alive connection."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout
            )
        return self._connection

    # -- Slack's requests --------------------------------------------------

    def slash_command(
        self,
        text: str,
        *,
        user_id: str = "U000LEAD",
        channel_id: str = "C000TEAM",
        signature: Signature = "valid",
        **fields: str,
    ) -> Answer:
        """Send ``/scr <text>`` (form-encoded, as Slack does)."""
        if self.fake_api is not None and "response_url" not in fields:
            fields["response_url"] = self.fake_api.response_url(channel_id, user_id)
        form = payloads.slash_command(text, user_id=user_id, channel_id=channel_id, **fields)
        return self.post(urlencode(form), "application/x-www-form-urlencoded", signature=signature)

    def command_reply(self, text: str, *, timeout: float = 10.0, **options: Any) -> dict[str, Any]:
        """What the person sees after ``/scr <text>``: the message the ack carried or,
        when the ack was empty, the first message posted to the command's
        ``response_url`` (needs ``fake_api``)."""
        assert self.fake_api is not None, "command_reply needs the fake Slack"
        url = self.fake_api.response_url(
            options.get("channel_id", "C000TEAM"), options.get("user_id", "U000LEAD")
        )
        answer = self.slash_command(text, response_url=url, **options)
        assert answer.status == 200, answer.text
        if answer.body:
            return dict(answer.json())
        key = url.rsplit("/", 1)[-1]
        (call,) = self.fake_api.wait_for(
            "response_url",
            timeout=timeout,
            where=lambda call: call.params.get("_response_url_key") == key,
        )[:1]
        return {
            name: value for name, value in call.params.items() if name != "_response_url_key"
        } | {"blocks": call.json_param("blocks") or []}

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        timestamp: int | None = None,
    ) -> Answer:
        """Send an Events API ``event_callback``; ``retry_num`` marks it as Slack's retry."""
        callback = payloads.event_callback(event, event_id=event_id)
        return self.event_callback(
            callback, retry_num=retry_num, retry_reason=retry_reason, timestamp=timestamp
        )

    def event_callback(self, callback: dict[str, Any], **options: Any) -> Answer:
        """Send a whole ``event_callback`` body as built (e.g. to resend it as a retry)."""
        if self.fake_api is not None and options.get("retry_num") is None:
            self.fake_api.add_event_message(callback["event"])
        headers = {}
        if options.get("retry_num") is not None:
            headers = {
                "X-Slack-Retry-Num": str(options["retry_num"]),
                "X-Slack-Retry-Reason": options.get("retry_reason", "http_timeout"),
            }
        return self.post(
            json.dumps(callback),
            "application/json",
            headers=headers,
            timestamp=options.get("timestamp"),
        )

    def url_verification(self, challenge: str) -> Answer:
        """Slack's handshake when the Request URL is saved in the app settings."""
        body = json.dumps(
            {
                "token": "fictional-verification-token",
                "challenge": challenge,
                "type": "url_verification",
            }
        )
        return self.post(body, "application/json")

    def interaction(self, payload: dict[str, Any], *, signature: Signature = "valid") -> Answer:
        """Send an interactivity payload (block_actions, view_submission, shortcuts…)."""
        if self.fake_api is not None and payload.get("response_url", "").startswith(
            "https://hooks.slack.invalid"
        ):
            channel = (payload.get("channel") or {}).get("id", "C000TEAM")
            payload["response_url"] = self.fake_api.response_url(channel, payload["user"]["id"])
        form = urlencode(payloads.as_form_payload(payload))
        return self.post(form, "application/x-www-form-urlencoded", signature=signature)

    def block_action(self, action_id: str, value: str = "", **options: Any) -> Answer:
        """Someone pressed a button (or chose an option) with ``action_id``."""
        return self.interaction(payloads.block_actions(action_id, value, **options))

    def press(self, action_id: str, value: str = "", **options: Any) -> Answer:
        """As :meth:`block_action`, for a press the bot must acknowledge (HTTP 200)."""
        answer = self.block_action(action_id, value, **options)
        assert answer.status == 200, answer.text
        return answer

    def view_submission(
        self, callback_id: str, values: dict[str, Any] | None = None, **options: Any
    ) -> Answer:
        """Someone submitted the modal ``callback_id`` with ``values`` (``state.values``)."""
        return self.interaction(payloads.view_submission(callback_id, values, **options))

    def message_shortcut(self, callback_id: str, message_text: str, **options: Any) -> Answer:
        """Someone ran the message shortcut ``callback_id`` on a message."""
        return self.interaction(payloads.message_shortcut(callback_id, message_text, **options))

    def global_shortcut(self, callback_id: str, **options: Any) -> Answer:
        """Someone chose the global shortcut ``callback_id``."""
        return self.interaction(payloads.global_shortcut(callback_id, **options))
