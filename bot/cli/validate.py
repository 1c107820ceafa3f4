"""Check the knowledge files and print what they hold."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli import options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_knowledge_option(parser)
    parser.add_argument(
        "--sources",
        type=Path,
        metavar="DIR",
        help="the folder of source documents; when given, every quotation is checked "
        "word for word against its source",
    )


def run(args: argparse.Namespace) -> int:
    from index.drafts import draft_paths
    from index.knowledge import build_knowledge
    from index.knowledge_folder import folders_of
    from index.validation import (
        KnowledgeError,
        kept_source,
        quotations,
        shown_path,
        validate_documents,
    )

    folders = folders_of(options.folders(args.knowledge, Path())[0])
    shown = ", ".join(shown_path(folder) for folder in folders)
    if args.sources is not None and not Path(args.sources).is_dir():
        print(
            f"scrbot validate: the sources folder {args.sources} does not exist (or is not a "
            "folder); give --sources the folder of source texts.",
            file=sys.stderr,
        )
        return 2
    try:
        documents = validate_documents(folders, args.sources)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(
            f"Found {count} problem{'s' if count != 1 else ''} in {shown}; "
            "nothing was loaded. Fix the lines above and run scrbot validate again.",
            file=sys.stderr,
        )
        return 1

    knowledge = build_knowledge(documents)
    print(f"The knowledge files in {shown} are valid:")
    counts = knowledge.counts()
    width = max(len(name) for name in counts)
    for name, number in counts.items():
        print(f"  {name:<{width}}  {number:>4}")
    waiting = [path.stem for path in draft_paths(folders)]
    if waiting:
        print(
            f"Drafts waiting for review, not served: {', '.join(waiting)} "
            "(scrbot knowledge review ID)."
        )
    quoted = sum(1 for document in documents for _ in quotations(document))
    quotes = f"{quoted} quotation{'s' if quoted != 1 else ''}"
    kept_ids = {
        source["id"]
        for document in documents
        if document.get("kind") == "sources"
        for source in document["sources"]
        if kept_source(folders[-1], source)
    }
    on_kept = sum(1 for d in documents for _, _, source in quotations(d) if source in kept_ids)
    if args.sources is None and on_kept:
        print(
            f"Quotation check: {on_kept} of {quotes} checked against the text ingest kept "
            "in sources/; give --sources DIR to check the rest."
        )
    elif args.sources is None:
        print(
            f"Quotation check skipped: {quotes} not checked against the source documents; "
            "give --sources DIR to check them."
        )
    else:
        print(
            f"Quotation check passed: {quotes} found word for word in the sections they cite, "
            "and every cited section is a heading in its source."
        )
    return 0
