"""Slack's limits and the primitives every surface is built from.

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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.messages.answers import BUTTON_CLOSE, MORE_TRUNCATED
from bot.render_cache import RenderCache

# --- Slack's limits (https://api.slack.com/reference/block-kit) ----------------------

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ACCESSIBILITY_LABEL = 75
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

#: A block as built here, or as the dict Slack takes (see :mod:`bot.render_cache`).
BlockLike = Block | dict[str, Any]

#: Answers and lists rendered to dicts, for the knowledge they were rendered from.
RENDERED = RenderCache()


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


def sections(text: str, accessory: Any = None) -> list[Block]:
    """One or more sections holding all of ``text`` (mrkdwn, already escaped).
    An accessory goes on the first section."""
    pieces = split_text(text, MAX_SECTION_TEXT)
    found: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=piece), accessory=accessory if number == 0 else None
        )
        for number, piece in enumerate(pieces)
    ]
    return found


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=truncate(text, MAX_CONTEXT_TEXT))])


def divider() -> DividerBlock:
    return DividerBlock()


def button(
    label: str,
    action_id: str,
    value: str,
    *,
    primary: bool = False,
    accessibility_label: str | None = None,
) -> ButtonElement:
    """A button; ``accessibility_label`` is what a screen reader says instead of
    ``label``, for buttons repeated with the same label (*Open* on every case)."""
    spoken = truncate(accessibility_label, MAX_ACCESSIBILITY_LABEL) if accessibility_label else None
    return ButtonElement(
        text=PlainTextObject(text=truncate(label, MAX_BUTTON_TEXT), emoji=True),
        action_id=action_id,
        value=value[:MAX_BUTTON_VALUE],
        style="primary" if primary else None,
        accessibility_label=spoken,
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


def dicts(blocks: Iterable[Block]) -> tuple[dict[str, Any], ...]:
    return tuple(block.to_dict() for block in blocks)


def _is_actions(block: BlockLike) -> bool:
    if isinstance(block, dict):
        return block.get("type") == "actions"
    return isinstance(block, ActionsBlock)


def before_buttons(blocks: Sequence[BlockLike]) -> int:
    """Where a line goes so that a closing row of buttons stays last."""
    if blocks and _is_actions(blocks[-1]):
        return len(blocks) - 1
    return len(blocks)


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


def message(blocks: Sequence[BlockLike], text: str, *, more: str = MORE_TRUNCATED) -> Message:
    """A message within Slack's limits, with its fallback text."""
    return Message(text=plain_fallback(text), blocks=fit(blocks, MAX_MESSAGE_BLOCKS, more))


def modal(
    title: str,
    blocks: Sequence[Block],
    *,
    callback_id: str | None = None,
    submit: str | None = None,
    close: str = BUTTON_CLOSE,
    private_metadata: str | None = None,
    more: str = MORE_TRUNCATED,
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


def notice_message(text: str) -> Message:
    """A short message (already escaped mrkdwn), e.g. to say something went wrong."""
    return message(sections(text), text)
