"""Build or check the search index."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli import options

if TYPE_CHECKING:
    from index.engine import LookupEngine


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=("build", "check"),
        help="build: make a fresh index and switch to it; "
        "check: say whether the index is up to date with the knowledge",
    )
    options.add_knowledge_option(parser)
    options.add_index_option(parser)


def _knowledge_problems(error: Exception) -> None:
    for problem in getattr(error, "problems", [str(error)]):
        print(problem, file=sys.stderr)
    print(
        "The knowledge has problems, so the search index was not changed. "
        "Run scrbot validate to see them all.",
        file=sys.stderr,
    )


def open_engine(knowledge: tuple[Path, ...] | None, index: Path | None) -> LookupEngine:
    """An engine for the command line; else says why and ends the command with
    exit status 1 (the knowledge has problems) or 2 (a folder cannot be read)."""
    from index.engine import LookupEngine
    from index.knowledge_problems import KnowledgeError

    folders, index = options.folders(knowledge, index)
    try:
        return LookupEngine.open(folders, index)
    except KnowledgeError as error:
        _knowledge_problems(error)
        raise SystemExit(1) from None
    except OSError as error:
        options.stop(f"could not read the knowledge or the index: {error}")


def run(args: argparse.Namespace) -> int:
    from index.builder import IndexBuildError, IndexStore, files_fingerprint
    from index.knowledge import load_knowledge
    from index.knowledge_folder import folders_of
    from index.knowledge_problems import KnowledgeError

    knowledge, index = options.folders(args.knowledge, args.index)
    root = folders_of(knowledge)
    store = IndexStore(index)
    try:
        fingerprint = files_fingerprint(root)
    except OSError as error:
        shown = ", ".join(str(folder) for folder in root)
        print(f"Could not read the knowledge in {shown}: {error}", file=sys.stderr)
        return 2
    if args.action == "check":
        build, why = store.fresh(fingerprint)
        if build is None:
            print(f"The search index needs building: {why}. Run scrbot index build.")
            return 1
        print(
            f"The search index in {build.path} is up to date "
            f"({build.meta.get('documents')} documents, built {build.meta.get('built_at')})."
        )
        return 0
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    try:
        kb = load_knowledge(root)
        build = store.build(kb, fingerprint)
    except KnowledgeError as error:
        _knowledge_problems(error)
        return 1
    except (OSError, IndexBuildError) as error:
        print(f"{error}. The index in use (if any) is unchanged.", file=sys.stderr)
        return 1
    print(
        f"Built the search index in {build.path}: {build.meta['documents']} documents "
        f"in {time.perf_counter() - started:.1f} s."
    )
    options.publish_knowledge(fingerprint, command="index")
    return 0
