"""What several subcommands share: the ``--knowledge`` and ``--index`` options, and
reading the settings and the knowledge with one clear line per problem.

A subcommand that cannot go on calls :func:`stop`, which prints the problems and
raises ``SystemExit``; :func:`bot.cli.main` turns that into the exit status::

    settings = options.settings(command="digest", require=("bot_token",))
    knowledge = options.knowledge(settings, command="digest")
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from index.model import Knowledge
    from index.settings import Settings

KNOWLEDGE_HELP = (
    "the knowledge folder, or folders separated by ':' read as one (default: knowledge_paths "
    "in the settings, SCRBOT_KNOWLEDGE, or the bundled knowledge/)"
)
INDEX_HELP = "the search index folder (default: the settings, SCRBOT_INDEX_DIR or ./var/index)"
#: The subcommand running (set by :func:`bot.cli.main`): it starts every line
#: :func:`fail` prints, so each says which command it is about.
running: str | None = None


def add_knowledge_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--knowledge", type=knowledge_folders, metavar="DIR[:DIR]", help=KNOWLEDGE_HELP
    )


def knowledge_folders(value: str) -> tuple[Path, ...]:
    """``--knowledge dir1:dir2``: the folders, read as one knowledge base."""
    from index.knowledge_folder import parse_folders

    folders = parse_folders(value)
    if not folders:
        raise argparse.ArgumentTypeError("give a folder, or folders separated by ':'")
    return folders


def add_index_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, metavar="DIR", help=INDEX_HELP)


def fail(problems: str | Iterable[str], *, command: str | None = None, code: int = 2) -> int:
    """Print each problem on its own line (after ``scrbot <command>:`` when a command
    is named); returns ``code``, the exit status to give."""
    command = command or running
    prefix = f"scrbot {command}: " if command else ""
    for problem in [problems] if isinstance(problems, str) else problems:
        print(f"{prefix}{problem}", file=sys.stderr)
    return code


def stop(problems: str | Iterable[str], *, command: str | None = None, code: int = 2) -> NoReturn:
    """As :func:`fail`, then end the subcommand with exit status ``code``."""
    raise SystemExit(fail(problems, command=command, code=code))


def settings(
    path: str | Path | None = None, *, command: str | None = None, require: Iterable[str] = ()
) -> Settings:
    """The settings (from ``path``, else ``SCRBOT_CONFIG``, else ``./scrbot.yaml``) with
    each of ``require`` set; else :func:`stop` with exit status 2."""
    from index.setting_file import load_settings
    from index.settings import ConfigError

    try:
        loaded = load_settings(path)
        loaded.require(*require)
    except ConfigError as error:
        stop(error.problems, command=command)
    return loaded


def folders(
    knowledge: tuple[Path, ...] | None, index: Path | None
) -> tuple[tuple[Path, ...] | None, Path | None]:
    """The knowledge and index folders from the command line, else from the settings,
    else the defaults (None); the settings are read only when one is missing."""
    if knowledge is not None and index is not None:
        return knowledge, index
    chosen = settings()
    return knowledge or chosen.knowledge_paths or None, index or chosen.index_dir


def knowledge(chosen: Settings, *, command: str) -> Knowledge:
    """The knowledge in the settings' folder; else :func:`stop` with exit status 1,
    pointing to ``scrbot validate`` for the details."""
    from index.knowledge import load_knowledge
    from index.knowledge_problems import KnowledgeError

    try:
        return load_knowledge(chosen.knowledge_paths or None)
    except KnowledgeError as error:
        count = len(error.problems)
        stop(
            f"the knowledge files have {count} problem{'s' if count != 1 else ''}: "
            "run scrbot validate to see them.",
            command=command,
            code=1,
        )


def publish_knowledge(fingerprint: str, *, command: str) -> None:
    """With a database named in the settings (replicas sharing it), record the new
    knowledge there, so that every replica switches to it within seconds (see
    :mod:`bot.knowledge_sync`). An image build or a lone install names none."""
    from index.storage.errors import StorageError
    from index.storage.knowledge import KnowledgeVersions
    from index.storage.shared import shared_database

    chosen = settings(command=command)
    if not chosen.database_url:
        return
    try:
        if KnowledgeVersions(shared_database(chosen.database_url)).publish(fingerprint):
            print("Every replica on the database will answer from it within seconds.")
    except StorageError as error:
        print(f"Could not tell the replicas of the new knowledge: {error}", file=sys.stderr)
