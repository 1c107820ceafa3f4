"""Draft knowledge from a published review or briefing (PDF, Word, HTML, Markdown, text)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli import options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", type=Path, help="the review to read: .pdf, .docx, .html, .md or .txt"
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="where to write the draft (default: the knowledge folder's drafts/)",
    )
    parser.add_argument(
        "--id",
        dest="source_id",
        metavar="ID",
        help="the id for the new source and draft, e.g. anyshire-child-t-2023 "
        "(default: made from the title)",
    )
    parser.add_argument(
        "--no-themes",
        action="store_true",
        help="do not suggest theme links (skips opening the search index)",
    )
    options.add_knowledge_option(parser)
    options.add_index_option(parser)


def run(args: argparse.Namespace) -> int:
    from index.drafts import own_folder
    from index.ingest import IngestError, ingest_file
    from index.knowledge_folder import folders_of

    knowledge, index = options.folders(args.knowledge, args.index)
    # The draft and the kept source go in the own knowledge folder (the last);
    # themes are suggested from all of the knowledge.
    root = own_folder(knowledge)
    if not root.is_dir():
        return options.fail(
            f"the knowledge folder {root} was not found: give it with --knowledge DIR.",
            command="ingest",
        )
    engine = None if args.no_themes else _engine(folders_of(knowledge), index)
    try:
        result = ingest_file(
            args.path,
            knowledge_dir=root,
            out_dir=args.out,
            source_id=args.source_id,
            engine=engine,
            other_folders=folders_of(knowledge)[:-1],
        )
    except IngestError as error:
        return options.fail(error.message, command="ingest", code=error.code)
    finally:
        if engine is not None:
            engine.close()
    counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.counts.items() if n)
    print(f"Read {args.path.name}: {counts or 'no items found'}.")
    print(f"Kept its text as {result.source_path} (listed in sources.yaml as {result.source_id}).")
    print("Review the draft, then approve it to add it to the knowledge. The draft:")
    print(result.draft_path)
    return 0


def _engine(root: tuple[Path, ...], index: Path | None):  # type: ignore[no-untyped-def]
    """The lookup engine over the existing knowledge, for theme suggestions; None
    (with a line saying so) when it cannot be opened."""
    from index.engine import LookupEngine
    from index.knowledge_problems import KnowledgeError

    try:
        return LookupEngine.open(root, index)
    except (KnowledgeError, OSError) as error:
        print(
            f"scrbot ingest: no theme suggestions, as the knowledge or index could not be "
            f"opened ({type(error).__name__}); run scrbot validate to see why.",
            file=sys.stderr,
        )
        return None
