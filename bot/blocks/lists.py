"""Lists to pick from (themes, cases, terms), one question to sit with, help and notices."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk.models.blocks import Block, Option, PlainTextObject, StaticSelectElement

from bot.blocks.ids import ACTION_ANOTHER_QUESTION, ACTION_OPEN_CASE, ACTION_PICK_THEME, ACTION_SHOW
from bot.blocks.primitives import (
    MAX_OPTION_TEXT,
    MAX_OPTION_VALUE,
    MAX_OPTIONS,
    RENDERED,
    Message,
    actions,
    as_dict,
    button,
    context,
    escape_mrkdwn,
    header,
    message,
    sections,
    truncate,
)
from bot.messages.answers import (
    BUTTON_ANOTHER_QUESTION,
    BUTTON_OPEN,
    BUTTON_OPEN_CASE,
    BUTTON_OPEN_THEME,
    CASE_UNKNOWN,
    CASES_TITLE,
    DID_YOU_MEAN,
    GLOSSARY_FALLBACK,
    GLOSSARY_INTRO,
    GLOSSARY_LINE,
    GLOSSARY_TITLE,
    GLOSSARY_UNKNOWN,
    HELP_COMMANDS,
    HELP_FALLBACK,
    HELP_INTRO,
    HELP_LINE,
    HELP_PRIVACY,
    HELP_PRIVATE,
    HELP_TITLE,
    QUESTION_FROM,
    QUESTION_TITLE,
    SPOKEN_OPEN,
    SPOKEN_OPEN_THEME,
    THEMES_FALLBACK,
    THEMES_INTRO,
    THEMES_PLACEHOLDER,
    THEMES_TITLE,
)
from index.model import Knowledge, Question, Theme

# --- Lists: themes, cases, terms, one question -------------------------------------------


def theme_select(
    themes: Sequence[Theme], action_id: str = ACTION_PICK_THEME
) -> list[StaticSelectElement]:
    """Theme pickers of at most 100 options each (Slack's limit)."""
    selects = []
    for start in range(0, len(themes), MAX_OPTIONS):
        options = [
            Option(text=truncate(t.title, MAX_OPTION_TEXT), value=t.id[:MAX_OPTION_VALUE])
            for t in themes[start : start + MAX_OPTIONS]
        ]
        selects.append(
            StaticSelectElement(
                placeholder=PlainTextObject(text=THEMES_PLACEHOLDER),
                action_id=action_id,
                options=options,
            )
        )
    return selects


def rendered_message(kb: Knowledge, key: str, build: Callable[[], Message]) -> Message:
    """``build()``, a message from the knowledge alone, rendered once per version of it."""

    def render() -> tuple[str, tuple[dict[str, Any], ...]]:
        built = build()
        return built.text, tuple(as_dict(block) for block in built.blocks)

    text, blocks = RENDERED.get(kb, key, render)
    return Message(text=text, blocks=list(blocks))


def themes_message(kb: Knowledge) -> Message:
    """Every theme, to pick from."""
    return rendered_message(kb, "themes", lambda: _themes_message(kb))


def _themes_message(kb: Knowledge) -> Message:
    themes = kb.themes_by_title()
    blocks: list[Block] = [header(THEMES_TITLE), *sections(THEMES_INTRO)]
    blocks.append(actions(*theme_select(themes)))
    blocks += sections("\n".join(f"• {escape_mrkdwn(t.title)}" for t in themes))
    titles = ", ".join(t.title for t in themes)
    return message(blocks, THEMES_FALLBACK.format(titles=escape_mrkdwn(titles)))


def cases_message(kb: Knowledge, *, unknown: str | None = None) -> Message:
    """The cases, each with a button to open it (and why, if a name was not known)."""
    if unknown is None:
        return rendered_message(kb, "cases", lambda: _cases_message(kb, unknown=None))
    return _cases_message(kb, unknown=unknown)


def _cases_message(kb: Knowledge, *, unknown: str | None) -> Message:
    names = ", ".join(c.title for c in kb.cases.values())
    blocks: list[Block] = []
    if unknown is not None:
        blocks += sections(
            CASE_UNKNOWN.format(
                name=escape_mrkdwn(truncate(unknown, 100)), cases=escape_mrkdwn(names)
            )
        )
    else:
        blocks.append(header(CASES_TITLE))
    for case in kb.cases.values():
        line = f"*{escape_mrkdwn(case.title)}* — {escape_mrkdwn(case.headline)}"
        spoken = SPOKEN_OPEN.format(title=case.title)
        opened = button(BUTTON_OPEN, ACTION_SHOW, f"case:{case.id}", accessibility_label=spoken)
        blocks += sections(line, opened)
    return message(blocks, CASES_TITLE + ": " + escape_mrkdwn(names))


def glossary_message(
    kb: Knowledge, *, unknown: str | None = None, suggestions: Sequence[str] = ()
) -> Message:
    """Every term in the glossary (and why, if a term was not known)."""
    if unknown is None:
        return rendered_message(kb, "glossary", lambda: _glossary_message(kb, None, ()))
    return _glossary_message(kb, unknown, suggestions)


def _glossary_message(kb: Knowledge, unknown: str | None, suggestions: Sequence[str]) -> Message:
    blocks: list[Block] = []
    if unknown is not None:
        line = GLOSSARY_UNKNOWN.format(term=escape_mrkdwn(truncate(unknown, 100)))
        if suggestions:
            line += " " + DID_YOU_MEAN.format(
                suggestions=" or ".join(f"*{escape_mrkdwn(s)}*" for s in suggestions)
            )
        blocks += sections(line)
    else:
        blocks.append(header(GLOSSARY_TITLE))
    lines = [
        GLOSSARY_LINE.format(term=escape_mrkdwn(t.term), expansion=escape_mrkdwn(t.expansion))
        for t in kb.glossary.values()
    ]
    blocks += sections(GLOSSARY_INTRO + "\n" + "\n".join(lines))
    terms = ", ".join(t.term for t in kb.glossary.values())
    return message(blocks, GLOSSARY_FALLBACK.format(terms=escape_mrkdwn(terms)))


def question_message(question: Question, kb: Knowledge, *, next_index: int) -> Message:
    """One reflective question to sit with, where it comes from, and another."""
    where = kb.themes.get(question.theme_id or "") or kb.cases.get(question.case_id or "")
    blocks: list[Block] = [
        header(QUESTION_TITLE),
        *sections(f">{escape_mrkdwn(question.text)}"),
    ]
    if where:
        blocks.append(context(QUESTION_FROM.format(where=escape_mrkdwn(where.title))))
    buttons = [button(BUTTON_ANOTHER_QUESTION, ACTION_ANOTHER_QUESTION, str(next_index))]
    if where is not None and question.theme_id in kb.themes:
        spoken = SPOKEN_OPEN_THEME.format(title=where.title)
        ref = f"theme:{question.theme_id}"
        buttons.append(button(BUTTON_OPEN_THEME, ACTION_SHOW, ref, accessibility_label=spoken))
    elif where is not None and question.case_id in kb.cases:
        spoken = SPOKEN_OPEN.format(title=where.title)
        case_id = question.case_id or ""
        buttons.append(
            button(BUTTON_OPEN_CASE, ACTION_OPEN_CASE, case_id, accessibility_label=spoken)
        )
    blocks.append(actions(*buttons))
    return message(blocks, escape_mrkdwn(question.text))


def help_message(
    command: str, lines: Sequence[tuple[str, str]], *, notice: str | None = None
) -> Message:
    """What the bot does, with an example for each verb."""
    blocks: list[Block] = []
    if notice:
        blocks += sections(notice)
    blocks += [header(HELP_TITLE), *sections(HELP_INTRO)]
    listed = "\n".join(
        HELP_LINE.format(example=escape_mrkdwn(example), summary=escape_mrkdwn(summary))
        for example, summary in lines
    )
    blocks += sections(f"{HELP_COMMANDS}\n{listed}")
    blocks.append(context(HELP_PRIVATE))
    blocks.append(context(HELP_PRIVACY))
    examples = ", ".join(example for example, _ in lines)
    return message(blocks, HELP_FALLBACK.format(examples=escape_mrkdwn(examples)))
