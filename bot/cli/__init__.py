"""The ``scrbot`` command line.

One module per subcommand under ``bot/cli/``; each has a one-line docstring (its
help), ``add_arguments(parser)`` and ``run(args) -> int``. Modules import what
they need inside ``run`` so that ``scrbot ask`` starts quickly.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

#: Subcommand name -> module. The one table of subcommands.
SUBCOMMANDS: dict[str, str] = {
    "run": "bot.cli.run",
    "serve": "bot.cli.serve",
    "console": "bot.cli.console",
    "ask": "bot.cli.ask",
    "validate": "bot.cli.validate",
    "index": "bot.cli.index",
    "pack": "bot.cli.pack",
    "report": "bot.cli.report",
    "config": "bot.cli.config",
    "digest": "bot.cli.digest",
    "scheduler": "bot.cli.scheduler",
}


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(SUBCOMMANDS[name])
    except ModuleNotFoundError as error:
        if error.name == SUBCOMMANDS[name]:
            return None  # listed but not written yet in this checkout
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scrbot",
        description="Learning from child safeguarding case reviews, at hand in Slack.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        module = _load(name)
        if module is None:
            continue
        summary = (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""
        child = sub.add_parser(name, help=summary, description=summary)
        module.add_arguments(child)
        child.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 0
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
