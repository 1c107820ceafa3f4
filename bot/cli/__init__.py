"""The ``scrbot`` command line.

One module per subcommand under ``bot/cli/``; each has a one-line docstring (its
help), ``add_arguments(parser)`` and ``run(args) -> int``. Modules import what
they need inside ``run`` so that ``scrbot ask`` starts quickly.

Two options come before any subcommand and hold for the whole process:
``--log-format text|json`` (else ``log_format`` from the settings, else text) and
``--log-level`` (else quiet for one-off commands; ``serve`` and ``scheduler`` log
at INFO). For example ``scrbot --log-format json serve``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType
from typing import NoReturn

#: Subcommand name -> module. The one table of subcommands.
SUBCOMMANDS: dict[str, str] = {
    "run": "bot.cli.run",
    "serve": "bot.cli.serve",
    "console": "bot.cli.console",
    "ask": "bot.cli.ask",
    "validate": "bot.cli.validate",
    "ingest": "bot.cli.ingest",
    "index": "bot.cli.index",
    "knowledge": "bot.cli.knowledge",
    "pack": "bot.cli.pack",
    "report": "bot.cli.report",
    "records": "bot.cli.records",
    "config": "bot.cli.config",
    "digest": "bot.cli.digest",
    "scheduler": "bot.cli.scheduler",
    "db": "bot.cli.db",
}


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(SUBCOMMANDS[name])
    except ModuleNotFoundError as error:
        if error.name == SUBCOMMANDS[name]:
            return None  # listed but not written yet in this checkout
        raise


class _Parser(argparse.ArgumentParser):
    """Bad usage is one line, naming the command and where its options are listed,
    with exit status 2 (argparse's usage block would bury the one line that matters)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}; see {self.prog} --help.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="scrbot",
        description="Learning from child safeguarding case reviews, at hand in Slack.",
    )
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        help="log lines for people (text) or for log tools (json, one object a line); "
        "default: log_format in the settings, else text",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        metavar="LEVEL",
        help="debug, info, warning or error (default: info for serve and scheduler, "
        "warning for the rest)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        module = _load(name)
        if module is None:
            continue
        summary = (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""
        child = sub.add_parser(name, help=summary, description=summary)
        module.add_arguments(child)
        child.set_defaults(_module=module, _parser=child)
    return parser


def _start_logging(args: argparse.Namespace) -> None:
    """Configure logging from the global options and the settings, registering the
    settings' secrets so they are masked in every line."""
    from bot.logs import choose_on_command_line, configure_logging
    from index.setting_file import load_settings
    from index.settings import ConfigError

    choose_on_command_line(args.log_format, args.log_level)
    try:
        settings = load_settings()
    except ConfigError:
        # The subcommand reads the settings again and says what is wrong, one line each.
        configure_logging("text", "WARNING")
        return
    configure_logging(settings.log_format or "text", "WARNING", secrets=settings.secret_values())


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    # Bad usage ends here with SystemExit(2) and one line (see _Parser).
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # Said by the subcommand's parser, so the line names the subcommand.
        getattr(args, "_parser", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    if not getattr(args, "_module", None):
        parser.print_help()
        return 0
    from bot.cli import options
    from bot.logs import choose_on_command_line

    options.running = args.command

    _start_logging(args)
    try:
        return int(args._module.run(args) or 0)
    except SystemExit as stopped:
        # A subcommand that cannot go on has said why (see bot.cli.options.stop).
        if stopped.code is None or isinstance(stopped.code, int):
            return stopped.code or 0
        print(stopped.code, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        # main() may run again in the same process (tests, a host program).
        choose_on_command_line(None, None)
        options.running = None


if __name__ == "__main__":
    sys.exit(main())
