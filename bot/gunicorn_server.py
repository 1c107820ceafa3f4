"""``scrbot serve --http`` in gunicorn: a pre-forked worker per core, threads in each.

gunicorn's master process binds the port, starts ``workers`` processes and
restarts any that dies; each worker loads its own app and search index (so
``/healthz`` answers 503 in a worker until its index is loaded) and answers
on ``threads`` threads (gunicorn's ``gthread`` worker). SIGTERM to the master
stops taking new connections and lets requests in progress finish.

Why gunicorn and these numbers: ``benchmarks/scale.py`` (the README's
"Scaling out" section has the figures).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, MutableMapping
from typing import Any, TypeAlias, cast

from gunicorn.app.base import BaseApplication
from slack_bolt import App

from bot.wsgi import BotApplication

log = logging.getLogger("bot.serve")

#: A WSGI application as gunicorn's type hints describe one.
WSGIApplication: TypeAlias = Callable[
    [MutableMapping[str, Any], Callable[[str, list[tuple[str, str]]], None]], Iterable[bytes]
]

#: Threads per worker: Slack's requests are short, but a slow lookup or the
#: odd slow Web API call should not hold up the rest.
THREADS = 16
#: Slack gives up after 3 s; a worker stuck far longer than that is restarted.
WORKER_TIMEOUT = 30
#: How long requests in progress may take to finish after SIGTERM.
GRACEFUL_TIMEOUT = 10


def default_workers() -> int:
    """One worker per core: lookups are CPU work under one GIL per process."""
    return max(1, os.cpu_count() or 1)


class GunicornServer(BaseApplication):
    """gunicorn, configured in code, serving the app ``load`` builds in each worker."""

    def __init__(
        self,
        load: Callable[[], App],
        *,
        host: str,
        port: int,
        workers: int,
        on_ready: Callable[[str, int], None],
        threads: int = THREADS,
    ) -> None:
        self._load = load
        self._options: dict[str, Any] = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            "timeout": WORKER_TIMEOUT,
            "graceful_timeout": GRACEFUL_TIMEOUT,
            "keepalive": 75,
            "backlog": 128,
            # Access lines would carry nothing useful and no body is ever logged.
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "proc_name": "scrbot",
            "when_ready": lambda arbiter: on_ready(*_bound(arbiter)),
        }
        super().__init__()

    def load_config(self) -> None:
        for name, value in self._options.items():
            self.cfg.set(name, value)

    def load(self) -> WSGIApplication:
        # Called in each worker after the fork: threads started here are its own.
        application = BotApplication(self._load, on_failure=_stop_worker)
        application.start_loading()
        # gunicorn's stubs name start_response more narrowly than PEP 3333's
        # StartResponse (no exc_info); gunicorn's own passes exc_info, as PEP 3333 says.
        return cast(WSGIApplication, application)


def _bound(arbiter: Any) -> tuple[str, int]:
    host, port = arbiter.LISTENERS[0].sock.getsockname()[:2]
    return str(host), int(port)


def _stop_worker() -> None:
    """A worker that cannot load exits; gunicorn stops after repeated failures to boot."""
    os._exit(3)
