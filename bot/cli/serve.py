"""Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, or HTTP with --http."""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: What each credential looks like, and where in the Slack app's settings to find it.
BOT_TOKEN_HELP = "the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page"
APP_TOKEN_HELP = (
    "an app-level token (xapp-…) with the connections:write scope, from your Slack app's "
    "Basic Information page"
)
SECRET_HELP = "the Signing Secret from your Slack app's Basic Information page (App Credentials)"
CLIENT_HELP = "the Client ID and Client Secret from your Slack app's Basic Information page"

_TOKEN_BODY = r"[A-Za-z0-9-]{10,}"
_SECRET = re.compile(r"[0-9a-fA-F]{16,64}")


class StartupError(Exception):
    """The bot cannot start; the message is one line saying what to do."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--http",
        action="store_true",
        help="take Slack's requests over HTTP at /slack/events (needs SLACK_SIGNING_SECRET) "
        "instead of Socket Mode",
    )
    parser.add_argument(
        "--port",
        type=int,
        metavar="N",
        help="port to listen on (default: PORT, else 3000); in Socket Mode, serve /healthz on it",
    )
    parser.add_argument(
        "--host",
        default=None,
        help="address to listen on (default: 127.0.0.1, only this machine; 0.0.0.0, every "
        "interface, in a container, where the container's own network keeps it private)",
    )
    parser.add_argument(
        "--server",
        choices=("scrbot", "gunicorn"),
        default="scrbot",
        help="with --http: scrbot's own threaded server (one process, the default) or "
        "gunicorn (pre-forked workers; see the README's 'Scaling out')",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="with --server gunicorn: worker processes (default: one per core)",
    )


def credentials_problem(
    credentials: Mapping[str, str], *, http: bool, missing_ok: bool = False
) -> str | None:
    """One line naming the first missing or malformed credential, or None when all is well.

    ``credentials`` maps the environment variable names (``SLACK_BOT_TOKEN``…) to values.
    With ``missing_ok``, only values that are present are checked.
    """
    bot_token = (credentials.get("SLACK_BOT_TOKEN") or "").strip()
    app_token = (credentials.get("SLACK_APP_TOKEN") or "").strip()
    secret = (credentials.get("SLACK_SIGNING_SECRET") or "").strip()
    client_id = (credentials.get("SLACK_CLIENT_ID") or "").strip()
    client_secret = (credentials.get("SLACK_CLIENT_SECRET") or "").strip()
    if client_id or client_secret:
        return _installing_problem(bot_token, client_id, client_secret, secret, http=http)
    if not bot_token and not missing_ok:
        return f"SLACK_BOT_TOKEN is not set: set it to {BOT_TOKEN_HELP}."
    if bot_token and not re.fullmatch("xoxb-" + _TOKEN_BODY, bot_token):
        return (
            "SLACK_BOT_TOKEN does not look like a bot token (it should start with xoxb-): "
            f"set it to {BOT_TOKEN_HELP}."
        )
    if app_token and not re.fullmatch("xapp-" + _TOKEN_BODY, app_token):
        return (
            "SLACK_APP_TOKEN does not look like an app-level token (it should start with xapp-): "
            f"set it to {APP_TOKEN_HELP}, or unset it and run scrbot serve --http."
        )
    if secret and not _SECRET.fullmatch(secret):
        return (
            "SLACK_SIGNING_SECRET does not look like a signing secret (Slack's are 32 "
            f"letters a-f and digits): set it to {SECRET_HELP}."
        )
    if missing_ok:
        return None
    if http and not secret:
        return f"SLACK_SIGNING_SECRET is not set, and HTTP mode needs it: set it to {SECRET_HELP}."
    if not http and not app_token:
        return (
            f"SLACK_APP_TOKEN is not set, and Socket Mode needs it: set it to {APP_TOKEN_HELP}, "
            "or run scrbot serve --http to take Slack's requests over HTTP."
        )
    return None


def _installing_problem(
    bot_token: str, client_id: str, client_secret: str, secret: str, *, http: bool
) -> str | None:
    """The credentials for installing into many workspaces with OAuth, checked."""
    if bot_token:
        return (
            "Both SLACK_BOT_TOKEN (one workspace) and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET "
            "(installing into many) are set: unset one of them."
        )
    if not (client_id and client_secret):
        missing = "SLACK_CLIENT_SECRET" if client_id else "SLACK_CLIENT_ID"
        return f"{missing} is not set, and installing with OAuth needs both: set {CLIENT_HELP}."
    if not http:
        return (
            "Installing into many workspaces needs HTTP mode (Slack sends people to "
            "/slack/install and back): run scrbot serve --http."
        )
    if not secret:
        return f"SLACK_SIGNING_SECRET is not set, and HTTP mode needs it: set it to {SECRET_HELP}."
    if not _SECRET.fullmatch(secret):
        return (
            "SLACK_SIGNING_SECRET does not look like a signing secret (Slack's are 32 "
            f"letters a-f and digits): set it to {SECRET_HELP}."
        )
    return None


def run(args: argparse.Namespace) -> int:
    try:
        if args.workers is not None and args.workers < 1:
            raise StartupError("--workers should be 1 or more.")
        return serve(
            http=bool(args.http),
            port=args.port,
            host=args.host,
            env=os.environ,
            server=args.server,
            workers=args.workers,
        )
    except StartupError as error:
        print(f"scrbot serve: {error}", file=sys.stderr)
        return error.exit_code


#: Set in deploy/Dockerfile; /.dockerenv (Docker) and $container (Podman, systemd-nspawn)
#: say the same where the image was built elsewhere.
CONTAINER_ENV = "SCRBOT_IN_CONTAINER"


def default_host(env: Mapping[str, str], dockerenv: Path = Path("/.dockerenv")) -> tuple[str, str]:
    """The address to listen on when ``--host`` is not given, and why."""
    if env.get(CONTAINER_ENV) or env.get("container") or dockerenv.exists():
        return "0.0.0.0", "in a container, so every interface (the container's network is its own)"
    return "127.0.0.1", "not in a container, so this machine only (use --host 0.0.0.0 to open it)"


def serve(
    *,
    http: bool,
    port: int | None,
    host: str | None,
    env: Mapping[str, str],
    server: str = "scrbot",
    workers: int | None = None,
    announce: str | None = None,
) -> int:
    """Check the credentials, then serve until SIGTERM or Ctrl-C. Raises :class:`StartupError`."""
    from bot.logs import configure_logging
    from index.settings import ConfigError, load_settings

    try:
        settings = load_settings(env=env)
    except ConfigError as error:
        problem = credentials_problem(env, http=http, missing_ok=True)
        raise StartupError(problem or " ".join(error.problems)) from None
    problem = credentials_problem(
        {
            "SLACK_BOT_TOKEN": settings.bot_token or "",
            "SLACK_APP_TOKEN": settings.app_token or "",
            "SLACK_SIGNING_SECRET": settings.signing_secret or "",
            "SLACK_CLIENT_ID": settings.client_id or "",
            "SLACK_CLIENT_SECRET": settings.client_secret or "",
        },
        http=http,
    )
    if problem:
        raise StartupError(problem)
    if announce:
        print(announce, file=sys.stderr)  # once the credentials are known to be usable
    configure_logging(settings.log_format, secrets=settings.secret_values())
    _open_database(settings)
    why = "as --host says"
    if host is None:
        host, why = default_host(env)
    stop = _stop_on_signals()
    if http and server == "gunicorn":
        # gunicorn's master sets its own signal handlers, and stops on SIGTERM too.
        return _serve_gunicorn(settings, host, port if port is not None else settings.port, workers)
    if http:
        chosen_port = port if port is not None else settings.port
        return _serve_http(settings, host, chosen_port, stop, why)
    health_port = port if port is not None else (settings.port if env.get("PORT") else None)
    return _serve_socket_mode(settings, host, health_port, stop, why)


def _serve_http(settings: Any, host: str, port: int, stop: threading.Event, why: str) -> int:

    from bot.http_server import EVENTS_PATH

    log = logging.getLogger("bot.serve")
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
    digest = _digest_service(settings)

    def load() -> None:
        try:
            engines.append(_open_engine(settings))
            server.attach(_load_app(settings, engines[0], digest))
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


def _serve_gunicorn(settings: Any, host: str, port: int, workers: int | None) -> int:
    """Serve over HTTP in gunicorn until SIGTERM; each worker loads its own app."""
    import logging

    from bot.gunicorn_server import GunicornServer, default_workers
    from bot.http_server import EVENTS_PATH

    log = logging.getLogger("bot.serve")
    count = workers or default_workers()

    def load() -> Any:
        try:
            engine = _open_engine(settings)
            app = _load_app(settings, engine)
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


def _serve_socket_mode(
    settings: Any, host: str, health_port: int | None, stop: threading.Event, why: str
) -> int:

    from slack_sdk.errors import SlackApiError

    from bot.socket_mode import start_socket_mode, stop_socket_mode

    log = logging.getLogger("bot.serve")
    health = None
    if health_port is not None:
        health = _listen(host, health_port, events=False)
        threading.Thread(target=health.serve_forever, name="healthz", daemon=True).start()
        log.info("Health check on http://%s:%d/healthz (%s)", host, health.port, why)
    digest = _digest_service(settings)
    engine = None
    try:
        engine = _open_engine(settings)
        app = _load_app(settings, engine, digest)
        try:
            handler = start_socket_mode(
                app, settings.app_token, unready_after=settings.socket_unready_after
            )
        except SlackApiError as error:
            raise _rejected("SLACK_APP_TOKEN", error, APP_TOKEN_HELP) from None
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


def _digest_service(settings: Any) -> Any:
    from bot.digest.service import DigestService

    return DigestService(settings)


def _open_engine(settings: Any) -> Any:
    """Open the search index over the settings' knowledge (building it if need be)."""
    from index.engine import LookupEngine
    from index.validation import KnowledgeError

    try:
        engine = LookupEngine.open(settings.knowledge_paths or None, settings.index_dir)
        # Read every term's scores before /healthz says ready, so the first
        # requests after start-up never share the cores with that work.
        engine.warm()
        _follow_published_knowledge(settings, engine)
        return engine
    except KnowledgeError as error:
        count = len(error.problems)
        raise StartupError(
            f"The knowledge files have {count} problem{'s' if count != 1 else ''}, so the bot "
            "cannot start: run scrbot validate to see them.",
            1,
        ) from None
    except OSError as error:
        raise StartupError(
            f"Could not read the knowledge or the search index: {error}.", 1
        ) from None


def _open_database(settings: Any) -> None:
    """Open the database (records, the weekly prompt's state, the requests seen) before
    anything else, so that an unusable one, or one whose schema needs ``scrbot db
    upgrade``, stops the bot at once with one line (exit 2)."""
    from index.storage.errors import StorageError
    from index.storage.shared import shared_database

    try:
        shared_database(settings.database)
    except StorageError as error:
        raise StartupError(str(error)) from None


def _load_app(settings: Any, engine: Any, digest: Any = None) -> Any:
    """Build the Bolt app on ``engine`` (which checks the bot token with Slack), then
    start the weekly learning prompt (``digest``) if one is given."""
    from slack_sdk.errors import SlackApiError

    from bot.app import build_app
    from index.storage.errors import StorageError

    if digest is not None:
        from index.settings import DigestConfigError

        try:
            digest.check(engine.knowledge)
        except DigestConfigError as error:
            raise StartupError("\n".join(error.problems)) from None
    try:
        app = build_app(settings, engine=engine)
    except SlackApiError as error:
        raise _rejected("SLACK_BOT_TOKEN", error, BOT_TOKEN_HELP) from None
    except StorageError as error:
        raise StartupError(str(error)) from None
    except OSError as error:
        where = settings.api_url or "https://slack.com/api/"
        raise StartupError(f"Could not reach Slack at {where}: {error}.", 1) from None
    if digest is not None:
        try:
            digest.start()
        except StorageError as error:
            raise StartupError(str(error)) from None
    return app


def _rejected(variable: str, error: Any, help_text: str) -> StartupError:
    code = error.response.get("error") if error.response is not None else "error"
    return StartupError(f"Slack refused {variable} ({code}): set it to {help_text}.")


def _stop_on_signals() -> threading.Event:
    """An event set by SIGTERM (a platform stopping the bot) or SIGINT (Ctrl-C)."""
    stop = threading.Event()

    def handle(signum: int, frame: object) -> None:
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, handle)
    return stop


def _follow_published_knowledge(settings: Any, engine: Any) -> None:
    """Publish this replica's knowledge changes in the database and follow every
    other replica's (see :mod:`bot.knowledge_sync`); the thread ends with the process."""
    from bot.knowledge_sync import KnowledgeSync
    from index.storage.errors import StorageError
    from index.storage.knowledge import KnowledgeVersions
    from index.storage.shared import shared_database

    try:
        KnowledgeSync(engine, KnowledgeVersions(shared_database(settings.database))).start()
    except StorageError as error:
        raise StartupError(str(error)) from None
