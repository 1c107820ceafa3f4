"""Slash-command verbs: one module per verb, and the one table of them.

``/scr case z`` runs the ``case`` verb with ``"z"``; text that does not start with
a verb (``/scr disguised compliance``) is a lookup (the ``search`` verb). The same
:func:`run_command` serves the slash command, mentions, direct messages and the
local console, so they all answer alike.

Each verb module ``bot/commands/<verb>.py`` has:

- a one-line module docstring (shown by ``/scr help``),
- ``EXAMPLE``: what to type after the command, e.g. ``"case z"``,
- ``handle(request: CommandRequest) -> Reply``,
- optionally ``ALIASES`` (other words for the verb) and ``LISTED = False`` to keep
  it out of the help,
- optionally ``AFTER_ACK = True`` for a verb that writes to the state file or
  takes long (``digest``, ``admin``): the slash command acknowledges at once and
  the answer follows through the command's ``response_url``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from bot.blocks.primitives import BlockLike, Message
from index.storage.workspace import SINGLE, Workspace

if TYPE_CHECKING:
    from slack_sdk.models.views import View

    from bot.refs import Engine
    from index.settings import Settings

log = logging.getLogger(__name__)

#: Verb -> module. The one table of slash-command verbs, in the order help lists them.
VERBS: dict[str, str] = {
    "search": "bot.commands.search",
    "themes": "bot.commands.themes",
    "case": "bot.commands.case",
    "glossary": "bot.commands.glossary",
    "question": "bot.commands.question",
    "supervision": "bot.commands.supervision",
    "digest": "bot.commands.digest",
    "admin": "bot.commands.admin",
    "help": "bot.commands.help",
    "new": "bot.commands.new",
}
#: The verb for text that does not start with one.
DEFAULT_VERB = "search"
#: Where people can reach the bot; only a private (slash command) answer can be shared.
SURFACES = ("slash", "mention", "dm", "console")


@dataclass(frozen=True)
class CommandRequest:
    """One command: what followed the verb, and who and where it came from.

    ``user_id`` and ``channel_id`` are for decisions (e.g. admin verbs), never for
    logging alongside ``text``.
    """

    text: str
    engine: Engine
    command: str = "/scr"
    verb: str = DEFAULT_VERB
    user_id: str | None = None
    channel_id: str | None = None
    surface: str = "slash"
    settings: Settings | None = None
    #: The bot token's scopes as Slack reported them, when known (from the app's
    #: ``auth.test`` at start); ``None`` when not known, as in the console.
    granted_scopes: frozenset[str] | None = None
    #: The workspace it came from (records are kept per workspace).
    workspace: Workspace = SINGLE

    @property
    def feedback(self) -> str:
        """How helpful / not helpful is shown: ordinary buttons on a private answer
        (Slack shows its own feedback buttons only in posted messages), Slack's own
        in a mention's thread or a direct message."""
        return "buttons" if self.shareable else "native"

    @property
    def shareable(self) -> bool:
        """Whether the answer is private to one person, so worth a *Share* button."""
        return self.surface in ("slash", "console")


@dataclass(frozen=True)
class Reply:
    """What a verb answers: a message (blocks + text), whether only the asker sees
    it, and optionally a modal to open."""

    text: str
    blocks: list[BlockLike] = field(default_factory=list)
    response_type: str = "ephemeral"
    modal: View | None = None

    @classmethod
    def of(cls, message: Message, *, response_type: str = "ephemeral", modal: Any = None) -> Reply:
        return cls(
            text=message.text, blocks=message.blocks, response_type=response_type, modal=modal
        )


def verb_module(name: str) -> ModuleType:
    """The module for verb ``name`` (KeyError if there is none)."""
    return importlib.import_module(VERBS[name])


def verb_handler(name: str) -> Callable[[CommandRequest], Reply]:
    """The ``handle`` function of verb ``name`` (KeyError if there is none)."""
    handle: Callable[[CommandRequest], Reply] = verb_module(name).handle
    return handle


def verb_modules() -> dict[str, ModuleType]:
    """Every verb's module, in table order."""
    return {name: verb_module(name) for name in VERBS}


def _verb_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for name, module in verb_modules().items():
        words[name] = name
        for alias in getattr(module, "ALIASES", ()):
            words.setdefault(alias, name)
    return words


def find_verb(text: str) -> tuple[str, str]:
    """Split ``text`` into a verb and what follows it.

    >>> find_verb("case z")
    ('case', 'z')
    >>> find_verb("disguised compliance")
    ('search', 'disguised compliance')
    >>> find_verb("")
    ('help', '')
    """
    stripped = (text or "").strip()
    if not stripped:
        return "help", ""
    first, _, rest = stripped.partition(" ")
    verb = _verb_words().get(first.lower())
    if verb is None:
        return DEFAULT_VERB, stripped
    return verb, rest.strip()


def answered_after_ack(text: str) -> bool:
    """Whether the verb ``text`` names answers after the acknowledgement (``AFTER_ACK``)."""
    return bool(getattr(verb_module(find_verb(text)[0]), "AFTER_ACK", False))


def run_command(
    text: str,
    engine: Engine,
    *,
    command: str = "/scr",
    user_id: str | None = None,
    channel_id: str | None = None,
    surface: str = "slash",
    settings: Settings | None = None,
    granted_scopes: frozenset[str] | None = None,
    workspace: Workspace = SINGLE,
) -> Reply:
    """Answer ``text`` (what was typed after the command) as the verb it names."""
    verb, rest = find_verb(text)
    request = CommandRequest(
        text=rest,
        engine=engine,
        command=command,
        verb=verb,
        user_id=user_id,
        channel_id=channel_id,
        surface=surface,
        settings=settings,
        granted_scopes=granted_scopes,
        workspace=workspace,
    )
    reply = verb_handler(verb)(request)
    # Counts, never content: which verb, from where. What was typed stays out of logs.
    log.info("command verb=%s surface=%s", verb, surface)
    return reply
