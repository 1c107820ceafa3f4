"""Look up a theme, a case or a term in the reviews."""

from __future__ import annotations

import dataclasses
import logging

from bot import records
from bot.blocks.primitives import notice_message
from bot.blocks.search import search_message
from bot.commands import CommandRequest, Reply
from bot.feedback import count_uncovered
from bot.messages.answers import EMPTY_QUERY, PERSONAL_DATA
from bot.refs import Engine
from bot.safety import FrontDoor
from index.answers import SearchResponse
from index.privacy import find_personal_data, strip_personal_data

EXAMPLE = "disguised compliance"
ALIASES = ("find", "lookup")
#: Enough for any question; a pasted essay is cut here before searching.
MAX_QUERY = 500

log = logging.getLogger(__name__)


def _kinds(kinds: tuple[str, ...]) -> str:
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]


def lookup(engine: Engine, text: str) -> tuple[SearchResponse, str | None]:
    """Search for ``text``, leaving out anything that looks like personal details.

    Returns what was found and, if details were left out, a notice saying so (the
    response then carries no query, so the details are never shown back).
    """
    query = text.strip()[:MAX_QUERY]
    personal = find_personal_data(query)
    if not personal:
        return engine.search(query, limit=5), None
    notice = PERSONAL_DATA.format(kinds=_kinds(personal))
    response = engine.search(strip_personal_data(query), limit=5)
    return dataclasses.replace(response, query=""), notice


def handle(request: CommandRequest) -> Reply:
    """Answer a lookup: the best answer and others worth a look, or help to find one."""
    if not request.text.strip():
        return Reply.of(notice_message(EMPTY_QUERY))
    response, notice = lookup(request.engine, request.text)
    top = response.top
    records.count_lookup(
        request.settings, top, surface=request.surface, workspace=request.workspace
    )
    count_uncovered(
        request.settings, response, surface=request.surface, workspace=request.workspace
    )
    if top is not None:
        # Counts per item, never the words typed nor who typed them.
        log.info("lookup kind=%s id=%s results=%d", top.kind, top.id, len(response.results))
    else:
        log.info("lookup found nothing")
    message = search_message(
        response,
        request.engine.knowledge,
        command=request.command,
        shareable=request.shareable,
        notice=notice,
        door=FrontDoor.of(request.settings),
        feedback=request.feedback,
    )
    return Reply.of(message)
