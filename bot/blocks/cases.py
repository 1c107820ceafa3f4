"""A case in full and every question on a theme or case, each in a modal."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.blocks.primitives import bullets, context, divider, escape_mrkdwn, header, modal, sections
from bot.messages.answers import (
    CASE_MODAL_ADDITIONAL,
    CASE_MODAL_BOARD,
    CASE_MODAL_CHILD_VOICE,
    CASE_MODAL_FAMILY,
    CASE_MODAL_FINDINGS,
    CASE_MODAL_GOOD_PRACTICE,
    CASE_MODAL_MORE,
    CASE_MODAL_RECOMMENDATIONS,
    CASE_MODAL_TERMS,
    CASE_MODAL_TIMELINE,
    CASE_MODAL_WHY,
    QUESTION_LEVELS,
    QUESTIONS_INTRO,
    QUESTIONS_NONE,
    QUESTIONS_TITLE,
    SOURCE,
)
from bot.refs import Ref
from index.model import Case, Knowledge, Numbered, Point, Question

#: Other search results offered as buttons under the top answer.
MAX_OTHER_RESULTS = 4


def case_modal(case: Case, kb: Knowledge) -> View:
    """The whole case: summary, terms of reference, timeline, findings, further learning,
    recommendations, the Board's response, and the published review."""
    found: list[Block] = [header(case.title), *sections(escape_mrkdwn(case.headline))]

    def add(title: str, lines: list[str]) -> None:
        if lines:
            found.append(divider())
            found.extend(sections(f"{title}\n" + "\n".join(lines)))

    def points(items: Sequence[Point]) -> list[str]:
        return [f"• {escape_mrkdwn(p.text)}" for p in items]

    def numbered(items: Sequence[Numbered]) -> list[str]:
        return [f"*{escape_mrkdwn(n.number)}.* {escape_mrkdwn(n.text)}" for n in items]

    add(CASE_MODAL_FAMILY, points(case.family))
    add(CASE_MODAL_WHY, points(case.why_reviewed))
    add(CASE_MODAL_TERMS, numbered(case.terms_of_reference))
    add(
        CASE_MODAL_TIMELINE,
        [f"*{escape_mrkdwn(e.date)}* — {escape_mrkdwn(e.event)}" for e in case.timeline],
    )
    add(CASE_MODAL_FINDINGS, points(case.findings))
    add(CASE_MODAL_ADDITIONAL, points(case.additional_learning))
    add(CASE_MODAL_GOOD_PRACTICE, points(case.good_practice))
    add(CASE_MODAL_CHILD_VOICE, points(case.child_voice))
    add(CASE_MODAL_RECOMMENDATIONS, numbered(case.recommendations))
    add(CASE_MODAL_BOARD, points(case.board_response))
    source = kb.sources.get(case.source)
    if source:
        title = escape_mrkdwn(source.title)
        linked = f"<{source.url}|{title}>" if source.url else title
        found.append(context(SOURCE.format(source=linked)))
    return modal(case.title, found, more=CASE_MODAL_MORE)


def _questions_by_level(questions: Sequence[Question]) -> str:
    parts = []
    for level, label in QUESTION_LEVELS.items():
        chosen = [q for q in questions if q.level == level]
        if chosen:
            parts.append(f"*{label}*\n" + bullets(q.text for q in chosen))
    others = [q for q in questions if q.level not in QUESTION_LEVELS]
    if others:
        parts.append(bullets(q.text for q in others))
    return "\n\n".join(parts)


def questions_modal(title: str, questions: Sequence[Question]) -> View:
    """Every question on a theme or case, from understanding to practice."""
    found: list[Block] = [header(title)]
    if questions:
        found += sections(QUESTIONS_INTRO.format(title=escape_mrkdwn(title)))
        found += sections(_questions_by_level(questions))
    else:
        found += sections(QUESTIONS_NONE.format(title=escape_mrkdwn(title)))
    return modal(QUESTIONS_TITLE, found)


def questions_view(kb: Knowledge, ref: Ref) -> View:
    """*More questions*: every question on the theme or case (KeyError if it is gone)."""
    if ref.kind == "theme":
        theme = kb.themes[ref.id]
        return questions_modal(theme.title, theme.questions)
    case = kb.cases[ref.id]
    return questions_modal(case.title, case.questions)
