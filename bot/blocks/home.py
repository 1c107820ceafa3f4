"""The App Home tab, the search modal and *Find related learning*."""

from __future__ import annotations

import dataclasses

from slack_sdk.models.blocks import Block, InputBlock, PlainTextInputElement, PlainTextObject
from slack_sdk.models.views import View

from bot.blocks.ids import (
    ACTION_DISCUSS,
    ACTION_OPEN_SEARCH,
    ACTION_SHOW,
    CALLBACK_RELATED,
    CALLBACK_SEARCH,
    SEARCH_BLOCK,
    SEARCH_INPUT,
)
from bot.blocks.no_answer import closest_themes_actions
from bot.blocks.primitives import (
    MAX_VIEW_BLOCKS,
    actions,
    button,
    context,
    divider,
    escape_mrkdwn,
    fit,
    header,
    modal,
    sections,
    truncate,
)
from bot.blocks.safety import safety_line
from bot.blocks.search import search_blocks
from bot.messages.answers import (
    BUTTON_DISCUSS,
    BUTTON_OPEN,
    BUTTON_OPEN_CASE,
    BUTTON_OPEN_THEME,
    BUTTON_SEARCH,
    MORE_IN_SEARCH,
    SPOKEN_DISCUSS,
    SPOKEN_OPEN,
    SPOKEN_OPEN_THEME,
    SPOKEN_SEARCH,
)
from bot.messages.home import (
    HOME_CASES,
    HOME_INTRO,
    HOME_PROMPT,
    HOME_PROMPT_FEATURED,
    HOME_PROMPT_ROTATION,
    HOME_THEMES,
    HOME_TITLE,
    RELATED_EMPTY,
    RELATED_INTRO,
    RELATED_NOTHING,
    RELATED_TITLE,
    SEARCH_LABEL,
    SEARCH_PLACEHOLDER,
    SEARCH_RESULTS,
    SEARCH_SUBMIT,
    SEARCH_TITLE,
)
from bot.safety import FrontDoor
from index.answers import SearchResponse
from index.model import Knowledge, Theme

# --- Home tab, search modal, related learning --------------------------------------------


def home_view(kb: Knowledge, *, command: str, featured: Theme | None, from_rotation: bool) -> View:
    """The App Home: this week's prompt, search, and every theme and case to browse."""
    blocks: list[Block] = [
        header(HOME_TITLE),
        *sections(HOME_INTRO.format(command=command)),
    ]
    blocks.append(
        actions(
            button(
                BUTTON_SEARCH,
                ACTION_OPEN_SEARCH,
                "home",
                primary=True,
                accessibility_label=SPOKEN_SEARCH,
            )
        )
    )
    if featured is not None:
        blocks.append(divider())
        prompt = HOME_PROMPT.format(
            title=escape_mrkdwn(featured.title), summary=escape_mrkdwn(featured.summary)
        )
        blocks += sections(prompt)
        note = HOME_PROMPT_ROTATION if from_rotation else HOME_PROMPT_FEATURED
        blocks.append(context(note))
        blocks.append(
            actions(
                button(
                    BUTTON_OPEN_THEME,
                    ACTION_SHOW,
                    f"theme:{featured.id}",
                    accessibility_label=SPOKEN_OPEN_THEME.format(title=featured.title),
                ),
                button(
                    BUTTON_DISCUSS,
                    ACTION_DISCUSS,
                    f"theme:{featured.id}",
                    accessibility_label=SPOKEN_DISCUSS.format(title=featured.title),
                ),
            )
        )
    blocks += [divider(), header(HOME_CASES)]
    for case in kb.cases.values():
        line = f"*{escape_mrkdwn(case.title)}*\n{escape_mrkdwn(truncate(case.headline, 300))}"
        spoken = SPOKEN_OPEN.format(title=case.title)
        opened = button(
            BUTTON_OPEN_CASE, ACTION_SHOW, f"case:{case.id}", accessibility_label=spoken
        )
        blocks += sections(line, opened)
    blocks += [divider(), header(HOME_THEMES)]
    for theme in kb.themes_by_title():
        line = f"*{escape_mrkdwn(theme.title)}*\n{escape_mrkdwn(truncate(theme.summary, 200))}"
        spoken = SPOKEN_OPEN.format(title=theme.title)
        opened = button(BUTTON_OPEN, ACTION_SHOW, f"theme:{theme.id}", accessibility_label=spoken)
        blocks += sections(line, opened)
    more = MORE_IN_SEARCH.format(command=command)
    return View(type="home", blocks=fit(blocks, MAX_VIEW_BLOCKS, more))


def search_modal(
    kb: Knowledge | None = None,
    *,
    command: str = "/scr",
    response: SearchResponse | None = None,
    notice: str | None = None,
    door: FrontDoor | None = None,
) -> View:
    """The search modal: a box to type in and, after a search, what it found."""
    blocks: list[Block] = [
        InputBlock(
            block_id=SEARCH_BLOCK,
            label=PlainTextObject(text=SEARCH_LABEL),
            element=PlainTextInputElement(
                action_id=SEARCH_INPUT,
                placeholder=PlainTextObject(text=SEARCH_PLACEHOLDER),
                max_length=500,
            ),
        )
    ]
    if response is not None and kb is not None:
        blocks.append(divider())
        if response.query.strip():
            query = escape_mrkdwn(truncate(response.query.strip(), 200))
            blocks += sections(SEARCH_RESULTS.format(query=query))
        blocks += search_blocks(response, kb, command=command, notice=notice, door=door)
    return modal(
        SEARCH_TITLE,
        blocks,
        callback_id=CALLBACK_SEARCH,
        submit=SEARCH_SUBMIT,
        more=MORE_IN_SEARCH.format(command=command),
    )


def _declined(response: SearchResponse) -> bool:
    """A message about a topic the reviews do not cover, or with learning nearby:
    said as a lookup says it (a message that matches nothing gets themes instead)."""
    return bool(response.topic or response.nearby)


def related_modal(
    response: SearchResponse | None,
    kb: Knowledge,
    *,
    command: str,
    door: FrontDoor | None = None,
) -> View:
    """Learning related to a message (the message's own words are not shown back)."""
    blocks: list[Block]
    if response is not None and response.top is None and (response.urgent or _declined(response)):
        # What the reviews do not cover, or a child in danger now, is said as a lookup says it.
        blocks = search_blocks(
            dataclasses.replace(response, query=""), kb, command=command, door=door
        )
    elif response is None:
        blocks = sections(RELATED_EMPTY)
        blocks.append(
            actions(
                button(
                    BUTTON_SEARCH, ACTION_OPEN_SEARCH, "related", accessibility_label=SPOKEN_SEARCH
                )
            )
        )
    elif response.top is None:
        blocks = sections(RELATED_NOTHING)
        blocks.append(closest_themes_actions(response, kb))
        blocks.append(safety_line(door or FrontDoor()))
    else:
        blocks = sections(RELATED_INTRO)
        blocks += search_blocks(
            dataclasses.replace(response, query="", related=()), kb, command=command, door=door
        )
    return modal(RELATED_TITLE, blocks, callback_id=CALLBACK_RELATED)
