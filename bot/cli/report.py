"""Report lookups, weekly prompts and discussions held, for Section 11 evidence, and
feedback on answers with the topics asked about that the reviews do not cover."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any


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
    from index.storage.feedback import Feedback
    from index.storage.records import Usage
    from index.storage.url import sqlite_path, sqlite_url
    from index.storage.workspace import Workspace
    from index.usage import titles_of

    url = sqlite_url(args.state) if args.state else options.settings().database
    kb = load(None)
    if kb is None:
        return 1  # the knowledge has problems: the work cannot be done
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
            if args.format == "md":
                feedback = Feedback(database, workspace=Workspace(args.team))
                print(feedback_report(feedback, args.since, titles, kb), end="")
        finally:
            database.close()
    except StorageError as error:  # the record could not be read: as scrbot records
        print(error, file=sys.stderr)
        return 1
    return 0


def feedback_report(feedback: Any, since: date | None, titles: Any, kb: Any) -> str:
    """Markdown: feedback on answers by theme or case, and the topics people asked
    about that the knowledge does not cover (counts only, never what was typed)."""
    answers = feedback.answers(since)
    topics = feedback.topics(since)
    lines = ["", "## Feedback on answers", ""]
    if answers:
        lines += ["| Theme or case | Helpful | Not helpful |", "|---|---|---|"]
        for row in answers:
            title = titles.get(f"{row.kind}:{row.item}", row.item)
            lines.append(f"| {title} | {row.helpful} | {row.not_helpful} |")
    else:
        lines.append("No feedback yet.")
    lines += [
        "",
        "## What people asked about",
        "",
        "Topics the reviews do not cover that lookups named, and what people said they "
        "were looking for when an answer did not help (reduced to a topic; never their "
        "words). The list a learning lead uses to decide which review to add next.",
        "",
    ]
    if topics:
        lines += ["| Topic | Lookups not covered | After 'not helpful' |", "|---|---|---|"]
        for topic in topics:
            name = _topic_name(topic.topic, titles, kb)
            lines.append(f"| {name} | {topic.lookups} | {topic.not_helpful} |")
    else:
        lines.append("Nothing yet.")
    return "\n".join(lines) + "\n"


def _topic_name(label: str, titles: Any, kb: Any) -> str:
    kind, _, item = label.partition(":")
    if kind == "uncovered":
        topic = kb.uncovered.get(item)
        if topic is not None:
            return f"{topic.name} (not covered)"
        return "something else the reviews do not cover"
    if kind in ("theme", "case"):
        return str(titles.get(label, item))
    return "nothing in the knowledge matched"
