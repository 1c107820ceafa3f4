"""See a case review: what happened, what it found, what changed."""

from __future__ import annotations

import logging
import re

from bot import records
from bot.blocks.answers import answer_message
from bot.blocks.lists import cases_message
from bot.commands import CommandRequest, Reply
from bot.safety import FrontDoor
from index.model import Case, Knowledge
from index.pack.text import plain_words

EXAMPLE = "case z"
ALIASES = ("cases",)

log = logging.getLogger(__name__)


def find_case(kb: Knowledge, text: str) -> Case | None:
    """The case ``text`` names: a letter ("z"), an id ("case-z"), a title or an alias."""
    wanted = plain_words(text)
    if not wanted:
        return None
    letter = re.sub(r"^(case|child|scr|serious case review)\s+", "", wanted)
    for case in kb.cases.values():
        names = (case.id, case.title, *case.aliases)
        if f"case-{letter}" == case.id or any(plain_words(name) == wanted for name in names):
            return case
    return None


def handle(request: CommandRequest) -> Reply:
    """The case card, or the list of cases when none (or an unknown one) is named."""
    kb = request.engine.knowledge
    if not request.text.strip():
        return Reply.of(cases_message(kb))
    case = find_case(kb, request.text)
    if case is None:
        return Reply.of(cases_message(kb, unknown=request.text.strip()))
    log.info("lookup kind=case id=%s", case.id)
    result = request.engine.case_answer(case.id)
    records.count_lookup(
        request.settings, result, surface=request.surface, workspace=request.workspace
    )
    door = FrontDoor.of(request.settings)
    return Reply.of(
        answer_message(
            result, kb, shareable=request.shareable, door=door, feedback=request.feedback
        )
    )
