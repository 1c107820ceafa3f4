"""A supervision or team-meeting pack (:class:`index.pack.Pack`) as Markdown or plain text.

For a meeting room without Slack: ``scrbot pack`` prints it, and it can be
pasted into an agenda, a document or an email. Citations are numbered in the
text (``[2]``) and listed under *Sources* at the end.

Example::

    print(pack_markdown(compose_pack(kb, "case z")))
"""

from __future__ import annotations

import textwrap

from bot.messages.answers import QUESTION_LEVELS
from bot.messages.supervision import (
    PACK_BORROWED,
    PACK_HOW_TO_USE,
    PACK_MINUTES,
    PACK_NO_QUESTIONS,
    PACK_RELATED,
    PACK_SOURCES,
    PACK_SUBTITLE,
)
from index.pack import Pack, PackItem, PackPart

WIDTH = 78


def _item_text(item: PackItem) -> str:
    label = f"{item.label}: " if item.label else ""
    return f"{label}{item.text} [{item.citation}]"


def _minutes(minutes: int) -> str:
    return PACK_MINUTES.format(minutes=minutes)


def _question_lines(pack: Pack) -> list[tuple[str, list[tuple[int, str]]]]:
    """Questions grouped by level: (level label, [(number, text)]), numbered through."""
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    number = 0
    for level, label in QUESTION_LEVELS.items():
        lines = []
        for question in (q for q in pack.questions if q.level == level):
            number += 1
            where = (
                " " + PACK_BORROWED.format(where=question.borrowed_from)
                if question.borrowed_from
                else ""
            )
            lines.append((number, f"{question.text} [{question.citation}]{where}"))
        if lines:
            groups.append((label, lines))
    return groups


def _heading(pack: Pack) -> str:
    return PACK_SUBTITLE.format(format=pack.format.name, minutes=pack.format.total_minutes)


def _escape_markdown(text: str) -> str:
    # Knowledge text is ours, but a stray "<" or "*" must still show as written.
    for character in ("\\", "*", "_", "`", "<", ">", "#"):
        text = text.replace(character, "\\" + character)
    return text


def pack_markdown(pack: Pack) -> str:
    """The pack as Markdown, headings numbered in the pack's fixed order."""
    e = _escape_markdown
    out = [f"# {e(pack.title)}", "", f"*{e(_heading(pack))}*", ""]
    out += [f"{e(pack.summary)} [{pack.summary_citation}]", ""]
    out += [f"> **{PACK_HOW_TO_USE}** {e(pack.format.how_to_use)}", ""]
    for number, part in enumerate(pack.parts, start=1):
        out += [f"## {number}. {e(part.title)} ({_minutes(part.minutes)})", ""]
        out += _markdown_part(pack, part)
    if pack.related:
        names = ", ".join(e(s.title) for s in pack.related)
        out += [f"{PACK_RELATED.format(themes=names)}", ""]
    out += [f"## {PACK_SOURCES}", ""]
    out += [f"{n}. {e(text)}" for n, text in enumerate(pack.citations, start=1)]
    return "\n".join(out).rstrip() + "\n"


def _markdown_part(pack: Pack, part: PackPart) -> list[str]:
    e = _escape_markdown
    out: list[str] = []
    if part.key == "questions":
        if not pack.questions:
            return [PACK_NO_QUESTIONS, ""]
        for label, lines in _question_lines(pack):
            out += [f"**{label}**", ""]
            out += [f"{n}. {e(text)}" for n, text in lines]
            out.append("")
        return out
    if part.key == "embedding":
        out += [f"{n}. {e(text)}" for n, text in enumerate(pack.closing, start=1)]
        return out + [""]
    only = part.items[0] if len(part.items) == 1 else None
    if part.key == "what_happened" and only is not None and only.label:
        out += [f"**{e(only.label)}.** {e(only.text)} [{only.citation}]", ""]
    else:
        out += [f"- {e(_item_text(item))}" for item in part.items]
        if part.items:
            out.append("")
    if part.extra_items:
        out += [f"**{e(part.extra_title or '')}**", ""]
        out += [f"- {e(_item_text(item))}" for item in part.extra_items]
        out.append("")
    if part.note:
        out += [f"*{e(part.note)}*", ""]
    return out


def _wrap(text: str, first: str = "", rest: str | None = None) -> list[str]:
    rest = " " * len(first) if rest is None else rest
    return textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    ) or [first.rstrip()]


def pack_text(pack: Pack) -> str:
    """The pack as plain text, wrapped to 78 columns, for printing."""
    out = [pack.title.upper(), _heading(pack), ""]
    out += _wrap(f"{pack.summary} [{pack.summary_citation}]") + [""]
    out += _wrap(f"{PACK_HOW_TO_USE} {pack.format.how_to_use}") + [""]
    for number, part in enumerate(pack.parts, start=1):
        title = f"{number}. {part.title} ({_minutes(part.minutes)})"
        out += [title, "-" * len(title)]
        out += _text_part(pack, part)
    if pack.related:
        names = ", ".join(s.title for s in pack.related)
        out += _wrap(PACK_RELATED.format(themes=names).replace("*", "")) + [""]
    out += [PACK_SOURCES.upper()]
    for n, text in enumerate(pack.citations, start=1):
        out += _wrap(text, f"[{n}] ")
    return "\n".join(out).rstrip() + "\n"


def _text_part(pack: Pack, part: PackPart) -> list[str]:
    out: list[str] = []
    if part.key == "questions":
        if not pack.questions:
            return [PACK_NO_QUESTIONS, ""]
        for label, lines in _question_lines(pack):
            out.append(f"{label}:")
            for n, text in lines:
                out += _wrap(text, f"  {n}. ")
            out.append("")
        return out
    if part.key == "embedding":
        for n, text in enumerate(pack.closing, start=1):
            out += _wrap(text, f"  {n}. ")
        return out + [""]
    for item in part.items:
        out += _wrap(_item_text(item), "  * ")
    if part.items:
        out.append("")
    if part.extra_items:
        out.append(f"{part.extra_title}:")
        for item in part.extra_items:
            out += _wrap(_item_text(item), "  * ")
        out.append("")
    if part.note:
        out += _wrap(part.note) + [""]
    return out
