"""Try the bot in your terminal, without Slack."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="settings file (default: SCRBOT_CONFIG, else ./scrbot.yaml)",
    )


def run(args: argparse.Namespace) -> int:
    from bot.console import run_console
    from bot.settings import ConfigError, load_settings

    try:
        settings = load_settings(args.config)
    except ConfigError as error:
        for problem in error.problems:
            print(f"scrbot console: {problem}", file=sys.stderr)
        return 2
    return run_console(settings)
