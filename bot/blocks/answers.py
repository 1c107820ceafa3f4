"""A lookup's answer: the card (from the knowledge, rendered once per version of
it), as a message or in a modal, with the safety line and helpful / not helpful.

The buttons under the card are in :mod:`~bot.blocks.answer_buttons`; what a lookup
shows around the card, in :mod:`~bot.blocks.search`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock
from slack_sdk.models.views import View

from bot.blocks.answer_buttons import answer_actions
from bot.blocks.feedback import BUTTONS, feedback_blocks, subject_ref
from bot.blocks.ids import ACTION_OPEN_CASE, ACTION_SHOW
from bot.blocks.lists import theme_select
from bot.blocks.primitives import (
    RENDERED,
    BlockLike,
    Message,
    actions,
    before_buttons,
    button,
    context,
    dicts,
    escape_mrkdwn,
    header,
    message,
    modal,
    sections,
)
from bot.blocks.safety import safety_line
from bot.messages.answers import (
    ANSWER_FALLBACK,
    BUTTON_OPEN_CASE,
    CASE_LINE,
    CASE_MODAL_FINDINGS,
    CASE_THEMES,
    CITE_MARKER,
    CITED_SOURCE_LINE,
    CITED_SOURCES,
    GENERAL_KNOWLEDGE,
    GLOSSARY_THEMES,
    KIND_LABELS,
    MORE_IN_CASE,
    MORE_TRUNCATED,
    PRACTICE_POINTS,
    QUESTION_TITLE,
    QUESTION_TO_SIT_WITH,
    SHARED_BY,
    SOURCE,
    SOURCES,
    SPOKEN_OPEN,
    WHERE_IT_SHOWED,
)
from bot.messages.home import HOME_TITLE
from bot.safety import FrontDoor
from index.answers import CitedPoint, Result, SourceCite, number_citations
from index.model import Case, GlossaryTerm, Knowledge


def _reflective_question(result: Result, kb: Knowledge) -> str | None:
    """One question to sit with: a 'reflect' question of the theme when there is one."""
    theme = kb.themes.get(result.id) if result.kind == "theme" else None
    if theme:
        for question in theme.questions:
            if question.level == "reflect":
                return question.text
    return result.questions[0] if result.questions else None


def answer_blocks(
    result: Result, kb: Knowledge, *, shareable: bool = False, shared_by: str | None = None
) -> list[Block]:
    """The answer card: header, summary, where it showed, practice points, one
    question, sources and the buttons to go further."""
    found = _card_blocks(result, kb)
    if shared_by:
        found.append(_shared_by(shared_by))
    found += answer_actions(result, shareable=shareable)
    return found


def rendered_answer(
    result: Result, kb: Knowledge, *, shareable: bool = False, shared_by: str | None = None
) -> list[dict[str, Any]]:
    """:func:`answer_blocks` as dicts: the card and its buttons rendered once per
    answer and version of the knowledge; ``shared_by`` (a person) added each time."""
    # The score only orders results; two results alike but for it show the same card.
    content = dataclasses.replace(result, score=0.0)
    found = list(RENDERED.get(kb, ("card", content), lambda: dicts(_card_blocks(result, kb))))
    if shared_by:
        found.append(_shared_by(shared_by).to_dict())
    buttons_key = ("buttons", result.kind, result.id, result.case_id, result.theme_id, shareable)
    found += RENDERED.get(
        kb, buttons_key, lambda: dicts(answer_actions(result, shareable=shareable))
    )
    return found


def _shared_by(user_id: str) -> ContextBlock:
    return context(SHARED_BY.format(user=user_id))


def _card_blocks(result: Result, kb: Knowledge) -> list[Block]:
    """The card without its buttons: all of it from the knowledge."""
    label = KIND_LABELS.get(result.kind)
    if result.kind == "question":
        # A question can be long; it is shown whole, under a short header.
        found: list[Block] = [header(QUESTION_TITLE)]
        found += sections(f">{escape_mrkdwn(result.title)}")
    else:
        found = [header(result.title)]
        if label and result.kind != "theme":
            found.append(context(label))
    # Each point carries a number; the sources block under the card says what it is.
    cited, numbers = number_citations(result.points)

    def marked(part: str, text: str) -> str:
        return escape_mrkdwn(text) + _marker(result.cited(part, text), numbers)

    found += sections(marked("summary", result.summary))
    summary = result.cited("summary", result.summary)
    if summary is not None and summary.origin == "general":
        found.append(context(GENERAL_KNOWLEDGE))
    if result.kind == "case" and result.id in kb.cases:
        found += _case_theme_blocks(kb.cases[result.id], kb)
    elif result.cases:
        found += sections(WHERE_IT_SHOWED)
        for case in result.cases:
            how = marked("case", case.how)
            line = CASE_LINE.format(title=escape_mrkdwn(case.title), how=how)
            spoken = SPOKEN_OPEN.format(title=case.title)
            found += sections(
                line,
                button(BUTTON_OPEN_CASE, ACTION_OPEN_CASE, case.id, accessibility_label=spoken),
            )
    if result.kind == "glossary" and result.id in kb.glossary:
        found += _glossary_theme_blocks(kb.glossary[result.id], kb)
    if result.practice_points:
        # A case's points are what its review found; a theme's are for practice.
        found_in_case = result.kind in ("case", "recommendation")
        title = CASE_MODAL_FINDINGS if found_in_case else PRACTICE_POINTS
        points = "\n".join(f"• {marked('practice_point', p)}" for p in result.practice_points)
        found += sections(f"{title}\n{points}")
    question = _reflective_question(result, kb)
    if question and result.kind != "question":
        found += sections(f"{QUESTION_TO_SIT_WITH}\n>{marked('question', question)}")
    if cited:
        found.append(context(CITED_SOURCES.format(lines=cited_source_lines(cited))))
    elif result.sources:
        template = SOURCES if len(result.sources) > 1 else SOURCE
        joined = "; ".join(escape_mrkdwn(s) for s in result.sources)
        found.append(context(template.format(sources=joined, source=joined)))
    return found


def _marker(point: CitedPoint | None, numbers: dict[CitedPoint, int]) -> str:
    number = numbers.get(point) if point is not None else None
    return CITE_MARKER.format(number=number) if number else ""


def cited_source_lines(cited: Sequence[SourceCite]) -> str:
    """One line per numbered citation, the document's title linked to where it is
    published: "[1] <https://…|Learning from Serious Case Reviews: Case Z> — TOR3"."""
    lines = []
    for number, cite in enumerate(cited, start=1):
        title = escape_mrkdwn(cite.title).replace("|", "¦")
        linked = f"<{cite.url}|{title}>" if cite.url else title
        section = escape_mrkdwn(cite.section)
        lines.append(CITED_SOURCE_LINE.format(number=number, title=linked, section=section))
    return "\n".join(lines)


def _case_theme_blocks(case: Case, kb: Knowledge) -> list[Block]:
    lines = []
    for link in case.themes:
        theme = kb.themes.get(link.theme_id)
        title = theme.title if theme else link.theme_id
        lines.append(CASE_LINE.format(title=escape_mrkdwn(title), how=escape_mrkdwn(link.how)))
    if not lines:
        return []
    found: list[Block] = sections(CASE_THEMES.format(themes="\n".join(lines)))
    themes = [kb.themes[link.theme_id] for link in case.themes if link.theme_id in kb.themes]
    if themes:
        # A menu rather than a button each: a case can touch a dozen themes.
        found.append(actions(*theme_select(themes)))
    return found


def _glossary_theme_blocks(term: GlossaryTerm, kb: Knowledge) -> list[Block]:
    themes = [kb.themes[t] for t in term.themes if t in kb.themes]
    if not themes:
        return []
    return [
        *sections(GLOSSARY_THEMES),
        actions(*(button(t.title, ACTION_SHOW, f"theme:{t.id}") for t in themes)),
    ]


def answer_fallback(result: Result) -> str:
    return ANSWER_FALLBACK.format(
        title=escape_mrkdwn(result.title), summary=escape_mrkdwn(result.summary)
    )


def answer_message(
    result: Result,
    kb: Knowledge,
    *,
    shareable: bool = False,
    shared_by: str | None = None,
    notice: str | None = None,
    door: FrontDoor | None = None,
    feedback: str | None = None,
) -> Message:
    """The answer card as a message (after a ``notice``, if one is given), with
    the line on what to do if a child is at risk, and helpful / not helpful in the
    ``feedback`` style (:data:`~bot.blocks.feedback.NATIVE` in a posted message,
    :data:`~bot.blocks.feedback.BUTTONS` in a private one; None for none)."""
    blocks: list[BlockLike] = [
        *rendered_answer(result, kb, shareable=shareable, shared_by=shared_by)
    ]
    blocks.insert(before_buttons(blocks), safety_line(door or FrontDoor()))
    blocks += answer_feedback(result, feedback)
    if notice:
        blocks.insert(0, context(notice))
    more = MORE_IN_CASE if (result.case_id or result.kind == "case") else MORE_TRUNCATED
    return message(blocks, answer_fallback(result), more=more)


def answer_modal(result: Result, kb: Knowledge, door: FrontDoor | None = None) -> View:
    """The answer card in a modal (from the home tab, search or another modal)."""
    title = KIND_LABELS.get(result.kind, HOME_TITLE)
    if result.kind == "case":
        title = result.title
    blocks = answer_blocks(result, kb)
    blocks.insert(before_buttons(blocks), safety_line(door or FrontDoor()))
    blocks += answer_feedback(result, BUTTONS)  # Slack's own feedback buttons are for messages
    return modal(title, blocks)


def answer_feedback(result: Result, style: str | None) -> list[Block]:
    """Helpful / not helpful for ``result`` in ``style`` (none for None, or a result
    that cannot be counted)."""
    ref = subject_ref(result)
    if style is None or ref is None:
        return []
    return feedback_blocks(ref, result.title, style=style)
