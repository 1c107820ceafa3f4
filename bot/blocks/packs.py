"""A supervision or team-meeting pack as posted in Slack: the parent message, the
questions in its thread (one at a time or all at once) and the closing questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from slack_sdk.models.blocks import Block

from bot.blocks.ids import ACTION_MARK_HELD, ACTION_NEXT_QUESTION, PACE_ONE
from bot.blocks.primitives import (
    MAX_CONTEXT_TEXT,
    Message,
    actions,
    button,
    context,
    divider,
    escape_mrkdwn,
    header,
    message,
    sections,
    split_text,
)
from bot.messages.answers import QUESTION_LEVELS
from bot.messages.supervision import (
    BUTTON_CHANGE_HELD,
    BUTTON_CLOSING_QUESTIONS,
    BUTTON_MARK_HELD,
    BUTTON_NEXT_QUESTION,
    PACK_BORROWED,
    PACK_CLOSING_AFTER,
    PACK_CLOSING_FALLBACK,
    PACK_CLOSING_TITLE,
    PACK_EMBEDDING_WHERE,
    PACK_FALLBACK,
    PACK_HEADER,
    PACK_HELD,
    PACK_HELD_ACTIONS,
    PACK_NO_QUESTIONS,
    PACK_PART,
    PACK_PEOPLE,
    PACK_PEOPLE_MANY,
    PACK_QUESTION,
    PACK_QUESTION_COUNT,
    PACK_QUESTION_COUNT_MANY,
    PACK_QUESTION_FALLBACK,
    PACK_QUESTION_FROM,
    PACK_QUESTIONS_ALL,
    PACK_QUESTIONS_ALL_TITLE,
    PACK_QUESTIONS_ONE,
    PACK_RECORD_NOTE,
    PACK_SOURCE_NUMBERED,
    PACK_SOURCES_LIST,
    PACK_SUBTITLE,
)
from index.pack import FORMATS, Pack, PackItem, PackPart
from index.usage import Discussion


def level_label(level: str) -> str:
    """How a question's level is shown ("Understanding", "Reflecting" …)."""
    return QUESTION_LEVELS.get(level, level)


def _pack_item(item: PackItem) -> str:
    label = f"*{escape_mrkdwn(item.label)}:* " if item.label else ""
    return f"{label}{escape_mrkdwn(item.text)} [{item.citation}]"


def _pack_part_text(number: int, part: PackPart, body: Sequence[str]) -> str:
    title = PACK_PART.format(number=number, title=escape_mrkdwn(part.title), minutes=part.minutes)
    return "\n".join([title, *body])


def _question_count(count: int) -> str:
    return PACK_QUESTION_COUNT.get(count) or PACK_QUESTION_COUNT_MANY.format(count=count)


def _sources_blocks(citations: Sequence[str], numbers: Iterable[int] | None = None) -> list[Block]:
    wanted = set(numbers) if numbers is not None else None
    lines = [
        PACK_SOURCE_NUMBERED.format(number=n, text=escape_mrkdwn(text))
        for n, text in enumerate(citations, start=1)
        if wanted is None or n in wanted
    ]
    if not lines:
        return []
    text = PACK_SOURCES_LIST.format(sources="\n".join(lines))
    return [context(piece) for piece in split_text(text, MAX_CONTEXT_TEXT)]


def _held_text(discussion: Discussion) -> str:
    held_on = discussion.held_on
    when = f"{held_on.day} {held_on:%B %Y}" if held_on else ""
    people = discussion.people or 0
    count = PACK_PEOPLE.get(people) or PACK_PEOPLE_MANY.format(count=people)
    name = FORMATS[discussion.held_format].name if discussion.held_format in FORMATS else ""
    line = PACK_HELD.format(date=when, format=escape_mrkdwn(name.lower()), people=count)
    if discussion.actions:
        line += "\n" + PACK_HELD_ACTIONS.format(actions=escape_mrkdwn(discussion.actions))
    return line


def _question_lines(pack: Pack) -> list[str]:
    """The questions numbered through, under their levels, each saying its source."""
    lines = []
    number = 0
    for level, label in QUESTION_LEVELS.items():
        chosen = [q for q in pack.questions if q.level == level]
        if not chosen:
            continue
        lines.append(f"_{label}_")
        for question in chosen:
            number += 1
            where = (
                " " + PACK_BORROWED.format(where=escape_mrkdwn(question.borrowed_from))
                if question.borrowed_from
                else ""
            )
            lines.append(f"{number}. {escape_mrkdwn(question.text)} [{question.citation}]{where}")
    return lines


def pack_blocks(
    pack: Pack,
    *,
    pace: str = PACE_ONE,
    discussion: Discussion | None = None,
    buttons: bool = True,
    inline: bool = False,
) -> list[Block]:
    """The pack as the parent message of a discussion: the first three parts in full,
    where the questions are, the sources, and the record of it (*Mark as held*).
    ``inline`` puts the questions and closing questions in too (no thread to hold them)."""
    header_text = PACK_HEADER[pack.format.id].format(title=pack.title)
    found: list[Block] = [header(header_text)]
    found.append(
        context(
            escape_mrkdwn(
                PACK_SUBTITLE.format(format=pack.format.name, minutes=pack.format.total_minutes)
            )
        )
    )
    found += sections(f"{escape_mrkdwn(pack.summary)} [{pack.summary_citation}]")
    for number, part in enumerate(pack.parts, start=1):
        if part.key == "questions" and inline:
            body = _question_lines(pack) or [PACK_NO_QUESTIONS]
        elif part.key == "embedding" and inline:
            body = [f"{n}. {escape_mrkdwn(text)}" for n, text in enumerate(pack.closing, start=1)]
        elif part.key == "questions":
            count = _question_count(len(pack.questions))
            template = PACK_QUESTIONS_ONE if pace == PACE_ONE else PACK_QUESTIONS_ALL
            body = [template.format(count=count)]
        elif part.key == "embedding":
            body = [PACK_EMBEDDING_WHERE]
        else:
            body = [f"• {_pack_item(item)}" for item in part.items]
            if part.extra_items:
                body.append(f"*{escape_mrkdwn(part.extra_title or '')}*")
                body += [f"• {_pack_item(item)}" for item in part.extra_items]
            if part.note:
                body.append(f"_{escape_mrkdwn(part.note)}_")
        found.append(divider())
        found += sections(_pack_part_text(number, part, body))
    found += _sources_blocks(pack.citations)
    if discussion is not None and discussion.held:
        found.append(divider())
        found += sections(_held_text(discussion))
    if buttons and discussion is not None:
        label = BUTTON_CHANGE_HELD if discussion.held else BUTTON_MARK_HELD
        found.append(
            actions(
                button(label, ACTION_MARK_HELD, str(discussion.id), primary=not discussion.held)
            )
        )
        if not discussion.held:
            found.append(context(PACK_RECORD_NOTE))
    return found


def pack_message(
    pack: Pack, *, pace: str = PACE_ONE, discussion: Discussion | None = None
) -> Message:
    """The parent message of a discussion (see :func:`pack_blocks`)."""
    header_text = PACK_HEADER[pack.format.id].format(title=pack.title)
    return message(
        pack_blocks(pack, pace=pace, discussion=discussion),
        PACK_FALLBACK.format(header=escape_mrkdwn(header_text)),
    )


def _question_text(pack: Pack, index: int) -> str:
    question = pack.questions[index]
    return PACK_QUESTION.format(
        number=index + 1,
        count=len(pack.questions),
        level=level_label(question.level),
        text=f"{escape_mrkdwn(question.text)} [{question.citation}]",
    )


def pack_question_message(
    pack: Pack,
    index: int,
    *,
    discussion_id: int | None = None,
    parent_ts: str = "",
    button_shown: bool = True,
) -> Message:
    """Question ``index`` as a thread reply, with *Next question* (or *Closing
    questions* after the last) while ``button_shown``."""
    question = pack.questions[index]
    found: list[Block] = [*sections(_question_text(pack, index))]
    notes = []
    if question.borrowed_from:
        notes.append(PACK_QUESTION_FROM.format(where=escape_mrkdwn(question.borrowed_from)))
    notes.append(
        PACK_SOURCE_NUMBERED.format(
            number=question.citation, text=escape_mrkdwn(pack.citations[question.citation - 1])
        )
    )
    found.append(context(" · ".join(notes)))
    if button_shown and discussion_id is not None:
        last = index + 1 >= len(pack.questions)
        label = BUTTON_CLOSING_QUESTIONS if last else BUTTON_NEXT_QUESTION
        value = f"{discussion_id}:{index + 1}:{parent_ts}"
        found.append(actions(button(label, ACTION_NEXT_QUESTION, value, primary=True)))
    fallback = PACK_QUESTION_FALLBACK.format(
        number=index + 1, count=len(pack.questions), text=escape_mrkdwn(question.text)
    )
    return message(found, fallback)


def pack_all_questions_message(pack: Pack) -> Message:
    """Every question in one thread reply, grouped from understanding to practice."""
    minutes = pack.part("questions").minutes
    lines = [PACK_QUESTIONS_ALL_TITLE.format(minutes=minutes), *_question_lines(pack)]
    found: list[Block] = [*sections("\n".join(lines))]
    found += _sources_blocks(pack.citations, [q.citation for q in pack.questions])
    fallback = " ".join(escape_mrkdwn(q.text) for q in pack.questions)
    return message(found, fallback)


def pack_closing_message(pack: Pack) -> Message:
    """The three closing questions on embedding the learning, last in the thread."""
    minutes = pack.part("embedding").minutes
    lines = [PACK_CLOSING_TITLE.format(minutes=minutes)]
    lines += [f"{n}. {escape_mrkdwn(text)}" for n, text in enumerate(pack.closing, start=1)]
    found: list[Block] = [*sections("\n".join(lines)), context(PACK_CLOSING_AFTER)]
    fallback = PACK_CLOSING_FALLBACK.format(
        questions=" ".join(escape_mrkdwn(q) for q in pack.closing)
    )
    return message(found, fallback)


def pack_preview_message(pack: Pack) -> Message:
    """The whole pack in one message, questions and closing questions included (the
    console shows this)."""
    found = pack_blocks(pack, buttons=False, inline=True)
    header_text = PACK_HEADER[pack.format.id].format(title=pack.title)
    return message(found, PACK_FALLBACK.format(header=escape_mrkdwn(header_text)))
