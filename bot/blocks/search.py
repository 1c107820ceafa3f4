"""What a lookup shows: the top answer and the other results under it; or, when the
reviews do not answer it, what does; or help when nothing matched. A child in danger
now comes first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import Block

from bot.blocks.answers import answer_blocks, answer_fallback, answer_feedback, rendered_answer
from bot.blocks.ids import ACTION_SHOW
from bot.blocks.no_answer import not_covered_blocks, not_covered_fallback, nothing_found_blocks
from bot.blocks.primitives import (
    RENDERED,
    BlockLike,
    Message,
    actions,
    before_buttons,
    button,
    context,
    dicts,
    divider,
    escape_mrkdwn,
    message,
    sections,
)
from bot.blocks.safety import safety_line, urgent_blocks
from bot.messages.answers import (
    ALSO_WORTH_A_LOOK,
    KIND_LABELS,
    MORE_IN_SEARCH,
    NOTHING_FOUND_FALLBACK,
)
from bot.refs import Ref
from bot.safety import FrontDoor
from index.answers import Result, SearchResponse, declined
from index.model import Knowledge

#: Other search results offered as buttons under the top answer.
MAX_OTHER_RESULTS = 4


def search_blocks(
    response: SearchResponse,
    kb: Knowledge,
    *,
    command: str,
    shareable: bool = False,
    notice: str | None = None,
    door: FrontDoor | None = None,
) -> list[Block]:
    """The top answer and the other results; or, when the reviews do not answer
    it, what does; or help when nothing matched. A child in danger now comes first."""
    door = door or FrontDoor()
    found = _lead(response, notice, door)
    top = response.top
    if top is None:
        if declined(response):
            return found + not_covered_blocks(response, kb, command=command, door=door)
        return found + nothing_found_blocks(response, kb, command=command)
    card = answer_blocks(top, kb, shareable=shareable)
    if not response.urgent:  # the line leading the answer says what to do already
        card.insert(before_buttons(card), safety_line(door))
    found += card
    return found + _other_results_blocks(_other_results(response, top))


def _lead(response: SearchResponse, notice: str | None, door: FrontDoor) -> list[Block]:
    """What comes before any answer: what to do now when a child is in danger, the
    ``notice`` given, and the search's own notes."""
    found = urgent_blocks(door) if response.urgent else []
    if notice:
        found.append(context(notice))
    return found + [context(escape_mrkdwn(note)) for note in response.notes]


def search_message(
    response: SearchResponse,
    kb: Knowledge,
    *,
    command: str,
    shareable: bool = False,
    notice: str | None = None,
    door: FrontDoor | None = None,
    feedback: str | None = None,
) -> Message:
    """What a lookup shows: the answer, or what the reviews do not cover, or "did
    you mean" and the closest themes; led by what to do now when a child is in
    danger, and always with the line on what to do if a child is at risk. An
    answer carries helpful / not helpful in the ``feedback`` style.

    The same blocks as :func:`search_blocks`, with the answer and the other results
    rendered once (see :mod:`bot.render_cache`); notices, and anything showing
    what was typed, are built each time.
    """
    door = door or FrontDoor()
    top = response.top
    blocks: list[BlockLike]
    if top is not None:
        blocks = [*_lead(response, notice, door)]
        card: list[BlockLike] = [*rendered_answer(top, kb, shareable=shareable)]
        if not response.urgent:
            card.insert(before_buttons(card), safety_line(door))
        blocks += card
        blocks += answer_feedback(top, feedback)
        blocks += _rendered_other_results(_other_results(response, top), kb)
        text = answer_fallback(top)
    else:
        blocks = [*search_blocks(response, kb, command=command, notice=notice, door=door)]
        text = not_covered_fallback(response) if declined(response) else NOTHING_FOUND_FALLBACK
    if notice:
        text = f"{notice} {text}"
    if response.urgent:
        text = f"{door.urgent_fallback()} {text}"
    return message(blocks, text, more=MORE_IN_SEARCH.format(command=command))


def _other_results(response: SearchResponse, top: Result) -> list[Result]:
    return [r for r in response.results[1 : 1 + MAX_OTHER_RESULTS] if r.id != top.id]


def _rendered_other_results(results: Sequence[Result], kb: Knowledge) -> tuple[dict[str, Any], ...]:
    key = ("others", *((r.kind, r.id, r.title) for r in results))
    return RENDERED.get(kb, key, lambda: dicts(_other_results_blocks(results)))


def _other_results_blocks(results: Sequence[Result]) -> list[Block]:
    if not results:
        return []
    lines = [
        f"• {escape_mrkdwn(KIND_LABELS.get(r.kind, r.kind))}: *{escape_mrkdwn(r.title)}*"
        for r in results
    ]
    found: list[Block] = [
        divider(),
        *sections(f"{ALSO_WORTH_A_LOOK}\n" + "\n".join(lines)),
    ]
    found.append(actions(*(button(r.title, ACTION_SHOW, str(Ref.of(r))) for r in results)))
    return found
