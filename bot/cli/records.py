"""Forget the record of use older than a date (lookup counts, discussions held)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.report import iso_day


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("purge",), help="purge: forget records before a date")
    parser.add_argument(
        "--before",
        type=iso_day,
        required=True,
        metavar="YYYY-MM-DD",
        help="forget lookup counts of months ended before this date, and discussions "
        "started (and held) before it",
    )
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="a SQLite state file (default: the settings' database_url, else state_path)",
    )
    parser.add_argument(
        "--team",
        metavar="T",
        default="",
        help="the workspace (Slack team id) whose records to purge, when there are several",
    )


def run(args: argparse.Namespace) -> int:
    from bot.cli import options
    from index.storage.database import Database
    from index.storage.errors import StorageError
    from index.storage.records import Usage
    from index.storage.url import sqlite_path, sqlite_url
    from index.storage.workspace import Workspace

    url = sqlite_url(args.state) if args.state else options.settings().database
    path = sqlite_path(url)
    if path is not None and not path.exists():
        print(f"There is no state file at {path}, so there is nothing to purge.", file=sys.stderr)
        return 2
    try:
        database = Database.open(url)
        try:
            purged = Usage(database, workspace=Workspace(args.team)).purge_before(args.before)
        finally:
            database.close()
    except StorageError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"Forgot {purged.lookup_months} month(s) of lookup counts and "
        f"{purged.discussions} discussion(s) from before {args.before.isoformat()}."
    )
    return 0
