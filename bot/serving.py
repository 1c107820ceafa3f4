"""Serving Slack until told to stop: over HTTP on scrbot's own server, over HTTP on
gunicorn (pre-forked workers), or over Socket Mode with an optional ``/healthz``.

:func:`bot.cli.serve.serve` checks the settings and chooses one of these. Each
logs where it listens and when it is ready, and raises
:class:`~bot.startup.StartupError` when it cannot start.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from typing import Any

from bot.startup import StartupError, digest_service, load_app, open_engine, rejected

log = logging.getLogger("bot.serve")


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM (a platform stopping the bot) or SIGINT (Ctrl-C)."""
    stop = threading.Event()

    def handle(signum: int, frame: object) -> None:
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, handle)
    return stop


def serve_http(settings: Any, host: str, port: int, stop: threading.Event, why: str) -> int:
    """Take Slack's requests at /slack/events on scrbot's own threaded server until
    ``stop`` is set; /healthz says ready once the knowledge index is loaded."""
    from bot.http_server import EVENTS_PATH

    server = _listen(host, port, events=True)
    threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
    log.info(
        "Listening on http://%s:%d%s (%s); loading the knowledge index…",
        host,
        server.port,
        EVENTS_PATH,
        why,
    )
    failure: list[StartupError] = []
    #: The search engine once it is open, to close when the bot stops.
    engines: list[Any] = []
    digest = digest_service(settings)

    def load() -> None:
        try:
            engines.append(open_engine(settings))
            server.attach(load_app(settings, engines[0], digest))
            log.info("Ready: answering Slack at http://%s:%d%s", host, server.port, EVENTS_PATH)
        except StartupError as error:
            failure.append(error)
            stop.set()
        except Exception:
            # Not left serving 503 for ever: say so, and stop.
            log.exception("The bot could not load.")
            failure.append(StartupError("The bot could not load: the log above says why.", 1))
            stop.set()

    threading.Thread(target=load, name="load-app", daemon=True).start()
    stop.wait()
    digest.stop()
    server.shutdown()
    finished = server.drain()
    server.server_close()
    for engine in engines:
        engine.close()
    if failure:
        raise failure[0]
    log.info("Stopped%s.", "" if finished else " (some requests were still running)")
    return 0


def serve_gunicorn(settings: Any, host: str, port: int, workers: int | None) -> int:
    """Serve over HTTP in gunicorn until SIGTERM; each worker loads its own app."""
    from bot.gunicorn_server import GunicornServer, default_workers
    from bot.http_server import EVENTS_PATH

    count = workers or default_workers()

    def load() -> Any:
        try:
            engine = open_engine(settings)
            app = load_app(settings, engine)
        except StartupError as error:
            print(f"scrbot serve: {error}", file=sys.stderr)
            os._exit(3)  # gunicorn's "worker failed to boot": the master stops too
        log.info("Ready: worker %d answering Slack at %s", os.getpid(), EVENTS_PATH)
        return app

    def ready(bound_host: str, bound_port: int) -> None:
        # One scheduler beside the replicas, not one in every worker of every replica.
        log.info("The weekly learning prompt is left to `scrbot scheduler` beside gunicorn.")
        log.info(
            "Listening on http://%s:%d%s (gunicorn, %d worker%s); loading the knowledge index…",
            bound_host,
            bound_port,
            EVENTS_PATH,
            count,
            "" if count == 1 else "s",
        )

    try:
        GunicornServer(load, host=host, port=port, workers=count, on_ready=ready).run()
    except SystemExit as stopped:
        if stopped.code not in (0, None):
            raise StartupError(
                "The bot stopped: gunicorn could not start or keep its workers running "
                "(the log above says why).",
                1,
            ) from None
    log.info("Stopped.")
    return 0


def serve_socket_mode(
    settings: Any, host: str, health_port: int | None, stop: threading.Event, why: str
) -> int:
    """Answer Slack over Socket Mode until ``stop`` is set, with /healthz on
    ``health_port`` when one is given."""
    from slack_sdk.errors import SlackApiError

    from bot.credentials import APP_TOKEN_HELP
    from bot.socket_mode import start_socket_mode, stop_socket_mode

    health = None
    if health_port is not None:
        health = _listen(host, health_port, events=False)
        threading.Thread(target=health.serve_forever, name="healthz", daemon=True).start()
        log.info("Health check on http://%s:%d/healthz (%s)", host, health.port, why)
    digest = digest_service(settings)
    engine = None
    try:
        engine = open_engine(settings)
        app = load_app(settings, engine, digest)
        try:
            handler = start_socket_mode(
                app, settings.app_token, unready_after=settings.socket_unready_after
            )
        except SlackApiError as error:
            raise rejected("SLACK_APP_TOKEN", error, APP_TOKEN_HELP) from None
        except OSError as error:
            raise StartupError(f"Could not reach Slack to open Socket Mode: {error}.", 1) from None
        if health is not None:
            health.attach(None, ready=True, health=handler.healthy)
        log.info("Ready: answering Slack over Socket Mode.")
        stop.wait()
        stop_socket_mode(handler)
    finally:
        digest.stop()
        if health is not None:
            health.shutdown()
            health.server_close()
        if engine is not None:
            engine.close()
    log.info("Stopped.")
    return 0


def _listen(host: str, port: int, *, events: bool) -> Any:
    from bot.http_server import SlackHTTPServer

    try:
        return SlackHTTPServer((host, port), events_path="/slack/events" if events else None)
    except OSError as error:
        reason = "it is already in use" if error.errno == 98 else error.strerror
        raise StartupError(
            f"Cannot listen on port {port} ({reason}): choose another with --port N or PORT."
        ) from None
