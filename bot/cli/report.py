"""Report lookups, weekly prompts and discussions held, for Section 11 evidence."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import date
from pathlib import Path


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date: write it as YYYY-MM-DD, for example 2025-04-01"
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        type=_day,
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
        help="the state file (default: state_path in the settings, or SCRBOT_STATE)",
    )


def run(args: argparse.Namespace) -> int:
    from bot.cli import options
    from bot.cli.pack import load
    from index.store import Store, StoreError
    from index.usage import Usage, titles_of

    path = args.state or options.settings().state_path
    kb = load(None)
    if kb is None:
        return 2
    titles = titles_of(kb.themes, kb.cases)
    if not Path(path).exists():
        # Reporting must not create the state file: say plainly that nothing is recorded.
        print(
            f"There is no state file at {path} yet, so nothing has been recorded. "
            "Check state_path in the settings (or SCRBOT_STATE) if you expected one.",
            file=sys.stderr,
        )
        store = Store(":memory:")
    else:
        try:
            store = Store(path)
        except StoreError as error:
            print(error, file=sys.stderr)
            return 2
    try:
        print(Usage(store).report(args.since, args.format, titles), end="")
    except sqlite3.Error as error:
        print(f"The state file {path} could not be read ({error}).", file=sys.stderr)
        return 2
    finally:
        store.close()
    return 0
