"""Explain a term you'll meet in the reviews, such as MASH or HSB."""

from __future__ import annotations

import difflib
import logging

from bot.blocks.answers import answer_message
from bot.blocks.lists import glossary_message
from bot.commands import CommandRequest, Reply
from bot.safety import FrontDoor
from index.model import GlossaryTerm, Knowledge
from index.pack.text import plain_words

EXAMPLE = "glossary MASH"
ALIASES = ("term", "terms", "define")

log = logging.getLogger(__name__)


def match_term(kb: Knowledge, text: str) -> GlossaryTerm | None:
    """The glossary term ``text`` names exactly (its term, expansion or an alias)."""
    wanted = plain_words(text)
    if not wanted:
        return None
    for term in kb.glossary.values():
        names = (term.id, term.term, term.expansion, *term.aliases)
        if any(plain_words(name) == wanted for name in names):
            return term
    return None


def handle(request: CommandRequest) -> Reply:
    """The term's meaning and where it matters, or the glossary when none is named."""
    kb = request.engine.knowledge
    wanted = request.text.strip()
    if not wanted:
        return Reply.of(glossary_message(kb))
    term = match_term(kb, wanted)
    if term is None:
        names = {t.term: t for t in kb.glossary.values()}
        close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.5)
        return Reply.of(glossary_message(kb, unknown=wanted, suggestions=close))
    log.info("lookup kind=glossary id=%s", term.id)
    result = request.engine.glossary_answer(term.id)
    door = FrontDoor.of(request.settings)
    return Reply.of(
        answer_message(
            result, kb, shareable=request.shareable, door=door, feedback=request.feedback
        )
    )
