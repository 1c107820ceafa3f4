"""Try the bot in your terminal, without Slack."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="settings file (default: SCRBOT_CONFIG, else ./scrbot.yaml)",
    )


def run(args: argparse.Namespace) -> int:
    from bot.cli import options
    from bot.console import run_console

    return run_console(options.settings(args.config, command="console"))
