"""Start a supervision or team discussion on a theme or case, ready to post."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.blocks.packs import pack_preview_message
from bot.blocks.primitives import notice_message
from bot.blocks.supervision import (
    discussion_offer_message,
    discussion_start_modal,
    discussion_unknown_message,
)
from bot.commands import CommandRequest, Reply
from bot.messages.supervision import DISCUSS_CONSOLE_EMPTY
from bot.refs import Engine
from index.pack import (
    FORMATS,
    GROUP_ID,
    SUPERVISION_ID,
    Subject,
    UnknownSubject,
    compose_pack,
    find_subject,
    question_choices,
    subject_of,
)

if TYPE_CHECKING:
    from slack_sdk.models.views import View

EXAMPLE = "supervision disguised compliance"
ALIASES = ("discuss", "discussion")
#: How many "did you mean" suggestions to offer.
MAX_SUGGESTIONS = 3

log = logging.getLogger(__name__)


def suggestions(engine: Engine, error: UnknownSubject) -> list[Subject]:
    """The closest themes and cases to a name that matched none: by spelling first,
    then what a lookup of the words finds."""
    kb = engine.knowledge
    found = list(error.suggestions)
    try:
        results = engine.search(error.text, limit=5).results if error.text.strip() else ()
    except Exception:  # suggestions are a courtesy: never fail the answer over them
        log.exception("Suggestions for a discussion failed.")
        results = ()
    for result in results:
        for kind, item in (("theme", result.theme_id), ("case", result.case_id)):
            if not item:
                continue
            try:
                subject = subject_of(kb, kind, item)
            except KeyError:
                continue
            if subject not in found:
                found.append(subject)
    return found[:MAX_SUGGESTIONS]


def start_modal(
    engine: Engine,
    subject: Subject | None,
    *,
    channel_id: str | None = None,
    pack_format: str | None = None,
) -> View:
    """The *Start a discussion* modal for ``subject`` (or for choosing one). Unless
    ``pack_format`` is given, a direct message suggests one-to-one supervision and a
    channel a team meeting."""
    if pack_format not in FORMATS:
        pack_format = SUPERVISION_ID if (channel_id or "").startswith("D") else GROUP_ID
    choices = question_choices(engine.knowledge, subject) if subject is not None else []
    return discussion_start_modal(engine.knowledge, subject, choices, pack_format=pack_format)


def handle(request: CommandRequest) -> Reply:
    """Open the *Start a discussion* modal; an unknown name gets "did you mean"."""
    kb = request.engine.knowledge
    text = request.text.strip()
    subject: Subject | None = None
    if text:
        try:
            subject = find_subject(kb, text)
        except UnknownSubject as error:
            log.info("discussion unknown subject")
            close = suggestions(request.engine, error)
            return Reply.of(discussion_unknown_message(text, close, command=request.command))
    if request.surface == "console":
        # No modals in a terminal: show the pack itself, as it would be posted.
        if subject is None:
            return Reply.of(notice_message(DISCUSS_CONSOLE_EMPTY))
        return Reply.of(pack_preview_message(compose_pack(kb, subject)))
    if request.surface != "slash":
        # Only the slash command brings a trigger to open a modal with; a button does too.
        return Reply.of(discussion_offer_message(subject))
    log.info("discussion modal kind=%s", subject.kind if subject else "none")
    return Reply(text="", modal=start_modal(request.engine, subject, channel_id=request.channel_id))
