"""Print a supervision or team-meeting pack for a theme or case."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli import options

if TYPE_CHECKING:
    from index.model import Knowledge


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "subject",
        nargs="*",
        metavar="THEME-OR-CASE",
        help="a theme or case, e.g. disguised-compliance or case-z; leave it out to list them all",
    )
    parser.add_argument(
        "--format",
        choices=("md", "txt"),
        default="txt",
        help="md: Markdown, to paste into a document; txt: plain text for printing (default)",
    )
    parser.add_argument(
        "--group",
        action="store_true",
        help="a pack for a group session or team meeting (default: one-to-one supervision)",
    )
    options.add_knowledge_option(parser)


def _list(kb: Knowledge) -> None:
    print("Themes:")
    for theme in kb.themes_by_title():
        print(f"  {theme.id:<28} {theme.title}")
    print("Cases:")
    for case in kb.cases.values():
        print(f"  {case.id:<28} {case.title}")
    print("\nFor example: scrbot pack disguised-compliance, or scrbot pack case-z --group")


def load(folder: Path | None) -> Knowledge | None:
    """The knowledge from ``folder``, else the settings' folder, else the bundled one;
    None after printing why it could not be loaded."""
    from index.knowledge import load_knowledge
    from index.knowledge_problems import KnowledgeError

    try:
        return load_knowledge(folder or options.settings().knowledge_paths or None)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("Run scrbot validate to see every problem in the knowledge.", file=sys.stderr)
    return None


def run(args: argparse.Namespace) -> int:
    from bot.pack_text import pack_markdown, pack_text
    from index.pack import GROUP, SUPERVISION, UnknownSubject, compose_pack, find_subject

    kb = load(args.knowledge)
    if kb is None:
        return 1  # the knowledge has problems: the work cannot be done
    text = " ".join(args.subject).strip()
    if not text:
        _list(kb)
        return 0
    try:
        subject = find_subject(kb, text)
    except UnknownSubject as error:
        message = f"There's no theme or case called “{text}”."
        if error.suggestions:
            names = " or ".join(f"{s.id} ({s.title})" for s in error.suggestions)
            message += f" Did you mean {names}?"
        print(message, file=sys.stderr)
        print("Run scrbot pack with no name to see every theme and case.", file=sys.stderr)
        return 2
    pack = compose_pack(kb, subject, GROUP if args.group else SUPERVISION)
    print(pack_markdown(pack) if args.format == "md" else pack_text(pack), end="")
    return 0
