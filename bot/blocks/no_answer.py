"""When a lookup has no answer: what the reviews do not cover (said plainly, with
what does cover it and where else to look), or nothing found (spelling suggestions
and the closest themes). Never an empty reply."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block

from bot.blocks.ids import ACTION_SEARCH_FOR, ACTION_SHOW
from bot.blocks.primitives import (
    MAX_BUTTON_VALUE,
    actions,
    button,
    context,
    escape_mrkdwn,
    sections,
    truncate,
)
from bot.messages.answers import (
    CLOSEST_THEMES,
    DID_YOU_MEAN,
    NEARBY_LEARNING,
    NEARBY_LINE,
    NOT_COVERED,
    NOT_COVERED_GUIDANCE,
    NOT_COVERED_QUERY,
    NOT_COVERED_THEMES,
    NOT_COVERED_TOPIC,
    NOTHING_FOUND,
    TRY_THEMES,
    WHERE_ELSE,
    WHERE_ELSE_LOCAL,
    WHERE_ELSE_NATIONAL,
)
from bot.safety import FrontDoor
from index.answers import RelatedTheme, SearchResponse
from index.model import Knowledge


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


def closest_themes_actions(response: SearchResponse, kb: Knowledge) -> ActionsBlock:
    """Buttons for up to five themes close to what was asked: the search's related
    themes, else the first themes by title."""
    related = [r for r in response.related if r.id in kb.themes] or [
        RelatedTheme(theme.id, theme.title) for theme in kb.themes_by_title()[:5]
    ]
    return actions(*(button(r.title, ACTION_SHOW, f"theme:{r.id}") for r in related[:5]))


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
