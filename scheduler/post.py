"""What one weekly learning prompt says, composed from the knowledge as plain data.

:func:`compose_post` turns a theme (and the case its example comes from) into a
:class:`DigestPost`; the bot renders that as Block Kit and the console as text.
A theme that no case links to takes its example from a key point of its source,
and the post says which review or briefing that is.

Example::

    post = compose_post(kb, "professional-curiosity", "case-y", slot)
    post.header_title       # 'Professional curiosity'
    post.example.case_title # 'Case Y'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from index.model import Cite, Knowledge, Question, Theme
from scheduler.slots import Slot

#: How much of a theme's summary the post shows: two sentences, read over a coffee.
SUMMARY_SENTENCES = 2
SUMMARY_MAX_CHARS = 420
PRACTICE_POINTS = 3
#: Questions that start a conversation come first; "understand" ones are a fallback.
_DISCUSSION_LEVELS = ("reflect", "apply")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘“'\"(])")


class NothingToPost(Exception):
    """The knowledge has no theme that can make a post."""


@dataclass(frozen=True)
class Example:
    """A short example of the theme in practice, with where it comes from.

    ``case_id``/``case_title`` are set when it comes from a case; otherwise it is
    a key point from the source named in ``source_title``.
    """

    text: str
    source: str
    source_title: str
    case_id: str | None = None
    case_title: str | None = None
    how: str | None = None


@dataclass(frozen=True)
class DigestPost:
    """One week's learning prompt, ready to render."""

    slot_id: str
    channel: str
    week_of: date
    theme_id: str
    theme_title: str
    summary: str
    example: Example
    practice_points: tuple[str, ...]
    question: str | None
    question_id: str | None
    sources: tuple[str, ...]
    pinned: bool = False

    @property
    def header_title(self) -> str:
        return self.theme_title


def cite_text(knowledge: Knowledge, cite: Cite) -> str:
    """``"<source title>, <section>"``, as the lookup answers show sources."""
    source = knowledge.sources.get(cite.source)
    return f"{source.title if source else cite.source}, {cite.section}"


def short_summary(text: str) -> str:
    """The first two sentences of ``text``, kept under :data:`SUMMARY_MAX_CHARS`."""
    sentences = _SENTENCE_END.split(" ".join(text.split()))
    kept = sentences[0]
    for sentence in sentences[1:SUMMARY_SENTENCES]:
        if len(kept) + 1 + len(sentence) > SUMMARY_MAX_CHARS:
            break
        kept += " " + sentence
    if len(kept) > SUMMARY_MAX_CHARS:
        kept = kept[: SUMMARY_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return kept


def theme_examples(theme: Theme) -> list[str]:
    """Where this theme's examples can come from: its cases' ids, best first (those
    with a written vignette), or else the id of the source of its first key point."""
    with_vignette = [link.case_id for link in theme.cases if link.vignette]
    others = [link.case_id for link in theme.cases if not link.vignette]
    cases = list(dict.fromkeys(with_vignette + others))
    if cases:
        return cases
    first = theme.key_points[0].cite if theme.key_points else theme.cite[0]
    return [first.source]


def discussion_question(theme: Theme, cycle: int = 1) -> Question | None:
    """One question to discuss: a reflect or apply question, a different one each
    time round the rotation; an understand question only if there is nothing else."""
    pool = [q for q in theme.questions if q.level in _DISCUSSION_LEVELS] or list(theme.questions)
    return pool[(cycle - 1) % len(pool)] if pool else None


def _example(knowledge: Knowledge, theme: Theme, example_id: str) -> Example:
    link = next((lk for lk in theme.cases if lk.case_id == example_id), None)
    if link is not None:
        case = knowledge.cases.get(link.case_id)
        return Example(
            text=" ".join((link.vignette or link.how).split()),
            source=cite_text(knowledge, link.cite),
            source_title=knowledge.sources[link.cite.source].title
            if link.cite.source in knowledge.sources
            else link.cite.source,
            case_id=link.case_id,
            case_title=case.title if case else link.case_id,
            how=link.how,
        )
    points = [p for p in theme.key_points if p.cite.source == example_id] or list(theme.key_points)
    if points:
        point_text, cite = points[0].text, points[0].cite
    else:
        point_text, cite = theme.summary, theme.cite[0]
    source = knowledge.sources.get(cite.source)
    return Example(
        text=" ".join(point_text.split()),
        source=cite_text(knowledge, cite),
        source_title=source.title if source else cite.source,
    )


def compose_post(
    knowledge: Knowledge,
    theme_id: str,
    example_id: str | None,
    slot: Slot,
    *,
    cycle: int = 1,
    pinned: bool = False,
) -> DigestPost:
    """The post for ``theme_id`` in ``slot``, its example drawn from ``example_id``
    (a case id, or a source id for a theme no case links to)."""
    theme = knowledge.themes.get(theme_id)
    if theme is None:
        raise NothingToPost(f"The theme {theme_id!r} is no longer in the knowledge.")
    example = _example(knowledge, theme, example_id or theme_examples(theme)[0])
    points = list(theme.practice_points[:PRACTICE_POINTS])
    points += theme.key_points[: PRACTICE_POINTS - len(points)]
    question = discussion_question(theme, cycle)
    # The sources of what the post shows: the summary, the points, the example.
    shown = [theme.cite[0], *(p.cite for p in points)]
    sources = list(dict.fromkeys([cite_text(knowledge, c) for c in shown] + [example.source]))
    return DigestPost(
        slot_id=slot.id,
        channel=slot.channel,
        week_of=slot.week,
        theme_id=theme.id,
        theme_title=theme.title,
        summary=short_summary(theme.summary),
        example=example,
        practice_points=tuple(" ".join(p.text.split()) for p in points),
        question=question.text if question else None,
        question_id=question.id if question else None,
        sources=tuple(sources),
        pinned=pinned,
    )
