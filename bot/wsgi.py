"""The bot as a WSGI application, for a production WSGI server (gunicorn).

Bolt's own WSGI adapter (``slack_bolt.adapter.wsgi``) does the translation for
``POST /slack/events`` and, when the app installs itself into workspaces, for
``GET /slack/install`` and ``GET /slack/oauth_redirect``; this module adds
``GET /healthz`` (503 until the app and its search index are loaded, then 200)
and refuses bodies larger than Slack ever sends.

    application = BotApplication(load=lambda: build_app(settings))
    application.start_loading()        # /healthz says 503 until load() returns

``scrbot serve --http --server gunicorn`` runs it in gunicorn (see
:mod:`bot.gunicorn_server`); any WSGI server can run :func:`create_application`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.http_server import EVENTS_PATH, HEALTH_PATH, MAX_BODY_BYTES

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)

JSON = [("Content-Type", "application/json; charset=utf-8")]


class BotApplication:
    """A WSGI callable serving one Bolt app, ready once ``load`` has returned it."""

    def __init__(self, load: Callable[[], App], *, on_failure: Callable[[], None] | None = None):
        self._load = load
        self._on_failure = on_failure
        self._handler: SlackRequestHandler | None = None
        self._loader: threading.Thread | None = None

    @property
    def ready(self) -> bool:
        """Whether the app is loaded, so ``/healthz`` answers 200."""
        return self._handler is not None

    @property
    def app(self) -> App | None:
        return self._handler.app if self._handler is not None else None

    def start_loading(self) -> threading.Thread:
        """Load the app on a background thread; requests get 503 until it is done."""
        self._loader = threading.Thread(target=self._load_app, name="load-app", daemon=True)
        self._loader.start()
        return self._loader

    def _load_app(self) -> None:
        try:
            self._handler = SlackRequestHandler(self._load(), path=EVENTS_PATH)
        except Exception:
            log.exception("The bot could not load.")
            if self._on_failure is not None:
                self._on_failure()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH and environ.get("REQUEST_METHOD") == "GET":
            if self.ready:
                return _json(start_response, "200 OK", {"status": "ok"})
            return _json(
                start_response,
                "503 Service Unavailable",
                {"status": "starting"},
                [("Retry-After", "1")],
            )
        length = environ.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            return _json(start_response, "413 Payload Too Large", {"error": "payload_too_large"})
        handler = self._handler
        if handler is None:
            return _json(
                start_response,
                "503 Service Unavailable",
                {"error": "starting"},
                [("Retry-After", "1")],
            )
        try:
            return handler(environ, start_response)
        except Exception:
            # No body logged: it holds what someone typed.
            log.exception("Could not handle a request from Slack.")
            return _json(start_response, "500 Internal Server Error", {"error": "internal"})


def _json(
    start_response: StartResponse,
    status: str,
    body: dict[str, Any],
    headers: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    payload = json.dumps(body).encode("utf-8")
    start_response(status, [*JSON, ("Content-Length", str(len(payload))), *(headers or [])])
    return [payload]
