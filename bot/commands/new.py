"""What's new: this week's learning prompt theme, in full."""

from __future__ import annotations

from datetime import date

from bot.blocks.answers import answer_message
from bot.commands import CommandRequest, Reply
from bot.messages.answers import WHATS_NEW
from bot.safety import FrontDoor

EXAMPLE = "new"
ALIASES = ("latest",)
#: Offered by the assistant pane's suggested prompts rather than listed in the help.
LISTED = False


def handle(request: CommandRequest) -> Reply:
    """This week's theme (the weekly prompt's, where one is set up), as a lookup shows it."""
    from bot.listeners.home import weekly_theme
    from index.settings import Settings

    kb = request.engine.knowledge
    settings = request.settings or Settings(command=request.command)
    theme, _ = weekly_theme(kb, settings, date.today())
    if theme is None:
        return Reply.of(answer_message(request.engine.theme_answer(next(iter(kb.themes))), kb))
    result = request.engine.theme_answer(theme.id)
    notice = WHATS_NEW.format(title=theme.title)
    door = FrontDoor.of(request.settings)
    return Reply.of(answer_message(result, kb, notice=notice, door=door, feedback=request.feedback))
