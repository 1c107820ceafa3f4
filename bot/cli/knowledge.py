"""Review and approve drafts of new reviews: list, review ID, approve ID."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.cli import options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=("drafts", "review", "approve"),
        help="drafts: list the drafts waiting; review: go through a draft item by item "
        "(answers are read from the keyboard, or a file or pipe); approve: check a reviewed "
        "draft, add it to the knowledge and the search index",
    )
    parser.add_argument("id", nargs="?", help="the draft's id (its file name in drafts/)")
    options.add_knowledge_option(parser)
    options.add_index_option(parser)


def run(args: argparse.Namespace) -> int:
    knowledge, index = options.folders(args.knowledge, args.index)
    if args.action == "drafts":
        return _list(knowledge)
    if not args.id:
        return options.fail(
            f"say which draft: scrbot knowledge {args.action} ID (scrbot knowledge drafts lists "
            "them).",
            command="knowledge",
        )
    if args.action == "review":
        return _review(args.id, knowledge)
    return _approve(args.id, knowledge, index)


def _list(knowledge: tuple[Path, ...] | None) -> int:
    from index.drafts import DraftError, draft_items, draft_paths, read_draft

    paths = draft_paths(knowledge)
    if not paths:
        print("No drafts are waiting. Make one with scrbot ingest FILE.")
        return 0
    for path in paths:
        try:
            draft = read_draft(path)
        except DraftError as error:
            print(f"{path.stem}: {error.message}")
            continue
        waiting = sum(1 for entry in draft_items(draft) if entry.from_source)
        print(
            f"{path.stem}: {draft.get('title', '')} ({waiting} items still in the source's words)"
        )
    return 0


def _review(draft_id: str, knowledge: tuple[Path, ...] | None) -> int:
    from bot.draft_review import Review
    from index.drafts import DraftError, find_draft, read_draft, write_draft
    from index.knowledge import load_knowledge
    from index.knowledge_problems import KnowledgeError

    try:
        path = find_draft(draft_id, knowledge)
        draft = read_draft(path)
    except DraftError as error:
        return options.fail(error.message, command="knowledge", code=error.code)
    try:
        kb = load_knowledge(knowledge)
    except KnowledgeError as error:
        return options.fail(
            f"the knowledge has {len(error.problems)} problem(s), so themes cannot be linked: "
            "run scrbot validate to see them.",
            command="knowledge",
            code=1,
        )
    review = Review(draft, kb, sys.stdin, sys.stdout, lambda data: write_draft(path, data))
    review.run()
    done = ", ".join(f"{n} {what}" for what, n in review.counts.items())
    if done:
        print(f"Saved: {done}.")
    still = review.summary()
    if still:
        print("Before it can be approved:")
        for line in still:
            print(f"  {line}")
        print(f"Run scrbot knowledge review {draft['id']} again to carry on.")
        return 1
    print(f"Ready: run scrbot knowledge approve {draft['id']}")
    return 0


def _approve(draft_id: str, knowledge: tuple[Path, ...] | None, index: Path | None) -> int:
    from index.approval import ApprovalError, approve

    started = time.perf_counter()
    try:
        approved = approve(draft_id, knowledge, index)
    except ApprovalError as error:
        return options.fail(error.problems, command="knowledge approve", code=error.code)
    how = "added to" if approved.added else "rebuilt"
    print(
        f"Approved {approved.title}: {approved.case_path} is in the knowledge, and the search "
        f"index was {how} in {time.perf_counter() - started:.1f} s ({approved.build.path})."
    )
    print("A running bot answers from it within a few seconds; no restart is needed.")
    options.publish_knowledge(approved.build.fingerprint, command="knowledge")
    return 0
