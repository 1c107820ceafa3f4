"""How ``digest status`` and ``digest preview`` look, in Slack and in the terminal.

Both are Block Kit built with :mod:`bot.blocks.digest`; the command line shows them with
:func:`bot.console.render_blocks`, as the console does. ``channel_label`` decides how
a channel is named: a ``<#C…>`` mention in Slack, the bare id in a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from slack_sdk.models.blocks import Block

from bot.blocks.digest import digest_blocks, long_date, thread_question_message
from bot.blocks.primitives import (
    BlockLike,
    Message,
    context,
    divider,
    escape_mrkdwn,
    header,
    message,
    sections,
)
from bot.digest.poster import history_scope
from bot.messages.digest import (
    DIGEST_PREVIEW_NOTE,
    DIGEST_PREVIEW_THREAD,
    DIGEST_REASONS,
    DIGEST_STATUS_CHANNEL,
    DIGEST_STATUS_FAILED,
    DIGEST_STATUS_HINT,
    DIGEST_STATUS_IN_FLIGHT,
    DIGEST_STATUS_LAST,
    DIGEST_STATUS_MISSED,
    DIGEST_STATUS_NEXT,
    DIGEST_STATUS_NEXT_SKIPPED,
    DIGEST_STATUS_NO_HISTORY,
    DIGEST_STATUS_NO_POSTS,
    DIGEST_STATUS_NONE,
    DIGEST_STATUS_NOT_CONFIGURED,
    DIGEST_STATUS_PAUSED,
    DIGEST_STATUS_PIN,
    DIGEST_STATUS_PINNED,
    DIGEST_STATUS_POST,
    DIGEST_STATUS_PROBLEMS,
    DIGEST_STATUS_ROUND,
    DIGEST_STATUS_TITLE,
)
from scheduler.post import DigestPost
from scheduler.status import ChannelStatus, ShownSlot

ChannelLabel = Callable[[str], str]


def slack_channel(channel: str) -> str:
    """A channel as Slack shows it: its name, as a link."""
    return f"<#{channel}>"


def _reason(shown: ShownSlot) -> str:
    if shown.code and shown.code in DIGEST_REASONS:
        return DIGEST_REASONS[shown.code]
    return escape_mrkdwn(shown.why or shown.code or "")


def channel_status_lines(status: ChannelStatus, *, command: str, label: ChannelLabel) -> str:
    """One channel's status as mrkdwn lines."""
    schedule = status.schedule + ("" if status.configured else DIGEST_STATUS_NOT_CONFIGURED)
    lines = [DIGEST_STATUS_CHANNEL.format(channel=label(status.channel), schedule=schedule)]
    when = status.next_slot.describe()
    if status.paused_since is not None:
        paused = long_date(status.paused_since)
        lines.append(DIGEST_STATUS_PAUSED.format(when=paused, command=command))
    elif status.next_skipped:
        lines.append(DIGEST_STATUS_NEXT_SKIPPED.format(when=when))
    elif status.next_theme_title:
        pinned = DIGEST_STATUS_PINNED if status.next_pinned else ""
        theme = escape_mrkdwn(status.next_theme_title)
        lines.append(DIGEST_STATUS_NEXT.format(when=when, theme=theme, pinned=pinned))
    if status.progress is not None:
        progress = status.progress
        lines.append(
            DIGEST_STATUS_ROUND.format(
                round=progress.round, used=progress.used, total=progress.total
            )
        )
    if status.recent_posts:
        posts = "; ".join(
            DIGEST_STATUS_POST.format(when=shown.when, theme=escape_mrkdwn(shown.theme_title or ""))
            for shown in status.recent_posts
        )
        lines.append(DIGEST_STATUS_LAST.format(posts=posts))
    else:
        lines.append(DIGEST_STATUS_NO_POSTS)
    for shown in status.in_flight:
        lines.append(DIGEST_STATUS_IN_FLIGHT.format(when=shown.when))
    for pin in status.pins:
        lines.append(
            DIGEST_STATUS_PIN.format(theme=escape_mrkdwn(pin.theme_title), week=long_date(pin.week))
        )
    if status.problems:
        lines.append(DIGEST_STATUS_PROBLEMS)
        for shown in status.problems:
            template = DIGEST_STATUS_MISSED if shown.status == "missed" else DIGEST_STATUS_FAILED
            lines.append("• " + template.format(when=shown.when, why=_reason(shown)))
    return "\n".join(lines)


def status_message(
    statuses: Sequence[ChannelStatus],
    *,
    command: str,
    label: ChannelLabel = slack_channel,
    scopes: frozenset[str] | None = None,
) -> Message:
    """``digest status``: every channel's next slot, recent posts and problems, and,
    when the bot token's ``scopes`` are known and lack the scope to read a channel's
    history, that restarts go by the bot's own record there."""
    blocks: list[Block] = [header(DIGEST_STATUS_TITLE)]
    if not statuses:
        blocks += sections(DIGEST_STATUS_NONE)
    for number, status in enumerate(statuses):
        if number:
            blocks.append(divider())
        lines = channel_status_lines(status, command=command, label=label)
        needed = history_scope(status.channel)
        if scopes is not None and needed not in scopes:
            lines += "\n" + DIGEST_STATUS_NO_HISTORY.format(scope=f"`{needed}`")
        blocks += sections(lines)
    blocks.append(context(DIGEST_STATUS_HINT.format(command=command)))
    return message(blocks, DIGEST_STATUS_TITLE)


def preview_message(
    post: DigestPost, *, when: str, command: str, label: ChannelLabel = slack_channel
) -> Message:
    """``digest preview``: the next post as it will look, and its thread question."""
    note = DIGEST_PREVIEW_NOTE.format(channel=label(post.channel), when=when)
    blocks: list[BlockLike] = [context(note), *digest_blocks(post, command=command)]
    reply = thread_question_message(post.slot_id, post.question)
    if reply is not None:
        blocks += [divider(), context(DIGEST_PREVIEW_THREAD), *reply.blocks]
    return message(blocks, note)
