"""What I can do, with an example of each."""

from __future__ import annotations

from bot.blocks.lists import help_message
from bot.commands import CommandRequest, Reply, verb_modules

EXAMPLE = "help"


def help_lines(command: str) -> list[tuple[str, str]]:
    """(example, summary) for every listed verb, from the verb table and docstrings."""
    lines = []
    for module in verb_modules().values():
        if not getattr(module, "LISTED", True):
            continue
        summary = (module.__doc__ or "").strip().splitlines()[0]
        lines.append((f"{command} {module.EXAMPLE}", summary))
    return lines


def handle(request: CommandRequest) -> Reply:
    """The help: what the bot does and what to type."""
    return Reply.of(help_message(request.command, help_lines(request.command)))
