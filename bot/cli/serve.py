"""Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, or HTTP with --http."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from bot.startup import StartupError


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
    from bot.credentials import credentials_problem
    from bot.logs import configure_logging
    from bot.serving import serve_gunicorn, serve_http, serve_socket_mode, stop_on_signals
    from bot.startup import open_database
    from index.setting_file import load_settings
    from index.settings import ConfigError

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
    open_database(settings)
    why = "as --host says"
    if host is None:
        host, why = default_host(env)
    stop = stop_on_signals()
    if http and server == "gunicorn":
        # gunicorn's master sets its own signal handlers, and stops on SIGTERM too.
        return serve_gunicorn(settings, host, port if port is not None else settings.port, workers)
    if http:
        chosen_port = port if port is not None else settings.port
        return serve_http(settings, host, chosen_port, stop, why)
    health_port = port if port is not None else (settings.port if env.get("PORT") else None)
    return serve_socket_mode(settings, host, health_port, stop, why)
