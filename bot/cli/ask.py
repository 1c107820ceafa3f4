"""Look up the learning on a theme, case or term."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli import options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="*", help="what to look up, e.g. disguised compliance")
    parser.add_argument(
        "--json", action="store_true", help="print the ranked results as JSON instead of text"
    )
    parser.add_argument(
        "--limit", type=int, default=5, metavar="N", help="how many results to return (default 5)"
    )
    options.add_knowledge_option(parser)
    options.add_index_option(parser)


def run(args: argparse.Namespace) -> int:
    from bot.cli.index import open_engine
    from bot.safety import FrontDoor

    engine = open_engine(args.knowledge, args.index)
    door = FrontDoor.of(options.settings(command="ask"))
    response = engine.search(" ".join(args.query), limit=args.limit)
    if args.json:
        data = response.to_json()
        data["safety"] = (
            door.urgent_fallback() if response.urgent else door.safety_line(links=False)
        )
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    from bot.terminal import TerminalAnswer, terminal_width, use_colour

    answer = TerminalAnswer(width=terminal_width(), colour=use_colour(sys.stdout), door=door)
    print(answer.response(response))
    return 0
