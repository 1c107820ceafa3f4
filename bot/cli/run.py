"""Run the bot if Slack credentials are set, otherwise the local console."""

from __future__ import annotations

import argparse
import os
import sys

NO_CREDENTIALS = (
    "No Slack credentials are set (SLACK_BOT_TOKEN), so here is the local console instead: "
    "type what you would type after the slash command."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port",
        type=int,
        metavar="N",
        help="port for HTTP mode (default: PORT, else 3000)",
    )
    parser.add_argument(
        "--host",
        default="0.0.0.0",
        help="address to listen on in HTTP mode (default: all interfaces)",
    )


def run(args: argparse.Namespace) -> int:
    from bot.cli import options
    from bot.cli.serve import StartupError, serve

    settings = options.settings(command="run")
    if settings.bot_token:
        # Socket Mode needs no public address, so it is preferred when its token is there.
        try:
            return serve(
                http=not settings.app_token, port=args.port, host=args.host, env=os.environ
            )
        except StartupError as error:
            print(f"scrbot run: {error}", file=sys.stderr)
            return error.exit_code
    print(NO_CREDENTIALS, file=sys.stderr)
    from bot.console import run_console

    return run_console(settings)
