"""See every theme from the reviews, and pick one."""

from __future__ import annotations

from bot.blocks.lists import themes_message
from bot.commands import CommandRequest, Reply, verb_handler

EXAMPLE = "themes"
ALIASES = ("theme", "topics")


def handle(request: CommandRequest) -> Reply:
    """The themes to pick from; ``themes neglect`` looks up the theme named."""
    if request.text.strip():
        return verb_handler("search")(request)
    return Reply.of(themes_message(request.engine.knowledge))
