"""Report lookups, weekly prompts and discussions held, for Section 11 evidence."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date: write it as YYYY-MM-DD, for example 2025-04-01"
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        type=iso_day,
        metavar="YYYY-MM-DD",
        help="only what happened on or after this date (lookups count by month, so "
        "its month is counted whole)",
    )
    parser.add_argument(
        "--format",
        choices=("csv", "md"),
        default="md",
        help="md: Markdown tables by month (default); csv: one line per theme or case "
        "per month, for a spreadsheet",
    )
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="a SQLite state file to report on (default: the settings' database_url, "
        "else state_path)",
    )
    parser.add_argument(
        "--team",
        metavar="T",
        default="",
        help="the workspace (Slack team id, e.g. T0123ABCD) to report on, when the bot is "
        "installed in several; leave it out for a single-workspace install",
    )


def run(args: argparse.Namespace) -> int:
    from bot.cli import options
    from bot.cli.pack import load
    from index.storage.database import Database
    from index.storage.errors import StorageError
    from index.storage.records import Usage
    from index.storage.url import sqlite_path, sqlite_url
    from index.storage.workspace import Workspace
    from index.usage import titles_of

    url = sqlite_url(args.state) if args.state else options.settings().database
    kb = load(None)
    if kb is None:
        return 2
    titles = titles_of(kb.themes, kb.cases)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        # Reporting must not create the state file: say plainly that nothing is recorded.
        print(
            f"There is no state file at {path} yet, so nothing has been recorded. "
            "Check database_url or state_path in the settings (or SCRBOT_DATABASE_URL, "
            "SCRBOT_STATE) if you expected one.",
            file=sys.stderr,
        )
        url = "sqlite://"
    try:
        database = Database.open(url, create=url == "sqlite://")
        try:
            usage = Usage(database, workspace=Workspace(args.team))
            print(usage.report(args.since, args.format, titles), end="")
        finally:
            database.close()
    except StorageError as error:
        print(error, file=sys.stderr)
        return 2
    return 0
