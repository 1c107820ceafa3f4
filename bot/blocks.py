"""Every Block Kit message, modal and home tab scrbot shows, and Slack's limits.

Slack refuses a message with more than 50 blocks, a section over 3,000 characters
or a header over 150, and ``slack_sdk`` checks only some of these (and only when a
block is serialised). So every limit is enforced here, in one place: long text is
split across sections, and a message that would be too long is cut short with a
line saying where to read on — content is never refused. Every message carries a
plain ``text`` fallback for notifications and screen readers.

Anything a person typed goes through :func:`escape_mrkdwn` before it is shown, so
``<!channel>`` stays text and never pings anyone. Knowledge text is escaped too,
as Slack asks for ``&``, ``<`` and ``>`` in all mrkdwn.

Blocks are built with ``slack_sdk.models`` everywhere, so there is one way to build
them and slack_sdk checks them too. What a lookup shows most (answer cards, the
other results under them, the lists of themes, cases and terms) is turned into
dicts once per version of the knowledge and reused (:mod:`bot.render_cache`):
building and serialising the models cost about 1 ms a lookup, half as much as the
search. A :class:`Message` can therefore hold blocks as models or as dicts; Bolt
and slack_sdk take either.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot import messages
from bot.refs import Ref
from bot.render_cache import RenderCache
from index.answers import Result, SearchResponse
from index.model import Case, GlossaryTerm, Knowledge, Question, Theme
from index.pack import FORMATS, GROUP_ID, Pack, PackItem, PackPart, QuestionChoice, Subject
from index.usage import MAX_ACTIONS, Discussion

# --- Slack's limits (https://api.slack.com/reference/block-kit) ----------------------

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_MODAL_TITLE = 24
MAX_MODAL_BUTTON = 24
MAX_CONTEXT_TEXT = 3000
MAX_ACTIONS_ELEMENTS = 25
MAX_OPTIONS = 100
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_PRIVATE_METADATA = 3000
#: Slack truncates ``text`` at 40,000 characters; a notification needs far fewer.
MAX_FALLBACK_TEXT = 3000
#: Other search results offered as buttons under the top answer.
MAX_OTHER_RESULTS = 4

# --- Interaction ids (the listeners match on these) ----------------------------------

ACTION_SHOW = "show"
ACTION_OPEN_CASE = "open_case"
ACTION_MORE_QUESTIONS = "more_questions"
ACTION_SHARE = "share"
ACTION_DISCUSS = "discuss"
ACTION_PICK_THEME = "pick_theme"
ACTION_ANOTHER_QUESTION = "another_question"
ACTION_SEARCH_FOR = "search_for"
ACTION_OPEN_SEARCH = "open_search"
CALLBACK_SEARCH = "search"
CALLBACK_RELATED = "related_learning"
SEARCH_BLOCK = "query"
SEARCH_INPUT = "query"


#: A block as built here, or as the dict Slack takes (see :mod:`bot.render_cache`).
BlockLike = Block | dict[str, Any]

#: Answers and lists rendered to dicts, for the knowledge they were rendered from.
RENDERED = RenderCache()


def action_pattern(action_id: str) -> re.Pattern[str]:
    """Matches ``action_id`` and the numbered copies :func:`actions` makes of it."""
    return re.compile(rf"^{re.escape(action_id)}(#\d+)?$")


# --- Text ------------------------------------------------------------------------------

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape_mrkdwn(text: str) -> str:
    """Make ``text`` safe to show in mrkdwn: ``&``, ``<`` and ``>`` become entities.

    >>> escape_mrkdwn("<!channel> A&E")
    '&lt;!channel&gt; A&amp;E'
    """
    return (text or "").translate(_ESCAPES)


def _safe_cut(text: str, limit: int) -> int:
    """Where to cut ``text`` at or before ``limit``: at a space if one is near, and
    never inside a ``<…>`` link or mention or a ``&…;`` entity."""
    cut = limit
    space = text.rfind(" ", 0, cut + 1)
    newline = text.rfind("\n", 0, cut + 1)
    boundary = max(space, newline)
    if boundary > limit * 0.6:
        cut = boundary
    opening, closing = text.rfind("<", 0, cut), text.rfind(">", 0, cut)
    if opening > closing:
        cut = opening
    amp = text.rfind("&", max(0, cut - 8), cut)
    if amp != -1 and ";" not in text[amp:cut]:
        cut = amp
    return cut


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" if it was cut."""
    if len(text) <= limit:
        return text
    return text[: _safe_cut(text, limit - 1)].rstrip() + "…"


def split_text(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, split between lines where
    possible, else between words."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            # A cut at 0 would never end; a piece that must be cut mid-way is cut at the limit.
            cut = _safe_cut(line, limit) or limit
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return [p for p in pieces if p.strip()] or [""]


def bullets(items: Iterable[str]) -> str:
    """Escaped items as a bulleted list."""
    return "\n".join(f"• {escape_mrkdwn(item)}" for item in items)


def plain_fallback(*parts: str) -> str:
    """A notification text from mrkdwn parts, within Slack's length."""
    text = " ".join(p.strip() for p in parts if p and p.strip())
    return truncate(text, MAX_FALLBACK_TEXT)


# --- Blocks ------------------------------------------------------------------------------


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=truncate(text, MAX_HEADER_TEXT), emoji=True))


def sections(text: str, accessory: Any = None) -> list[SectionBlock]:
    """One or more sections holding all of ``text`` (mrkdwn, already escaped).
    An accessory goes on the first section."""
    pieces = split_text(text, MAX_SECTION_TEXT)
    found = [SectionBlock(text=MarkdownTextObject(text=piece)) for piece in pieces]
    if accessory is not None:
        found[0].accessory = accessory
    return found


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=truncate(text, MAX_CONTEXT_TEXT))])


def divider() -> DividerBlock:
    return DividerBlock()


def button(label: str, action_id: str, value: str, *, primary: bool = False) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=truncate(label, MAX_BUTTON_TEXT), emoji=True),
        action_id=action_id,
        value=value[:MAX_BUTTON_VALUE],
        style="primary" if primary else None,
    )


def actions(*elements: Any) -> ActionsBlock:
    """An actions block; a repeated action id gets a ``#n`` suffix, as Slack wants
    action ids unique within a block (match them with :func:`action_pattern`)."""
    seen: dict[str, int] = {}
    for element in elements[:MAX_ACTIONS_ELEMENTS]:
        count = seen.get(element.action_id, 0)
        seen[element.action_id] = count + 1
        if count:
            element.action_id = f"{element.action_id}#{count}"
    return ActionsBlock(elements=list(elements[:MAX_ACTIONS_ELEMENTS]))


def as_dict(block: BlockLike) -> dict[str, Any]:
    """``block`` as the dict Slack takes (a dict already is one)."""
    return block if isinstance(block, dict) else block.to_dict()


def _dicts(blocks: Iterable[Block]) -> tuple[dict[str, Any], ...]:
    return tuple(block.to_dict() for block in blocks)


def _is_actions(block: BlockLike) -> bool:
    if isinstance(block, dict):
        return block.get("type") == "actions"
    return isinstance(block, ActionsBlock)


def fit(blocks: Sequence[Any], limit: int, more: str) -> list[Any]:
    """``blocks`` cut to ``limit``, ending with a line saying there is more.

    A closing actions block is kept, as its buttons are the way to read on.
    """
    blocks = list(blocks)
    if len(blocks) <= limit:
        return blocks
    tail = [blocks[-1]] if _is_actions(blocks[-1]) else []
    room = limit - 1 - len(tail)
    return blocks[:room] + [context(more)] + tail


@dataclass
class Message:
    """A message ready for ``chat.postMessage``, ``respond`` or an ack: blocks and text.

    ``blocks`` are models or, where rendered once and reused, dicts (see the module
    docs); the dicts are shared, so add to a copy of the list, never change one.
    """

    text: str
    blocks: list[BlockLike]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": [as_dict(b) for b in self.blocks]}


def message(
    blocks: Sequence[BlockLike], text: str, *, more: str = messages.MORE_TRUNCATED
) -> Message:
    """A message within Slack's limits, with its fallback text."""
    return Message(text=plain_fallback(text), blocks=fit(blocks, MAX_MESSAGE_BLOCKS, more))


def modal(
    title: str,
    blocks: Sequence[Block],
    *,
    callback_id: str | None = None,
    submit: str | None = None,
    close: str = messages.BUTTON_CLOSE,
    private_metadata: str | None = None,
    more: str = messages.MORE_TRUNCATED,
) -> View:
    """A modal within Slack's limits (title 24 characters, 100 blocks)."""
    return View(
        type="modal",
        callback_id=callback_id,
        title=PlainTextObject(text=truncate(title, MAX_MODAL_TITLE), emoji=True),
        submit=PlainTextObject(text=truncate(submit, MAX_MODAL_BUTTON)) if submit else None,
        close=PlainTextObject(text=truncate(close, MAX_MODAL_BUTTON)),
        blocks=fit(blocks, MAX_VIEW_BLOCKS, more),
        private_metadata=(private_metadata or "")[:MAX_PRIVATE_METADATA] or None,
    )


# --- Answers ---------------------------------------------------------------------------


def _reflective_question(result: Result, kb: Knowledge) -> str | None:
    """One question to sit with: a 'reflect' question of the theme when there is one."""
    theme = kb.themes.get(result.id) if result.kind == "theme" else None
    if theme:
        for question in theme.questions:
            if question.level == "reflect":
                return question.text
    return result.questions[0] if result.questions else None


def _question_ref(result: Result) -> Ref | None:
    """What *More questions* and *Start a discussion* open for this result."""
    if result.kind in ("theme", "case"):
        return Ref.of(result)
    if result.theme_id:
        return Ref("theme", result.theme_id)
    if result.case_id:
        return Ref("case", result.case_id)
    return None


def answer_blocks(
    result: Result, kb: Knowledge, *, shareable: bool = False, shared_by: str | None = None
) -> list[Block]:
    """The answer card: header, summary, where it showed, practice points, one
    question, sources and the buttons to go further."""
    found = _card_blocks(result, kb)
    if shared_by:
        found.append(_shared_by(shared_by))
    found += _answer_actions(result, shareable=shareable)
    return found


def rendered_answer(
    result: Result, kb: Knowledge, *, shareable: bool = False, shared_by: str | None = None
) -> list[dict[str, Any]]:
    """:func:`answer_blocks` as dicts: the card and its buttons rendered once per
    answer and version of the knowledge; ``shared_by`` (a person) added each time."""
    # The score only orders results; two results alike but for it show the same card.
    content = dataclasses.replace(result, score=0.0)
    found = list(RENDERED.get(kb, ("card", content), lambda: _dicts(_card_blocks(result, kb))))
    if shared_by:
        found.append(_shared_by(shared_by).to_dict())
    buttons_key = ("buttons", result.kind, result.id, result.case_id, result.theme_id, shareable)
    found += RENDERED.get(
        kb, buttons_key, lambda: _dicts(_answer_actions(result, shareable=shareable))
    )
    return found


def _shared_by(user_id: str) -> ContextBlock:
    return context(messages.SHARED_BY.format(user=user_id))


def _card_blocks(result: Result, kb: Knowledge) -> list[Block]:
    """The card without its buttons: all of it from the knowledge."""
    label = messages.KIND_LABELS.get(result.kind)
    if result.kind == "question":
        # A question can be long; it is shown whole, under a short header.
        found: list[Block] = [header(messages.QUESTION_TITLE)]
        found += sections(f">{escape_mrkdwn(result.title)}")
    else:
        found = [header(result.title)]
        if label and result.kind != "theme":
            found.append(context(label))
    found += sections(escape_mrkdwn(result.summary))
    if result.kind == "case" and result.id in kb.cases:
        found += _case_theme_blocks(kb.cases[result.id], kb)
    elif result.cases:
        found += sections(messages.WHERE_IT_SHOWED)
        for case in result.cases:
            line = messages.CASE_LINE.format(
                title=escape_mrkdwn(case.title), how=escape_mrkdwn(case.how)
            )
            found += sections(line, button(messages.BUTTON_OPEN_CASE, ACTION_OPEN_CASE, case.id))
    if result.kind == "glossary" and result.id in kb.glossary:
        found += _glossary_theme_blocks(kb.glossary[result.id], kb)
    if result.practice_points:
        # A case's points are what its review found; a theme's are for practice.
        found_in_case = result.kind in ("case", "recommendation")
        title = messages.CASE_MODAL_FINDINGS if found_in_case else messages.PRACTICE_POINTS
        found += sections(f"{title}\n{bullets(result.practice_points)}")
    question = _reflective_question(result, kb)
    if question and result.kind != "question":
        found += sections(f"{messages.QUESTION_TO_SIT_WITH}\n>{escape_mrkdwn(question)}")
    if result.sources:
        template = messages.SOURCES if len(result.sources) > 1 else messages.SOURCE
        joined = "; ".join(escape_mrkdwn(s) for s in result.sources)
        found.append(context(template.format(sources=joined, source=joined)))
    return found


def _answer_actions(result: Result, *, shareable: bool) -> list[Block]:
    buttons = _answer_buttons(result, shareable=shareable)
    return [actions(*buttons)] if buttons else []


def _answer_buttons(result: Result, *, shareable: bool) -> list[ButtonElement]:
    found = []
    case_id = result.id if result.kind == "case" else result.case_id
    if case_id and result.kind in ("case", "recommendation"):
        found.append(button(messages.BUTTON_OPEN_CASE, ACTION_OPEN_CASE, case_id, primary=True))
    if result.kind == "question" and result.theme_id:
        found.append(button(messages.BUTTON_OPEN_THEME, ACTION_SHOW, f"theme:{result.theme_id}"))
    questions = _question_ref(result)
    if questions and result.kind != "glossary":
        found.append(button(messages.BUTTON_MORE_QUESTIONS, ACTION_MORE_QUESTIONS, str(questions)))
    if shareable:
        found.append(button(messages.BUTTON_SHARE, ACTION_SHARE, str(Ref.of(result))))
    if questions and result.kind != "glossary":
        found.append(button(messages.BUTTON_DISCUSS, ACTION_DISCUSS, str(questions)))
    return found


def _case_theme_blocks(case: Case, kb: Knowledge) -> list[Block]:
    lines = []
    for link in case.themes:
        theme = kb.themes.get(link.theme_id)
        title = theme.title if theme else link.theme_id
        lines.append(
            messages.CASE_LINE.format(title=escape_mrkdwn(title), how=escape_mrkdwn(link.how))
        )
    if not lines:
        return []
    found: list[Block] = sections(messages.CASE_THEMES.format(themes="\n".join(lines)))
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
        *sections(messages.GLOSSARY_THEMES),
        actions(*(button(t.title, ACTION_SHOW, f"theme:{t.id}") for t in themes)),
    ]


def answer_fallback(result: Result) -> str:
    return messages.ANSWER_FALLBACK.format(
        title=escape_mrkdwn(result.title), summary=escape_mrkdwn(result.summary)
    )


def answer_message(
    result: Result,
    kb: Knowledge,
    *,
    shareable: bool = False,
    shared_by: str | None = None,
    notice: str | None = None,
) -> Message:
    """The answer card as a message (after a ``notice``, if one is given)."""
    blocks: list[BlockLike] = [
        *rendered_answer(result, kb, shareable=shareable, shared_by=shared_by)
    ]
    if notice:
        blocks.insert(0, context(notice))
    more = (
        messages.MORE_IN_CASE
        if (result.case_id or result.kind == "case")
        else messages.MORE_TRUNCATED
    )
    return message(blocks, answer_fallback(result), more=more)


def answer_modal(result: Result, kb: Knowledge) -> View:
    """The answer card in a modal (from the home tab, search or another modal)."""
    title = messages.KIND_LABELS.get(result.kind, messages.HOME_TITLE)
    if result.kind == "case":
        title = result.title
    return modal(title, answer_blocks(result, kb))


def _other_results(response: SearchResponse, top: Result) -> list[Result]:
    return [r for r in response.results[1 : 1 + MAX_OTHER_RESULTS] if r.id != top.id]


def _rendered_other_results(results: Sequence[Result], kb: Knowledge) -> tuple[dict[str, Any], ...]:
    key = ("others", *((r.kind, r.id, r.title) for r in results))
    return RENDERED.get(kb, key, lambda: _dicts(_other_results_blocks(results)))


def _other_results_blocks(results: Sequence[Result]) -> list[Block]:
    if not results:
        return []
    lines = [
        f"• {escape_mrkdwn(messages.KIND_LABELS.get(r.kind, r.kind))}: *{escape_mrkdwn(r.title)}*"
        for r in results
    ]
    found: list[Block] = [
        divider(),
        *sections(f"{messages.ALSO_WORTH_A_LOOK}\n" + "\n".join(lines)),
    ]
    found.append(actions(*(button(r.title, ACTION_SHOW, str(Ref.of(r))) for r in results)))
    return found


@dataclass(frozen=True)
class RelatedStandIn:
    """A theme offered when the search had no related themes of its own."""

    id: str
    title: str


def nothing_found_blocks(response: SearchResponse, kb: Knowledge, *, command: str) -> list[Block]:
    """Never an empty reply: what was not found, spelling suggestions, close themes."""
    found: list[Block] = []
    query = response.query.strip()
    if query:
        found += sections(messages.NOTHING_FOUND.format(query=escape_mrkdwn(truncate(query, 200))))
    if response.did_you_mean:
        suggestions = " or ".join(f"*{escape_mrkdwn(s)}*" for s in response.did_you_mean[:5])
        found += sections(messages.DID_YOU_MEAN.format(suggestions=suggestions))
        found.append(
            actions(
                *(
                    button(s, ACTION_SEARCH_FOR, s[:MAX_BUTTON_VALUE])
                    for s in response.did_you_mean[:5]
                )
            )
        )
    related = [r for r in response.related if r.id in kb.themes] or [
        RelatedStandIn(theme.id, theme.title) for theme in kb.themes_by_title()[:5]
    ]
    found += sections(messages.CLOSEST_THEMES)
    found.append(actions(*(button(r.title, ACTION_SHOW, f"theme:{r.id}") for r in related[:5])))
    found.append(context(messages.TRY_THEMES.format(command=command)))
    return found


def search_blocks(
    response: SearchResponse,
    kb: Knowledge,
    *,
    command: str,
    shareable: bool = False,
    notice: str | None = None,
) -> list[Block]:
    """The top answer and the other results, or help when nothing matched."""
    found = _search_notices(response, notice)
    top = response.top
    if top is None:
        return found + nothing_found_blocks(response, kb, command=command)
    found += answer_blocks(top, kb, shareable=shareable)
    return found + _other_results_blocks(_other_results(response, top))


def _search_notices(response: SearchResponse, notice: str | None) -> list[Block]:
    found: list[Block] = [context(notice)] if notice else []
    for note in response.notes:
        found.append(context(escape_mrkdwn(note)))
    return found


def search_message(
    response: SearchResponse,
    kb: Knowledge,
    *,
    command: str,
    shareable: bool = False,
    notice: str | None = None,
) -> Message:
    """What a lookup shows: the answer, or "did you mean" and the closest themes.

    The same blocks as :func:`search_blocks`, with the answer and the other results
    rendered once (see :mod:`bot.render_cache`); notices, and anything showing
    what was typed, are built each time.
    """
    top = response.top
    blocks: list[BlockLike]
    if top is not None:
        blocks = [*_search_notices(response, notice)]
        blocks += rendered_answer(top, kb, shareable=shareable)
        blocks += _rendered_other_results(_other_results(response, top), kb)
        text = answer_fallback(top)
    else:
        blocks = [*search_blocks(response, kb, command=command, notice=notice)]
        text = messages.NOTHING_FOUND_FALLBACK
    if notice:
        text = f"{notice} {text}"
    return message(blocks, text, more=messages.MORE_IN_SEARCH.format(command=command))


# --- Cases, questions and discussion --------------------------------------------------------


def case_modal(case: Case, kb: Knowledge) -> View:
    """The whole case: summary, timeline, findings, recommendations, the Board's response."""
    found: list[Block] = [header(case.title), *sections(escape_mrkdwn(case.headline))]

    def add(title: str, lines: list[str]) -> None:
        if lines:
            found.append(divider())
            found.extend(sections(f"{title}\n" + "\n".join(lines)))

    add(messages.CASE_MODAL_FAMILY, [f"• {escape_mrkdwn(p.text)}" for p in case.family])
    add(messages.CASE_MODAL_WHY, [f"• {escape_mrkdwn(p.text)}" for p in case.why_reviewed])
    add(
        messages.CASE_MODAL_TIMELINE,
        [f"*{escape_mrkdwn(e.date)}* — {escape_mrkdwn(e.event)}" for e in case.timeline],
    )
    add(messages.CASE_MODAL_FINDINGS, [f"• {escape_mrkdwn(p.text)}" for p in case.findings])
    add(
        messages.CASE_MODAL_GOOD_PRACTICE,
        [f"• {escape_mrkdwn(p.text)}" for p in case.good_practice],
    )
    add(messages.CASE_MODAL_CHILD_VOICE, [f"• {escape_mrkdwn(p.text)}" for p in case.child_voice])
    add(
        messages.CASE_MODAL_RECOMMENDATIONS,
        [f"*{escape_mrkdwn(r.number)}.* {escape_mrkdwn(r.text)}" for r in case.recommendations],
    )
    add(messages.CASE_MODAL_BOARD, [f"• {escape_mrkdwn(p.text)}" for p in case.board_response])
    source = kb.sources.get(case.source)
    if source:
        found.append(context(messages.SOURCE.format(source=escape_mrkdwn(source.title))))
    return modal(case.title, found, more=messages.CASE_MODAL_MORE)


def _questions_by_level(questions: Sequence[Question]) -> str:
    parts = []
    for level, label in messages.QUESTION_LEVELS.items():
        chosen = [q for q in questions if q.level == level]
        if chosen:
            parts.append(f"*{label}*\n" + bullets(q.text for q in chosen))
    others = [q for q in questions if q.level not in messages.QUESTION_LEVELS]
    if others:
        parts.append(bullets(q.text for q in others))
    return "\n\n".join(parts)


def questions_modal(title: str, questions: Sequence[Question]) -> View:
    """Every question on a theme or case, from understanding to practice."""
    found: list[Block] = [header(title)]
    if questions:
        found += sections(messages.QUESTIONS_INTRO.format(title=escape_mrkdwn(title)))
        found += sections(_questions_by_level(questions))
    else:
        found += sections(messages.QUESTIONS_NONE.format(title=escape_mrkdwn(title)))
    return modal(messages.QUESTIONS_TITLE, found)


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
                placeholder=PlainTextObject(text=messages.THEMES_PLACEHOLDER),
                action_id=action_id,
                options=options,
            )
        )
    return selects


def _rendered_message(kb: Knowledge, key: str, build: Callable[[], Message]) -> Message:
    """``build()``, a message from the knowledge alone, rendered once per version of it."""

    def render() -> tuple[str, tuple[dict[str, Any], ...]]:
        built = build()
        return built.text, tuple(as_dict(block) for block in built.blocks)

    text, blocks = RENDERED.get(kb, key, render)
    return Message(text=text, blocks=list(blocks))


def themes_message(kb: Knowledge) -> Message:
    """Every theme, to pick from."""
    return _rendered_message(kb, "themes", lambda: _themes_message(kb))


def _themes_message(kb: Knowledge) -> Message:
    themes = kb.themes_by_title()
    blocks: list[Block] = [header(messages.THEMES_TITLE), *sections(messages.THEMES_INTRO)]
    blocks.append(actions(*theme_select(themes)))
    blocks += sections("\n".join(f"• {escape_mrkdwn(t.title)}" for t in themes))
    titles = ", ".join(t.title for t in themes)
    return message(blocks, messages.THEMES_FALLBACK.format(titles=escape_mrkdwn(titles)))


def cases_message(kb: Knowledge, *, unknown: str | None = None) -> Message:
    """The cases, each with a button to open it (and why, if a name was not known)."""
    if unknown is None:
        return _rendered_message(kb, "cases", lambda: _cases_message(kb, unknown=None))
    return _cases_message(kb, unknown=unknown)


def _cases_message(kb: Knowledge, *, unknown: str | None) -> Message:
    names = ", ".join(c.title for c in kb.cases.values())
    blocks: list[Block] = []
    if unknown is not None:
        blocks += sections(
            messages.CASE_UNKNOWN.format(
                name=escape_mrkdwn(truncate(unknown, 100)), cases=escape_mrkdwn(names)
            )
        )
    else:
        blocks.append(header(messages.CASES_TITLE))
    for case in kb.cases.values():
        line = f"*{escape_mrkdwn(case.title)}* — {escape_mrkdwn(case.headline)}"
        blocks += sections(line, button(messages.BUTTON_OPEN, ACTION_SHOW, f"case:{case.id}"))
    return message(blocks, messages.CASES_TITLE + ": " + escape_mrkdwn(names))


def glossary_message(
    kb: Knowledge, *, unknown: str | None = None, suggestions: Sequence[str] = ()
) -> Message:
    """Every term in the glossary (and why, if a term was not known)."""
    if unknown is None:
        return _rendered_message(kb, "glossary", lambda: _glossary_message(kb, None, ()))
    return _glossary_message(kb, unknown, suggestions)


def _glossary_message(kb: Knowledge, unknown: str | None, suggestions: Sequence[str]) -> Message:
    blocks: list[Block] = []
    if unknown is not None:
        line = messages.GLOSSARY_UNKNOWN.format(term=escape_mrkdwn(truncate(unknown, 100)))
        if suggestions:
            line += " " + messages.DID_YOU_MEAN.format(
                suggestions=" or ".join(f"*{escape_mrkdwn(s)}*" for s in suggestions)
            )
        blocks += sections(line)
    else:
        blocks.append(header(messages.GLOSSARY_TITLE))
    lines = [
        messages.GLOSSARY_LINE.format(
            term=escape_mrkdwn(t.term), expansion=escape_mrkdwn(t.expansion)
        )
        for t in kb.glossary.values()
    ]
    blocks += sections(messages.GLOSSARY_INTRO + "\n" + "\n".join(lines))
    return message(blocks, messages.GLOSSARY_TITLE)


def question_message(question: Question, kb: Knowledge, *, next_index: int) -> Message:
    """One reflective question to sit with, where it comes from, and another."""
    where = kb.themes.get(question.theme_id or "") or kb.cases.get(question.case_id or "")
    blocks: list[Block] = [
        header(messages.QUESTION_TITLE),
        *sections(f">{escape_mrkdwn(question.text)}"),
    ]
    if where:
        blocks.append(context(messages.QUESTION_FROM.format(where=escape_mrkdwn(where.title))))
    buttons = [button(messages.BUTTON_ANOTHER_QUESTION, ACTION_ANOTHER_QUESTION, str(next_index))]
    if question.theme_id in kb.themes:
        buttons.append(
            button(messages.BUTTON_OPEN_THEME, ACTION_SHOW, f"theme:{question.theme_id}")
        )
    elif question.case_id in kb.cases:
        buttons.append(button(messages.BUTTON_OPEN_CASE, ACTION_OPEN_CASE, question.case_id or ""))
    blocks.append(actions(*buttons))
    return message(blocks, escape_mrkdwn(question.text))


def help_message(
    command: str, lines: Sequence[tuple[str, str]], *, notice: str | None = None
) -> Message:
    """What the bot does, with an example for each verb."""
    blocks: list[Block] = []
    if notice:
        blocks += sections(notice)
    blocks += [header(messages.HELP_TITLE), *sections(messages.HELP_INTRO)]
    listed = "\n".join(
        messages.HELP_LINE.format(example=escape_mrkdwn(example), summary=escape_mrkdwn(summary))
        for example, summary in lines
    )
    blocks += sections(f"{messages.HELP_COMMANDS}\n{listed}")
    blocks.append(context(messages.HELP_PRIVATE))
    blocks.append(context(messages.HELP_PRIVACY))
    examples = ", ".join(example for example, _ in lines)
    return message(blocks, messages.HELP_FALLBACK.format(examples=escape_mrkdwn(examples)))


def notice_message(text: str) -> Message:
    """A short message (already escaped mrkdwn), e.g. to say something went wrong."""
    return message(sections(text), text)


# --- Home tab, search modal, related learning --------------------------------------------


def home_view(kb: Knowledge, *, command: str, featured: Theme | None, from_rotation: bool) -> View:
    """The App Home: this week's prompt, search, and every theme and case to browse."""
    blocks: list[Block] = [
        header(messages.HOME_TITLE),
        *sections(messages.HOME_INTRO.format(command=command)),
    ]
    blocks.append(actions(button(messages.BUTTON_SEARCH, ACTION_OPEN_SEARCH, "home", primary=True)))
    if featured is not None:
        blocks.append(divider())
        prompt = messages.HOME_PROMPT.format(
            title=escape_mrkdwn(featured.title), summary=escape_mrkdwn(featured.summary)
        )
        blocks += sections(prompt)
        note = messages.HOME_PROMPT_ROTATION if from_rotation else messages.HOME_PROMPT_FEATURED
        blocks.append(context(note))
        blocks.append(
            actions(
                button(messages.BUTTON_OPEN_THEME, ACTION_SHOW, f"theme:{featured.id}"),
                button(messages.BUTTON_DISCUSS, ACTION_DISCUSS, f"theme:{featured.id}"),
            )
        )
    blocks += [divider(), header(messages.HOME_CASES)]
    for case in kb.cases.values():
        line = f"*{escape_mrkdwn(case.title)}*\n{escape_mrkdwn(truncate(case.headline, 300))}"
        blocks += sections(line, button(messages.BUTTON_OPEN_CASE, ACTION_SHOW, f"case:{case.id}"))
    blocks += [divider(), header(messages.HOME_THEMES)]
    for theme in kb.themes_by_title():
        line = f"*{escape_mrkdwn(theme.title)}*\n{escape_mrkdwn(truncate(theme.summary, 200))}"
        blocks += sections(line, button(messages.BUTTON_OPEN, ACTION_SHOW, f"theme:{theme.id}"))
    more = messages.MORE_IN_SEARCH.format(command=command)
    return View(type="home", blocks=fit(blocks, MAX_VIEW_BLOCKS, more))


def search_modal(
    kb: Knowledge | None = None,
    *,
    command: str = "/scr",
    response: SearchResponse | None = None,
    notice: str | None = None,
) -> View:
    """The search modal: a box to type in and, after a search, what it found."""
    blocks: list[Block] = [
        InputBlock(
            block_id=SEARCH_BLOCK,
            label=PlainTextObject(text=messages.SEARCH_LABEL),
            element=PlainTextInputElement(
                action_id=SEARCH_INPUT,
                placeholder=PlainTextObject(text=messages.SEARCH_PLACEHOLDER),
                max_length=500,
            ),
        )
    ]
    if response is not None and kb is not None:
        blocks.append(divider())
        if response.query.strip():
            query = escape_mrkdwn(truncate(response.query.strip(), 200))
            blocks += sections(messages.SEARCH_RESULTS.format(query=query))
        blocks += search_blocks(response, kb, command=command, notice=notice)
    return modal(
        messages.SEARCH_TITLE,
        blocks,
        callback_id=CALLBACK_SEARCH,
        submit=messages.SEARCH_SUBMIT,
        more=messages.MORE_IN_SEARCH.format(command=command),
    )


def related_modal(response: SearchResponse | None, kb: Knowledge, *, command: str) -> View:
    """Learning related to a message (the message's own words are not shown back)."""
    blocks: list[Block]
    if response is None:
        blocks = sections(messages.RELATED_EMPTY)
        blocks.append(actions(button(messages.BUTTON_SEARCH, ACTION_OPEN_SEARCH, "related")))
    elif response.top is None:
        blocks = sections(messages.RELATED_NOTHING)
        related = [r for r in response.related if r.id in kb.themes] or [
            RelatedStandIn(t.id, t.title) for t in kb.themes_by_title()[:5]
        ]
        blocks.append(
            actions(*(button(r.title, ACTION_SHOW, f"theme:{r.id}") for r in related[:5]))
        )
    else:
        blocks = sections(messages.RELATED_INTRO)
        blocks += search_blocks(
            SearchResponse(query="", results=response.results, related=()), kb, command=command
        )
    return modal(messages.RELATED_TITLE, blocks, callback_id=CALLBACK_RELATED)


# --- Supervision and team discussions ----------------------------------------------------

ACTION_DISCUSSION_SUBJECT = "discussion_subject"
ACTION_NEXT_QUESTION = "next_question"
ACTION_MARK_HELD = "mark_held"
CALLBACK_DISCUSSION = "discussion_start"
CALLBACK_HELD = "discussion_held"
#: Block ids of the inputs (each input's action id is the same as its block id).
DISCUSSION_SUBJECT_BLOCK = ACTION_DISCUSSION_SUBJECT
#: The questions block's id ends with the subject, so a new subject starts fresh ticks.
DISCUSSION_QUESTIONS_BLOCK = "discussion_questions"
DISCUSSION_FORMAT_BLOCK = "discussion_format"
DISCUSSION_PACE_BLOCK = "discussion_pace"
DISCUSSION_WHERE_BLOCK = "discussion_where"
DISCUSSION_CHANNEL_BLOCK = "discussion_channel"
HELD_DATE_BLOCK = "held_date"
HELD_FORMAT_BLOCK = "held_format"
HELD_PEOPLE_BLOCK = "held_people"
HELD_ACTIONS_BLOCK = "held_actions"
WHERE_DM, WHERE_CHANNEL = "dm", "channel"
PACE_ONE, PACE_ALL = "one", "all"
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
        (f.id, messages.DISCUSS_FORMAT_OPTION.format(name=f.name, minutes=f.total_minutes))
        for f in FORMATS.values()
    ]


def _subject_select(kb: Knowledge, subject: Subject | None) -> StaticSelectElement:
    groups = []
    initial = None
    for label, kind, items in (
        (messages.DISCUSS_THEMES_GROUP, "theme", kb.themes_by_title()),
        (messages.DISCUSS_CASES_GROUP, "case", kb.cases.values()),
    ):
        options = []
        for item in list(items)[:MAX_OPTIONS]:
            option = Option(
                value=f"{kind}:{item.id}"[:MAX_OPTION_VALUE],
                label=truncate(item.title, MAX_OPTION_TEXT),
            )
            options.append(option)
            if subject is not None and option.value == subject.ref:
                initial = option
        if options:
            groups.append(OptionGroup(label=label, options=options))
    return StaticSelectElement(
        action_id=ACTION_DISCUSSION_SUBJECT,
        placeholder=PlainTextObject(text=messages.DISCUSS_SUBJECT_PLACEHOLDER),
        option_groups=groups,
        initial_option=initial,
    )


def _level(level: str) -> str:
    return messages.QUESTION_LEVELS.get(level, level)


def discussion_start_modal(
    kb: Knowledge,
    subject: Subject | None,
    choices: Sequence[QuestionChoice] = (),
    *,
    pack_format: str = GROUP_ID,
) -> View:
    """*Start a discussion*: the theme or case, format, questions (the suggested ones
    ticked), how the questions come, and where to post the pack."""
    found: list[Block] = [*sections(messages.DISCUSS_INTRO)]
    found.append(
        _input(
            DISCUSSION_SUBJECT_BLOCK,
            messages.DISCUSS_SUBJECT_LABEL,
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
                messages.DISCUSS_QUESTION_WHERE.format(where=escape_mrkdwn(question.borrowed_from))
                if question.borrowed_from
                else ""
            )
            lines.append(
                messages.DISCUSS_QUESTION_LINE.format(
                    number=number,
                    level=_level(question.level),
                    text=escape_mrkdwn(question.text),
                    where=where,
                )
            )
        found += sections(
            messages.DISCUSS_QUESTIONS_INTRO.format(
                title=escape_mrkdwn(subject.title), questions="\n".join(lines)
            )
        )
        options = [
            Option(
                value=choice.question.id[:MAX_OPTION_VALUE],
                label=truncate(
                    messages.DISCUSS_QUESTION_OPTION.format(
                        number=number, text=choice.question.text
                    ),
                    MAX_OPTION_TEXT,
                ),
            )
            for number, choice in enumerate(choices, start=1)
        ]
        ticked = [o for o, c in zip(options, choices, strict=True) if c.chosen]
        found.append(
            _input(
                f"{DISCUSSION_QUESTIONS_BLOCK}:{subject.ref}"[:255],
                messages.DISCUSS_QUESTIONS_LABEL,
                CheckboxesElement(
                    action_id=DISCUSSION_QUESTIONS_BLOCK,
                    options=options,
                    initial_options=ticked or None,
                ),
                hint=PlainTextObject(text=messages.DISCUSS_QUESTIONS_HINT),
            )
        )
    else:
        found.append(context(messages.DISCUSS_CHOOSE_FIRST))
    found.append(
        _input(
            DISCUSSION_FORMAT_BLOCK,
            messages.DISCUSS_FORMAT_LABEL,
            _radio(DISCUSSION_FORMAT_BLOCK, _format_choices(), pack_format),
        )
    )
    found.append(
        _input(
            DISCUSSION_PACE_BLOCK,
            messages.DISCUSS_PACE_LABEL,
            _radio(
                DISCUSSION_PACE_BLOCK,
                [(PACE_ONE, messages.DISCUSS_PACE_ONE), (PACE_ALL, messages.DISCUSS_PACE_ALL)],
                PACE_ONE,
            ),
        )
    )
    found.append(
        _input(
            DISCUSSION_WHERE_BLOCK,
            messages.DISCUSS_WHERE_LABEL,
            _radio(
                DISCUSSION_WHERE_BLOCK,
                [
                    (WHERE_DM, messages.DISCUSS_WHERE_DM),
                    (WHERE_CHANNEL, messages.DISCUSS_WHERE_CHANNEL),
                ],
                WHERE_DM,
            ),
        )
    )
    found.append(
        _input(
            DISCUSSION_CHANNEL_BLOCK,
            messages.DISCUSS_CHANNEL_LABEL,
            ConversationSelectElement(
                action_id=DISCUSSION_CHANNEL_BLOCK,
                placeholder=PlainTextObject(text=messages.DISCUSS_CHANNEL_PLACEHOLDER),
                default_to_current_conversation=True,
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
            optional=True,
            hint=PlainTextObject(text=messages.DISCUSS_CHANNEL_HINT),
        )
    )
    found.append(context(messages.DISCUSS_PRIVACY))
    return modal(
        messages.DISCUSS_MODAL_TITLE,
        found,
        callback_id=CALLBACK_DISCUSSION,
        submit=messages.DISCUSS_SUBMIT,
        close=messages.DISCUSS_CANCEL,
    )


def _pack_item(item: PackItem) -> str:
    label = f"*{escape_mrkdwn(item.label)}:* " if item.label else ""
    return f"{label}{escape_mrkdwn(item.text)} [{item.citation}]"


def _pack_part_text(number: int, part: PackPart, body: Sequence[str]) -> str:
    title = messages.PACK_PART.format(
        number=number, title=escape_mrkdwn(part.title), minutes=part.minutes
    )
    return "\n".join([title, *body])


def _question_count(count: int) -> str:
    return messages.PACK_QUESTION_COUNT.get(count) or messages.PACK_QUESTION_COUNT_MANY.format(
        count=count
    )


def _sources_blocks(citations: Sequence[str], numbers: Iterable[int] | None = None) -> list[Block]:
    wanted = set(numbers) if numbers is not None else None
    lines = [
        messages.PACK_SOURCE_NUMBERED.format(number=n, text=escape_mrkdwn(text))
        for n, text in enumerate(citations, start=1)
        if wanted is None or n in wanted
    ]
    if not lines:
        return []
    text = messages.PACK_SOURCES_LIST.format(sources="\n".join(lines))
    return [context(piece) for piece in split_text(text, MAX_CONTEXT_TEXT)]


def _held_text(discussion: Discussion) -> str:
    held_on = discussion.held_on
    when = f"{held_on.day} {held_on:%B %Y}" if held_on else ""
    people = discussion.people or 0
    count = messages.PACK_PEOPLE.get(people) or messages.PACK_PEOPLE_MANY.format(count=people)
    name = FORMATS[discussion.held_format].name if discussion.held_format in FORMATS else ""
    line = messages.PACK_HELD.format(date=when, format=escape_mrkdwn(name.lower()), people=count)
    if discussion.actions:
        line += "\n" + messages.PACK_HELD_ACTIONS.format(actions=escape_mrkdwn(discussion.actions))
    return line


def _question_lines(pack: Pack) -> list[str]:
    """The questions numbered through, under their levels, each saying its source."""
    lines = []
    number = 0
    for level, label in messages.QUESTION_LEVELS.items():
        chosen = [q for q in pack.questions if q.level == level]
        if not chosen:
            continue
        lines.append(f"_{label}_")
        for question in chosen:
            number += 1
            where = (
                " " + messages.PACK_BORROWED.format(where=escape_mrkdwn(question.borrowed_from))
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
    header_text = messages.PACK_HEADER[pack.format.id].format(title=pack.title)
    found: list[Block] = [header(header_text)]
    found.append(
        context(
            escape_mrkdwn(
                messages.PACK_SUBTITLE.format(
                    format=pack.format.name, minutes=pack.format.total_minutes
                )
            )
        )
    )
    found += sections(f"{escape_mrkdwn(pack.summary)} [{pack.summary_citation}]")
    for number, part in enumerate(pack.parts, start=1):
        if part.key == "questions" and inline:
            body = _question_lines(pack) or [messages.PACK_NO_QUESTIONS]
        elif part.key == "embedding" and inline:
            body = [f"{n}. {escape_mrkdwn(text)}" for n, text in enumerate(pack.closing, start=1)]
        elif part.key == "questions":
            count = _question_count(len(pack.questions))
            template = (
                messages.PACK_QUESTIONS_ONE if pace == PACE_ONE else messages.PACK_QUESTIONS_ALL
            )
            body = [template.format(count=count)]
        elif part.key == "embedding":
            body = [messages.PACK_EMBEDDING_WHERE]
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
        label = messages.BUTTON_CHANGE_HELD if discussion.held else messages.BUTTON_MARK_HELD
        found.append(
            actions(
                button(label, ACTION_MARK_HELD, str(discussion.id), primary=not discussion.held)
            )
        )
        if not discussion.held:
            found.append(context(messages.PACK_RECORD_NOTE))
    return found


def pack_message(
    pack: Pack, *, pace: str = PACE_ONE, discussion: Discussion | None = None
) -> Message:
    """The parent message of a discussion (see :func:`pack_blocks`)."""
    header_text = messages.PACK_HEADER[pack.format.id].format(title=pack.title)
    return message(
        pack_blocks(pack, pace=pace, discussion=discussion),
        messages.PACK_FALLBACK.format(header=escape_mrkdwn(header_text)),
    )


def _question_text(pack: Pack, index: int) -> str:
    question = pack.questions[index]
    return messages.PACK_QUESTION.format(
        number=index + 1,
        count=len(pack.questions),
        level=_level(question.level),
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
        notes.append(
            messages.PACK_QUESTION_FROM.format(where=escape_mrkdwn(question.borrowed_from))
        )
    notes.append(
        messages.PACK_SOURCE_NUMBERED.format(
            number=question.citation, text=escape_mrkdwn(pack.citations[question.citation - 1])
        )
    )
    found.append(context(" · ".join(notes)))
    if button_shown and discussion_id is not None:
        last = index + 1 >= len(pack.questions)
        label = messages.BUTTON_CLOSING_QUESTIONS if last else messages.BUTTON_NEXT_QUESTION
        value = f"{discussion_id}:{index + 1}:{parent_ts}"
        found.append(actions(button(label, ACTION_NEXT_QUESTION, value, primary=True)))
    fallback = messages.PACK_QUESTION_FALLBACK.format(
        number=index + 1, count=len(pack.questions), text=escape_mrkdwn(question.text)
    )
    return message(found, fallback)


def pack_all_questions_message(pack: Pack) -> Message:
    """Every question in one thread reply, grouped from understanding to practice."""
    minutes = pack.part("questions").minutes
    lines = [messages.PACK_QUESTIONS_ALL_TITLE.format(minutes=minutes), *_question_lines(pack)]
    found: list[Block] = [*sections("\n".join(lines))]
    found += _sources_blocks(pack.citations, [q.citation for q in pack.questions])
    fallback = " ".join(escape_mrkdwn(q.text) for q in pack.questions)
    return message(found, fallback)


def pack_closing_message(pack: Pack) -> Message:
    """The three closing questions on embedding the learning, last in the thread."""
    minutes = pack.part("embedding").minutes
    lines = [messages.PACK_CLOSING_TITLE.format(minutes=minutes)]
    lines += [f"{n}. {escape_mrkdwn(text)}" for n, text in enumerate(pack.closing, start=1)]
    found: list[Block] = [*sections("\n".join(lines)), context(messages.PACK_CLOSING_AFTER)]
    fallback = messages.PACK_CLOSING_FALLBACK.format(
        questions=" ".join(escape_mrkdwn(q) for q in pack.closing)
    )
    return message(found, fallback)


def pack_preview_message(pack: Pack) -> Message:
    """The whole pack in one message, questions and closing questions included (the
    console shows this)."""
    found = pack_blocks(pack, buttons=False, inline=True)
    header_text = messages.PACK_HEADER[pack.format.id].format(title=pack.title)
    return message(found, messages.PACK_FALLBACK.format(header=escape_mrkdwn(header_text)))


def held_modal(discussion: Discussion, title: str, *, today: date, private_metadata: str) -> View:
    """*Mark as held*: date, format, number of people and optional agreed actions, with
    a line saying not to enter names or details of real children."""
    held_on = discussion.held_on or today
    people = PlainTextInputElement(
        action_id=HELD_PEOPLE_BLOCK,
        placeholder=PlainTextObject(text=messages.HELD_PEOPLE_PLACEHOLDER),
        max_length=3,
        initial_value=str(discussion.people) if discussion.people else None,
    )
    actions_input = PlainTextInputElement(
        action_id=HELD_ACTIONS_BLOCK,
        multiline=True,
        max_length=MAX_ACTIONS,
        placeholder=PlainTextObject(text=messages.HELD_ACTIONS_PLACEHOLDER),
        initial_value=discussion.actions or None,
    )
    found: list[Block] = [
        *sections(messages.HELD_INTRO.format(title=escape_mrkdwn(title))),
        _input(
            HELD_DATE_BLOCK,
            messages.HELD_DATE_LABEL,
            DatePickerElement(action_id=HELD_DATE_BLOCK, initial_date=held_on.isoformat()),
        ),
        _input(
            HELD_FORMAT_BLOCK,
            messages.HELD_FORMAT_LABEL,
            _radio(
                HELD_FORMAT_BLOCK, _format_choices(), discussion.held_format or discussion.format
            ),
        ),
        _input(HELD_PEOPLE_BLOCK, messages.HELD_PEOPLE_LABEL, people),
        _input(
            HELD_ACTIONS_BLOCK,
            messages.HELD_ACTIONS_LABEL,
            actions_input,
            optional=True,
            hint=PlainTextObject(text=messages.HELD_ACTIONS_HINT.format(limit=f"{MAX_ACTIONS:,}")),
        ),
        context(messages.HELD_PRIVACY),
    ]
    return modal(
        messages.HELD_TITLE,
        found,
        callback_id=CALLBACK_HELD,
        submit=messages.HELD_SUBMIT,
        close=messages.DISCUSS_CANCEL,
        private_metadata=private_metadata,
    )


def discussion_unknown_message(
    text: str, suggestions: Sequence[Subject], *, command: str
) -> Message:
    """An unknown theme or case: the closest ones, each a button to start on it."""
    lines = [messages.DISCUSS_UNKNOWN.format(text=escape_mrkdwn(truncate(text, 100)))]
    found: list[Block] = []
    if suggestions:
        names = " or ".join(f"*{escape_mrkdwn(s.title)}*" for s in suggestions)
        lines.append(messages.DISCUSS_UNKNOWN_SUGGEST.format(suggestions=names))
        found += sections(" ".join(lines))
        found.append(actions(*(button(s.title, ACTION_DISCUSS, s.ref) for s in suggestions[:5])))
    else:
        lines.append(messages.DISCUSS_UNKNOWN_NONE.format(command=command))
        found += sections(" ".join(lines))
    return message(found, " ".join(lines))


def discussion_offer_message(subject: Subject | None) -> Message:
    """A *Start a discussion* button, where a modal cannot open straight away (a
    mention or a direct message has no trigger for one)."""
    if subject is None:
        text = messages.DISCUSS_OFFER_ANY
    else:
        text = messages.DISCUSS_OFFER.format(title=escape_mrkdwn(subject.title))
    found: list[Block] = [
        *sections(text),
        actions(
            button(
                messages.BUTTON_DISCUSS,
                ACTION_DISCUSS,
                subject.ref if subject else "",
                primary=True,
            )
        ),
    ]
    return message(found, text)
