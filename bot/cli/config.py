"""Check the settings file and print the settings in use, secrets masked.

Beyond each value's own form, the check looks at the knowledge (the digest's pins
name its themes), whether the state can be written where the settings say, and
whether a placeholder from the instructions was left in (:mod:`index.setting_checks`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("check",), help="check: validate and show the settings")
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the settings file (default: $SCRBOT_CONFIG or ./scrbot.yaml)",
    )


def run(args: argparse.Namespace) -> int:
    from bot.cli import options
    from index.digest_config import DigestConfigError, parse_digest_config
    from index.knowledge import load_knowledge
    from index.knowledge_problems import KnowledgeError
    from index.setting_checks import placeholder_problems, writable_problems

    settings = options.settings(args.config)
    problems = [*placeholder_problems(settings), *writable_problems(settings)]
    try:
        knowledge = load_knowledge(settings.knowledge_paths or None)
    except KnowledgeError as error:
        problems.append(
            f"The knowledge in {':'.join(map(str, settings.knowledge_paths)) or 'knowledge/'} has "
            f"{len(error.problems)} problem(s); run scrbot validate to see them."
        )
        theme_ids: list[str] = []
    else:
        theme_ids = list(knowledge.themes)
    where = f"{settings.source or 'settings'}: digest"
    schedules: list[str] = []
    if theme_ids:
        try:
            digest = parse_digest_config(settings.digest, theme_ids, where=where)
        except DigestConfigError as error:
            problems.extend(error.problems)
        else:
            schedules = [schedule.describe() for schedule in digest.channels]
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 2
    print(f"Settings from {settings.source or 'defaults and the environment (no settings file)'}:")
    unset = {
        "front_door_name": "(not set: answers say 'your children's services front door')",
        "procedures_url": "(not set: answers say 'your local safeguarding procedures')",
    }
    for name, value in settings.redacted().items():
        if name == "digest":
            value = "; ".join(schedules) or "(no channel: the weekly prompt is off)"
        elif value is None and name in unset:
            value = unset[name]
        print(f"  {name:<16} {_show(value)}")
    from bot.safety import FrontDoor

    print(f"Every answer ends: {FrontDoor.of(settings).safety_line(links=False)}")
    print("The settings are valid.")
    return 0


def _show(value: object) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value)) or "(none)"
    if isinstance(value, dict):
        return "(not set)" if not value else ", ".join(f"{k}={v}" for k, v in value.items())
    return "(not set)" if value is None else str(value)
