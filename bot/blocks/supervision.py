"""Supervision and team discussions: *Start a discussion*, *Mark as held*, and the
messages offering a discussion or saying a theme or case was not found.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    InputBlock,
    Option,
    OptionGroup,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.blocks.ids import (
    ACTION_DISCUSS,
    ACTION_DISCUSSION_SUBJECT,
    CALLBACK_DISCUSSION,
    CALLBACK_HELD,
    DISCUSSION_CHANNEL_BLOCK,
    DISCUSSION_FORMAT_BLOCK,
    DISCUSSION_PACE_BLOCK,
    DISCUSSION_QUESTIONS_BLOCK,
    DISCUSSION_SUBJECT_BLOCK,
    DISCUSSION_WHERE_BLOCK,
    HELD_ACTIONS_BLOCK,
    HELD_DATE_BLOCK,
    HELD_FORMAT_BLOCK,
    HELD_PEOPLE_BLOCK,
    PACE_ALL,
    PACE_ONE,
    WHERE_CHANNEL,
    WHERE_DM,
)
from bot.blocks.packs import level_label
from bot.blocks.primitives import (
    MAX_OPTION_TEXT,
    MAX_OPTION_VALUE,
    MAX_OPTIONS,
    Message,
    actions,
    button,
    context,
    escape_mrkdwn,
    message,
    modal,
    sections,
    truncate,
)
from bot.messages.answers import BUTTON_DISCUSS, SPOKEN_DISCUSS, SPOKEN_DISCUSS_ANY
from bot.messages.supervision import (
    DISCUSS_CANCEL,
    DISCUSS_CASES_GROUP,
    DISCUSS_CHANNEL_HINT,
    DISCUSS_CHANNEL_LABEL,
    DISCUSS_CHANNEL_PLACEHOLDER,
    DISCUSS_CHOOSE_FIRST,
    DISCUSS_FORMAT_LABEL,
    DISCUSS_FORMAT_OPTION,
    DISCUSS_INTRO,
    DISCUSS_MODAL_TITLE,
    DISCUSS_OFFER,
    DISCUSS_OFFER_ANY,
    DISCUSS_PACE_ALL,
    DISCUSS_PACE_LABEL,
    DISCUSS_PACE_ONE,
    DISCUSS_PRIVACY,
    DISCUSS_QUESTION_LINE,
    DISCUSS_QUESTION_OPTION,
    DISCUSS_QUESTION_WHERE,
    DISCUSS_QUESTIONS_HINT,
    DISCUSS_QUESTIONS_INTRO,
    DISCUSS_QUESTIONS_LABEL,
    DISCUSS_SUBJECT_LABEL,
    DISCUSS_SUBJECT_PLACEHOLDER,
    DISCUSS_SUBMIT,
    DISCUSS_THEMES_GROUP,
    DISCUSS_UNKNOWN,
    DISCUSS_UNKNOWN_NONE,
    DISCUSS_UNKNOWN_SUGGEST,
    DISCUSS_WHERE_CHANNEL,
    DISCUSS_WHERE_DM,
    DISCUSS_WHERE_LABEL,
    HELD_ACTIONS_HINT,
    HELD_ACTIONS_LABEL,
    HELD_ACTIONS_PLACEHOLDER,
    HELD_DATE_LABEL,
    HELD_FORMAT_LABEL,
    HELD_INTRO,
    HELD_PEOPLE_LABEL,
    HELD_PEOPLE_PLACEHOLDER,
    HELD_PRIVACY,
    HELD_SUBMIT,
    HELD_TITLE,
)
from index.model import Knowledge
from index.pack import FORMATS, GROUP_ID, QuestionChoice, Subject
from index.usage import MAX_ACTIONS, Discussion

#: Slack allows ten options in a checkbox group.
MAX_CHECKBOXES = 10


def _radio(action_id: str, choices: Sequence[tuple[str, str]], initial: str) -> RadioButtonsElement:
    options = [
        Option(value=value, label=truncate(label, MAX_OPTION_TEXT)) for value, label in choices
    ]
    chosen = next((o for o in options if o.value == initial), options[0])
    return RadioButtonsElement(action_id=action_id, options=options, initial_option=chosen)


def _input(block_id: str, label: str, element: Any, **extra: Any) -> InputBlock:
    return InputBlock(
        block_id=block_id, label=PlainTextObject(text=label), element=element, **extra
    )


def _format_choices() -> list[tuple[str, str]]:
    return [
        (f.id, DISCUSS_FORMAT_OPTION.format(name=f.name, minutes=f.total_minutes))
        for f in FORMATS.values()
    ]


def _subject_select(kb: Knowledge, subject: Subject | None) -> StaticSelectElement:
    groups = []
    initial = None
    for label, kind, items in (
        (DISCUSS_THEMES_GROUP, "theme", [(t.id, t.title) for t in kb.themes_by_title()]),
        (DISCUSS_CASES_GROUP, "case", [(c.id, c.title) for c in kb.cases.values()]),
    ):
        options = []
        for item_id, title in items[:MAX_OPTIONS]:
            option = Option(
                value=f"{kind}:{item_id}"[:MAX_OPTION_VALUE],
                label=truncate(title, MAX_OPTION_TEXT),
            )
            options.append(option)
            if subject is not None and option.value == subject.ref:
                initial = option
        if options:
            groups.append(OptionGroup(label=label, options=options))
    return StaticSelectElement(
        action_id=ACTION_DISCUSSION_SUBJECT,
        placeholder=PlainTextObject(text=DISCUSS_SUBJECT_PLACEHOLDER),
        option_groups=groups,
        initial_option=initial,
    )


def discussion_start_modal(
    kb: Knowledge,
    subject: Subject | None,
    choices: Sequence[QuestionChoice] = (),
    *,
    pack_format: str = GROUP_ID,
) -> View:
    """*Start a discussion*: the theme or case, format, questions (the suggested ones
    ticked), how the questions come, and where to post the pack."""
    found: list[Block] = [*sections(DISCUSS_INTRO)]
    found.append(
        _input(
            DISCUSSION_SUBJECT_BLOCK,
            DISCUSS_SUBJECT_LABEL,
            _subject_select(kb, subject),
            dispatch_action=True,
        )
    )
    choices = list(choices)[:MAX_CHECKBOXES]
    if subject is not None and choices:
        lines = []
        for number, choice in enumerate(choices, start=1):
            question = choice.question
            where = (
                DISCUSS_QUESTION_WHERE.format(where=escape_mrkdwn(question.borrowed_from))
                if question.borrowed_from
                else ""
            )
            lines.append(
                DISCUSS_QUESTION_LINE.format(
                    number=number,
                    level=level_label(question.level),
                    text=escape_mrkdwn(question.text),
                    where=where,
                )
            )
        found += sections(
            DISCUSS_QUESTIONS_INTRO.format(
                title=escape_mrkdwn(subject.title), questions="\n".join(lines)
            )
        )
        options = [
            Option(
                value=choice.question.id[:MAX_OPTION_VALUE],
                label=truncate(
                    DISCUSS_QUESTION_OPTION.format(number=number, text=choice.question.text),
                    MAX_OPTION_TEXT,
                ),
            )
            for number, choice in enumerate(choices, start=1)
        ]
        ticked = [o for o, c in zip(options, choices, strict=True) if c.chosen]
        found.append(
            _input(
                f"{DISCUSSION_QUESTIONS_BLOCK}:{subject.ref}"[:255],
                DISCUSS_QUESTIONS_LABEL,
                CheckboxesElement(
                    action_id=DISCUSSION_QUESTIONS_BLOCK,
                    options=options,
                    initial_options=ticked or None,
                ),
                hint=PlainTextObject(text=DISCUSS_QUESTIONS_HINT),
            )
        )
    else:
        found.append(context(DISCUSS_CHOOSE_FIRST))
    found.append(
        _input(
            DISCUSSION_FORMAT_BLOCK,
            DISCUSS_FORMAT_LABEL,
            _radio(DISCUSSION_FORMAT_BLOCK, _format_choices(), pack_format),
        )
    )
    found.append(
        _input(
            DISCUSSION_PACE_BLOCK,
            DISCUSS_PACE_LABEL,
            _radio(
                DISCUSSION_PACE_BLOCK,
                [(PACE_ONE, DISCUSS_PACE_ONE), (PACE_ALL, DISCUSS_PACE_ALL)],
                PACE_ONE,
            ),
        )
    )
    found.append(
        _input(
            DISCUSSION_WHERE_BLOCK,
            DISCUSS_WHERE_LABEL,
            _radio(
                DISCUSSION_WHERE_BLOCK,
                [
                    (WHERE_DM, DISCUSS_WHERE_DM),
                    (WHERE_CHANNEL, DISCUSS_WHERE_CHANNEL),
                ],
                WHERE_DM,
            ),
        )
    )
    found.append(
        _input(
            DISCUSSION_CHANNEL_BLOCK,
            DISCUSS_CHANNEL_LABEL,
            ConversationSelectElement(
                action_id=DISCUSSION_CHANNEL_BLOCK,
                placeholder=PlainTextObject(text=DISCUSS_CHANNEL_PLACEHOLDER),
                default_to_current_conversation=True,
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
            optional=True,
            hint=PlainTextObject(text=DISCUSS_CHANNEL_HINT),
        )
    )
    found.append(context(DISCUSS_PRIVACY))
    return modal(
        DISCUSS_MODAL_TITLE,
        found,
        callback_id=CALLBACK_DISCUSSION,
        submit=DISCUSS_SUBMIT,
        close=DISCUSS_CANCEL,
    )


def held_modal(discussion: Discussion, title: str, *, today: date, private_metadata: str) -> View:
    """*Mark as held*: date, format, number of people and optional agreed actions, with
    a line saying not to enter names or details of real children."""
    held_on = discussion.held_on or today
    people = PlainTextInputElement(
        action_id=HELD_PEOPLE_BLOCK,
        placeholder=PlainTextObject(text=HELD_PEOPLE_PLACEHOLDER),
        max_length=3,
        initial_value=str(discussion.people) if discussion.people else None,
    )
    actions_input = PlainTextInputElement(
        action_id=HELD_ACTIONS_BLOCK,
        multiline=True,
        max_length=MAX_ACTIONS,
        placeholder=PlainTextObject(text=HELD_ACTIONS_PLACEHOLDER),
        initial_value=discussion.actions or None,
    )
    found: list[Block] = [
        *sections(HELD_INTRO.format(title=escape_mrkdwn(title))),
        _input(
            HELD_DATE_BLOCK,
            HELD_DATE_LABEL,
            DatePickerElement(action_id=HELD_DATE_BLOCK, initial_date=held_on.isoformat()),
        ),
        _input(
            HELD_FORMAT_BLOCK,
            HELD_FORMAT_LABEL,
            _radio(
                HELD_FORMAT_BLOCK, _format_choices(), discussion.held_format or discussion.format
            ),
        ),
        _input(HELD_PEOPLE_BLOCK, HELD_PEOPLE_LABEL, people),
        _input(
            HELD_ACTIONS_BLOCK,
            HELD_ACTIONS_LABEL,
            actions_input,
            optional=True,
            hint=PlainTextObject(text=HELD_ACTIONS_HINT.format(limit=f"{MAX_ACTIONS:,}")),
        ),
        context(HELD_PRIVACY),
    ]
    return modal(
        HELD_TITLE,
        found,
        callback_id=CALLBACK_HELD,
        submit=HELD_SUBMIT,
        close=DISCUSS_CANCEL,
        private_metadata=private_metadata,
    )


def discussion_unknown_message(
    text: str, suggestions: Sequence[Subject], *, command: str
) -> Message:
    """An unknown theme or case: the closest ones, each a button to start on it."""
    lines = [DISCUSS_UNKNOWN.format(text=escape_mrkdwn(truncate(text, 100)))]
    found: list[Block] = []
    if suggestions:
        names = " or ".join(f"*{escape_mrkdwn(s.title)}*" for s in suggestions)
        lines.append(DISCUSS_UNKNOWN_SUGGEST.format(suggestions=names))
        found += sections(" ".join(lines))
        found.append(actions(*(button(s.title, ACTION_DISCUSS, s.ref) for s in suggestions[:5])))
    else:
        lines.append(DISCUSS_UNKNOWN_NONE.format(command=command))
        found += sections(" ".join(lines))
    return message(found, " ".join(lines))


def discussion_offer_message(subject: Subject | None) -> Message:
    """A *Start a discussion* button, where a modal cannot open straight away (a
    mention or a direct message has no trigger for one)."""
    if subject is None:
        text = DISCUSS_OFFER_ANY
    else:
        text = DISCUSS_OFFER.format(title=escape_mrkdwn(subject.title))
    found: list[Block] = [
        *sections(text),
        actions(
            button(
                BUTTON_DISCUSS,
                ACTION_DISCUSS,
                subject.ref if subject else "",
                primary=True,
                accessibility_label=SPOKEN_DISCUSS.format(title=subject.title)
                if subject
                else SPOKEN_DISCUSS_ANY,
            )
        ),
    ]
    return message(found, text)
