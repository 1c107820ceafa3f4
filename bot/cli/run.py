"""Run the bot if Slack credentials are set, otherwise the local console."""

from __future__ import annotations

import argparse
import os
import sys

NO_CREDENTIALS = (
    "No Slack credentials are set (SLACK_BOT_TOKEN), so here is the local console instead: "
    "type what you would type after the slash command."
)


SOCKET_MODE = (
    "SLACK_BOT_TOKEN and SLACK_APP_TOKEN are set, so the bot connects to Slack in Socket "
    "Mode (no public address needed)."
)
HTTP_MODE = (
    "SLACK_BOT_TOKEN is set but SLACK_APP_TOKEN is not, so the bot answers Slack over HTTP: "
    "Slack must be able to reach it (see the README, Deploying). Set SLACK_APP_TOKEN for "
    "Socket Mode instead."
)


def chosen_mode(app_token: str | None) -> tuple[bool, str]:
    """HTTP mode or not, and why: Socket Mode needs no public address, so it is
    chosen whenever its token is there."""
    return (False, SOCKET_MODE) if app_token else (True, HTTP_MODE)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port",
        type=int,
        metavar="N",
        help="port for HTTP mode (default: PORT, else 3000)",
    )
    parser.add_argument(
        "--host",
        default=None,
        help="address to listen on (default: 127.0.0.1, or 0.0.0.0 in a container)",
    )


def run(args: argparse.Namespace) -> int:
    from bot.cli import options
    from bot.cli.serve import serve
    from bot.startup import StartupError

    settings = options.settings(command="run")
    if settings.bot_token:
        http, why = chosen_mode(settings.app_token)
        try:
            return serve(http=http, port=args.port, host=args.host, env=os.environ, announce=why)
        except StartupError as error:
            print(f"scrbot run: {error}", file=sys.stderr)
            return error.exit_code
    print(NO_CREDENTIALS, file=sys.stderr)
    from bot.console import run_console

    return run_console(settings)
