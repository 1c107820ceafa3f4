"""How a weekly learning prompt looks in Slack, built from a :class:`DigestPost`.

The post: a header naming the week and theme, two sentences of summary, where it
showed (the case named), three points for practice, one question to talk about,
the sources, and the buttons the lookup answers use (*Read more* shows the full
answer privately; *More questions*; *Start a discussion*). The question is also
posted as the first reply in the thread, to start the conversation there.

Every post carries its slot marker twice: as the header's ``block_id`` and in the
message ``metadata``, both invisible to people, so that after a crash the bot
can find it in the channel's history and never post it twice.

Example::

    message = digest_message(post, command="/scr")
    client.chat_postMessage(channel=post.channel, text=message.text,
                            blocks=message.blocks, metadata=digest_metadata(post))
"""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import Block

from bot.blocks.ids import ACTION_DISCUSS, ACTION_MORE_QUESTIONS, ACTION_SHOW
from bot.blocks.primitives import (
    Message,
    actions,
    bullets,
    button,
    context,
    escape_mrkdwn,
    header,
    message,
    sections,
)
from bot.messages.answers import (
    BUTTON_DISCUSS,
    BUTTON_MORE_QUESTIONS,
    SOURCES,
    SPOKEN_DISCUSS,
    SPOKEN_MORE_QUESTIONS,
)
from bot.messages.digest import (
    BUTTON_READ_MORE,
    DIGEST_FALLBACK,
    DIGEST_FOOTER,
    DIGEST_HEADER,
    DIGEST_INVITE,
    DIGEST_POINTS,
    DIGEST_QUESTION,
    DIGEST_THREAD_FALLBACK,
    DIGEST_THREAD_QUESTION,
    DIGEST_WHERE_CASE,
    DIGEST_WHERE_SOURCE,
    SPOKEN_READ_MORE,
)
from scheduler.post import DigestPost

#: Prefix of the header's block_id; the rest is the slot id.
MARKER_PREFIX = "scrbot-digest:"
#: Prefix of the question reply's block_id.
QUESTION_MARKER_PREFIX = "scrbot-digest-question:"
#: The message metadata event type (metadata is kept by Slack, shown to no one).
METADATA_EVENT = "scrbot_digest_posted"
#: Slack's limit on a block_id.
MAX_BLOCK_ID = 255


def week_text(day: date) -> str:
    """``23 November``: the week as people say it."""
    return f"{day.day} {day:%B}"


def long_date(day: date) -> str:
    """``23 November 2026``."""
    return f"{day.day} {day:%B %Y}"


def _marker(prefix: str, slot_id: str) -> str:
    return (prefix + slot_id)[:MAX_BLOCK_ID]


def digest_blocks(post: DigestPost, *, command: str = "/scr") -> list[Block]:
    """The post's blocks, its header marked with the slot."""
    title = DIGEST_HEADER.format(week=week_text(post.week_of), title=post.theme_title)
    top = header(title)
    top.block_id = _marker(MARKER_PREFIX, post.slot_id)
    found: list[Block] = [top, *sections(escape_mrkdwn(post.summary))]
    example = post.example
    if example.case_title:
        where = DIGEST_WHERE_CASE.format(case=escape_mrkdwn(example.case_title))
    else:
        where = DIGEST_WHERE_SOURCE.format(source=escape_mrkdwn(example.source_title))
    found += sections(f"{where}\n{escape_mrkdwn(example.text)}")
    if post.practice_points:
        found += sections(f"{DIGEST_POINTS}\n{bullets(post.practice_points)}")
    if post.question:
        question = DIGEST_QUESTION.format(question=escape_mrkdwn(post.question))
        found += sections(f"{question}\n{DIGEST_INVITE}")
    sources = "; ".join(escape_mrkdwn(s) for s in post.sources)
    found.append(context(SOURCES.format(sources=sources)))
    ref = f"theme:{post.theme_id}"
    found.append(
        actions(
            button(
                BUTTON_READ_MORE,
                ACTION_SHOW,
                ref,
                primary=True,
                accessibility_label=SPOKEN_READ_MORE.format(title=post.theme_title),
            ),
            button(
                BUTTON_MORE_QUESTIONS,
                ACTION_MORE_QUESTIONS,
                ref,
                accessibility_label=SPOKEN_MORE_QUESTIONS.format(title=post.theme_title),
            ),
            button(
                BUTTON_DISCUSS,
                ACTION_DISCUSS,
                ref,
                accessibility_label=SPOKEN_DISCUSS.format(title=post.theme_title),
            ),
        )
    )
    found.append(context(DIGEST_FOOTER.format(command=command)))
    return found


def digest_message(post: DigestPost, *, command: str = "/scr") -> Message:
    """The post as a message within Slack's limits, with its ``text`` fallback."""
    fallback = DIGEST_FALLBACK.format(
        week=week_text(post.week_of),
        title=escape_mrkdwn(post.theme_title),
        summary=escape_mrkdwn(post.summary),
    )
    return message(digest_blocks(post, command=command), fallback)


def thread_question_message(slot_id: str, question: str | None) -> Message | None:
    """The first reply in the thread: the question, and an invitation to answer."""
    if not question:
        return None
    shown = escape_mrkdwn(question)
    blocks = sections(DIGEST_THREAD_QUESTION.format(question=shown))
    blocks[0].block_id = _marker(QUESTION_MARKER_PREFIX, slot_id)
    return message(blocks, DIGEST_THREAD_FALLBACK.format(question=shown))


def digest_metadata(post: DigestPost) -> dict[str, Any]:
    """Message metadata naming the slot (and the question, to finish a thread later)."""
    return {
        "event_type": METADATA_EVENT,
        "event_payload": {
            "slot": post.slot_id,
            "theme": post.theme_id,
            "question": post.question or "",
        },
    }


def slot_of(posted: dict[str, Any]) -> str | None:
    """The slot id a message in the channel's history was posted for, if it is a prompt."""
    metadata = posted.get("metadata") or {}
    if metadata.get("event_type") == METADATA_EVENT:
        slot = (metadata.get("event_payload") or {}).get("slot")
        if slot:
            return str(slot)
    for block in posted.get("blocks") or ():
        block_id = str(block.get("block_id") or "")
        if block_id.startswith(MARKER_PREFIX):
            return block_id[len(MARKER_PREFIX) :]
    return None


def is_question_reply(posted: dict[str, Any], slot_id: str) -> bool:
    """Whether a thread reply is the prompt's question for ``slot_id``."""
    wanted = _marker(QUESTION_MARKER_PREFIX, slot_id)
    return any(block.get("block_id") == wanted for block in posted.get("blocks") or ())


def question_from(posted: dict[str, Any]) -> str | None:
    """The question a prompt asked, from its metadata (to post a missing thread reply)."""
    metadata = posted.get("metadata") or {}
    question = (metadata.get("event_payload") or {}).get("question")
    return str(question) if question else None
