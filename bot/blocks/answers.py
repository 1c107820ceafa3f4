"""A lookup's answer: the card, the other results under it, and "nothing found"."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock
from slack_sdk.models.views import View

from bot.blocks.feedback import BUTTONS, feedback_blocks, subject_ref
from bot.blocks.ids import (
    ACTION_DISCUSS,
    ACTION_MORE_QUESTIONS,
    ACTION_OPEN_CASE,
    ACTION_SEARCH_FOR,
    ACTION_SHARE,
    ACTION_SHOW,
)
from bot.blocks.lists import theme_select
from bot.blocks.primitives import (
    MAX_BUTTON_VALUE,
    RENDERED,
    BlockLike,
    Message,
    actions,
    button,
    context,
    dicts,
    divider,
    escape_mrkdwn,
    header,
    message,
    modal,
    sections,
    truncate,
)
from bot.messages.answers import (
    ALSO_WORTH_A_LOOK,
    ANSWER_FALLBACK,
    BUTTON_DISCUSS,
    BUTTON_MORE_QUESTIONS,
    BUTTON_OPEN_CASE,
    BUTTON_OPEN_THEME,
    BUTTON_SHARE,
    CASE_LINE,
    CASE_MODAL_FINDINGS,
    CASE_THEMES,
    CITE_MARKER,
    CITED_SOURCE_LINE,
    CITED_SOURCES,
    CLOSEST_THEMES,
    DID_YOU_MEAN,
    GENERAL_KNOWLEDGE,
    GLOSSARY_THEMES,
    KIND_LABELS,
    MORE_IN_CASE,
    MORE_IN_SEARCH,
    MORE_TRUNCATED,
    NEARBY_LEARNING,
    NEARBY_LINE,
    NOT_COVERED,
    NOT_COVERED_GUIDANCE,
    NOT_COVERED_QUERY,
    NOT_COVERED_THEMES,
    NOT_COVERED_TOPIC,
    NOTHING_FOUND,
    NOTHING_FOUND_FALLBACK,
    PRACTICE_POINTS,
    QUESTION_TITLE,
    QUESTION_TO_SIT_WITH,
    SHARED_BY,
    SOURCE,
    SOURCES,
    SPOKEN_DISCUSS,
    SPOKEN_MORE_QUESTIONS,
    SPOKEN_OPEN,
    SPOKEN_OPEN_THEME,
    SPOKEN_SHARE,
    TRY_THEMES,
    WHERE_ELSE,
    WHERE_ELSE_LOCAL,
    WHERE_ELSE_NATIONAL,
    WHERE_IT_SHOWED,
)
from bot.messages.home import HOME_TITLE
from bot.refs import Ref
from bot.safety import FrontDoor
from index.answers import (
    CitedPoint,
    RelatedTheme,
    Result,
    SearchResponse,
    SourceCite,
    declined,
    number_citations,
)
from index.model import Case, GlossaryTerm, Knowledge

#: Other search results offered as buttons under the top answer.
MAX_OTHER_RESULTS = 4


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
    found = list(RENDERED.get(kb, ("card", content), lambda: dicts(_card_blocks(result, kb))))
    if shared_by:
        found.append(_shared_by(shared_by).to_dict())
    buttons_key = ("buttons", result.kind, result.id, result.case_id, result.theme_id, shareable)
    found += RENDERED.get(
        kb, buttons_key, lambda: dicts(_answer_actions(result, shareable=shareable))
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


def _answer_actions(result: Result, *, shareable: bool) -> list[Block]:
    buttons = _answer_buttons(result, shareable=shareable)
    return [actions(*buttons)] if buttons else []


def _answer_buttons(result: Result, *, shareable: bool) -> list[ButtonElement]:
    found = []
    title = result.title
    case_id = result.id if result.kind == "case" else result.case_id
    if case_id and result.kind in ("case", "recommendation"):
        spoken = SPOKEN_OPEN.format(title=title)
        found.append(
            button(
                BUTTON_OPEN_CASE,
                ACTION_OPEN_CASE,
                case_id,
                primary=True,
                accessibility_label=spoken,
            )
        )
    if result.kind == "question" and result.theme_id:
        spoken = SPOKEN_OPEN_THEME.format(title=title)
        ref = f"theme:{result.theme_id}"
        found.append(button(BUTTON_OPEN_THEME, ACTION_SHOW, ref, accessibility_label=spoken))
    questions = _question_ref(result)
    if questions and result.kind != "glossary":
        spoken = SPOKEN_MORE_QUESTIONS.format(title=title)
        found.append(
            button(
                BUTTON_MORE_QUESTIONS,
                ACTION_MORE_QUESTIONS,
                str(questions),
                accessibility_label=spoken,
            )
        )
    if shareable:
        spoken = SPOKEN_SHARE.format(title=title)
        ref = str(Ref.of(result))
        found.append(button(BUTTON_SHARE, ACTION_SHARE, ref, accessibility_label=spoken))
    if questions and result.kind != "glossary":
        spoken = SPOKEN_DISCUSS.format(title=title)
        found.append(
            button(BUTTON_DISCUSS, ACTION_DISCUSS, str(questions), accessibility_label=spoken)
        )
    return found


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
    blocks.insert(_before_buttons(blocks), safety_line(door or FrontDoor()))
    blocks += _feedback(result, feedback)
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
    blocks.insert(_before_buttons(blocks), safety_line(door or FrontDoor()))
    blocks += _feedback(result, BUTTONS)  # Slack's own feedback buttons are for messages
    return modal(title, blocks)


def _feedback(result: Result, style: str | None) -> list[Block]:
    ref = subject_ref(result)
    if style is None or ref is None:
        return []
    return feedback_blocks(ref, result.title, style=style)


# --- A child's safety first ---------------------------------------------------------


def safety_line(door: FrontDoor) -> ContextBlock:
    """The short line every answer carries: 999, else the local front door."""
    return context(door.safety_line())


def urgent_blocks(door: FrontDoor) -> list[Block]:
    """What leads an answer when the query describes a child in danger now."""
    return [*sections(door.urgent_line()), divider()]


def _before_buttons(blocks: Sequence[BlockLike]) -> int:
    """Where a line goes so that a closing row of buttons stays last."""
    if blocks and _is_actions(blocks[-1]):
        return len(blocks) - 1
    return len(blocks)


def _is_actions(block: BlockLike) -> bool:
    kind = block.get("type") if isinstance(block, dict) else getattr(block, "type", None)
    return kind == "actions"


# --- What the reviews do not cover -------------------------------------------------


def not_covered_blocks(
    response: SearchResponse, kb: Knowledge, *, command: str, door: FrontDoor
) -> list[Block]:
    """A lookup the reviews do not answer: said plainly, then what covers it, any
    nearby learning (labelled as such) and where else to look."""
    topic = response.topic
    found: list[Block] = [*sections(_not_covered_said(response))]
    found += did_you_mean_blocks(response)
    if topic:
        found += sections(NOT_COVERED_GUIDANCE.format(guidance=escape_mrkdwn(topic.guidance)))
    nearby = [n for n in response.nearby if n.kind != "theme" or n.id in kb.themes]
    if nearby:
        lines = [
            NEARBY_LINE.format(title=escape_mrkdwn(n.title), because=escape_mrkdwn(n.because))
            if n.because
            else f"*{escape_mrkdwn(n.title)}*"
            for n in nearby
        ]
        found += sections(f"{NEARBY_LEARNING}\n" + "\n".join(lines))
        found.append(actions(*(button(n.title, ACTION_SHOW, f"{n.kind}:{n.id}") for n in nearby)))
    lines = [WHERE_ELSE, WHERE_ELSE_LOCAL.format(next_step=door.next_step())]
    lines += [
        WHERE_ELSE_NATIONAL.format(
            url=place.url, name=escape_mrkdwn(place.name), what=escape_mrkdwn(place.what)
        )
        for place in response.signposts
    ]
    found += sections("\n".join(lines))
    related = [r for r in response.related if r.id in kb.themes]
    if related:
        # Nothing matched at all: themes to start from, never an empty reply.
        found += sections(CLOSEST_THEMES)
        found.append(actions(*(button(r.title, ACTION_SHOW, f"theme:{r.id}") for r in related[:5])))
    found.append(context(NOT_COVERED_THEMES.format(command=command)))
    return found


def _not_covered_said(response: SearchResponse) -> str:
    """The reviews do not cover the topic (or do not answer what was typed, shown
    escaped, so nothing typed can mention or link anyone)."""
    if response.topic:
        return NOT_COVERED_TOPIC.format(topic=escape_mrkdwn(response.topic.name))
    query = response.query.strip()
    if query:
        return NOT_COVERED_QUERY.format(query=escape_mrkdwn(truncate(query, 200)))
    return NOT_COVERED


def not_covered_fallback(response: SearchResponse) -> str:
    return _not_covered_said(response)


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


def closest_themes_actions(response: SearchResponse, kb: Knowledge) -> ActionsBlock:
    """Buttons for up to five themes close to what was asked: the search's related
    themes, else the first themes by title."""
    related = [r for r in response.related if r.id in kb.themes] or [
        RelatedTheme(theme.id, theme.title) for theme in kb.themes_by_title()[:5]
    ]
    return actions(*(button(r.title, ACTION_SHOW, f"theme:{r.id}") for r in related[:5]))


def did_you_mean_blocks(response: SearchResponse) -> list[Block]:
    """Spelling suggestions, each a button that searches for it."""
    if not response.did_you_mean:
        return []
    suggestions = " or ".join(f"*{escape_mrkdwn(s)}*" for s in response.did_you_mean[:5])
    return [
        *sections(DID_YOU_MEAN.format(suggestions=suggestions)),
        actions(
            *(button(s, ACTION_SEARCH_FOR, s[:MAX_BUTTON_VALUE]) for s in response.did_you_mean[:5])
        ),
    ]


def nothing_found_blocks(response: SearchResponse, kb: Knowledge, *, command: str) -> list[Block]:
    """Never an empty reply: what was not found, spelling suggestions, close themes."""
    found: list[Block] = []
    query = response.query.strip()
    if query:
        found += sections(NOTHING_FOUND.format(query=escape_mrkdwn(truncate(query, 200))))
    found += did_you_mean_blocks(response)
    found += sections(CLOSEST_THEMES)
    found.append(closest_themes_actions(response, kb))
    found.append(context(TRY_THEMES.format(command=command)))
    return found


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
    found = urgent_blocks(door) if response.urgent else []
    found += _search_notices(response, notice)
    top = response.top
    if top is None:
        if declined(response):
            return found + not_covered_blocks(response, kb, command=command, door=door)
        return found + nothing_found_blocks(response, kb, command=command)
    card = answer_blocks(top, kb, shareable=shareable)
    if not response.urgent:
        card.insert(_before_buttons(card), safety_line(door))
    found += card
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
        blocks = [*urgent_blocks(door)] if response.urgent else []
        blocks += _search_notices(response, notice)
        card: list[BlockLike] = [*rendered_answer(top, kb, shareable=shareable)]
        if not response.urgent:
            card.insert(_before_buttons(card), safety_line(door))
        blocks += card
        blocks += _feedback(top, feedback)
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
