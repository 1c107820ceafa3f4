"""Look up a theme, a case or a term in the reviews."""

from __future__ import annotations

import dataclasses
import logging

from bot import messages
from bot.blocks import notice_message, search_message
from bot.commands import CommandRequest, Reply
from index.privacy import find_personal_data, strip_personal_data

EXAMPLE = "disguised compliance"
ALIASES = ("find", "lookup")
#: Enough for any question; a pasted essay is cut here before searching.
MAX_QUERY = 500

log = logging.getLogger(__name__)


def _kinds(kinds: tuple[str, ...]) -> str:
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]


def handle(request: CommandRequest) -> Reply:
    """Answer a lookup: the best answer and others worth a look, or help to find one."""
    engine, kb = request.engine, request.engine.knowledge
    query = request.text.strip()[:MAX_QUERY]
    if not query:
        return Reply.of(notice_message(messages.EMPTY_QUERY))
    notice = None
    personal = find_personal_data(query)
    if personal:
        # Answer the learning question only, and never show the details back.
        notice = messages.PERSONAL_DATA.format(kinds=_kinds(personal))
        query = strip_personal_data(query)
    response = engine.search(query, limit=5)
    if personal:
        response = dataclasses.replace(response, query="")
    top = response.top
    if top is not None:
        log.info("lookup kind=%s id=%s results=%d", top.kind, top.id, len(response.results))
    else:
        log.info("lookup found nothing")
    message = search_message(
        response, kb, command=request.command, shareable=request.shareable, notice=notice
    )
    return Reply.of(message)
