"""Where each channel's weekly prompt stands: next slot and theme, recent posts,
missed or failed slots, pauses and pins — as plain data for ``digest status``.

Example::

    for channel in digest_status(runner):
        channel.schedule, channel.next_slot.describe(), channel.next_theme_title
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from index.storage.digest_records import CLAIMED, FAILED, MISSED, POSTED, SlotRecord
from scheduler.post import NothingToPost
from scheduler.rotation import Progress, progress
from scheduler.runner import DigestRunner
from scheduler.slots import Slot

#: How many recent posts and problems the status shows per channel.
RECENT = 5


@dataclass(frozen=True)
class ShownSlot:
    """A recorded slot as the status shows it: when, which theme, what happened."""

    when: str
    status: str
    theme_title: str | None
    ts: str | None
    #: Slack's error code when it refused (e.g. ``not_in_channel``), else None.
    code: str | None
    why: str | None


@dataclass(frozen=True)
class PinShown:
    week: date
    theme: str
    theme_title: str
    origin: str  # "config" or "command"


@dataclass(frozen=True)
class ChannelStatus:
    """One channel's weekly prompt, as ``digest status`` shows it."""

    channel: str
    schedule: str
    configured: bool
    next_slot: Slot
    next_theme: str | None
    next_theme_title: str | None
    next_pinned: bool
    next_skipped: bool
    paused_since: datetime | None
    progress: Progress | None
    recent_posts: tuple[ShownSlot, ...]
    problems: tuple[ShownSlot, ...]
    in_flight: tuple[ShownSlot, ...]
    pins: tuple[PinShown, ...]


def channel_status(runner: DigestRunner, channel: str) -> ChannelStatus:
    """The status of one channel (configured or not)."""
    state, knowledge = runner.state, runner.knowledge
    schedule = runner.schedule(channel)
    slot = runner.upcoming(channel)
    try:
        choice = runner.choice_for(slot)
        theme, pinned = choice.theme, choice.pinned
    except NothingToPost:
        theme, pinned = None, False
    history = state.history(channel)
    paused = state.paused(channel)
    pins = [
        PinShown(p.week, p.theme, _title(runner, p.theme), "command")
        for p in state.pins(channel, slot.week)
    ]
    pins += [
        PinShown(p.week, p.theme, _title(runner, p.theme), "config")
        for p in runner.config.pins
        if p.channel in (None, channel) and p.week >= slot.week
    ]
    return ChannelStatus(
        channel=channel,
        schedule=schedule.describe(),
        configured=runner.config.schedule_for(channel) is not None,
        next_slot=slot,
        next_theme=theme,
        next_theme_title=_title(runner, theme) if theme else None,
        next_pinned=pinned,
        next_skipped=state.is_skipped(slot),
        paused_since=paused[0] if paused else None,
        progress=progress(knowledge, history) if knowledge.themes else None,
        recent_posts=_shown(runner, state.recent(channel, RECENT, (POSTED,))),
        problems=_shown(runner, state.recent(channel, RECENT, (MISSED, FAILED))),
        in_flight=_shown(runner, state.recent(channel, RECENT, (CLAIMED,))),
        pins=tuple(sorted(pins, key=lambda p: p.week)),
    )


def digest_status(runner: DigestRunner) -> list[ChannelStatus]:
    """The status of every configured channel, in config order."""
    return [channel_status(runner, schedule.channel) for schedule in runner.config.channels]


def _shown(runner: DigestRunner, records: list[SlotRecord]) -> tuple[ShownSlot, ...]:
    return tuple(
        ShownSlot(
            when=runner.slot_of(record).describe(),
            status=record.status,
            theme_title=_title(runner, record.theme) if record.theme else None,
            ts=record.ts,
            code=_split(record.error)[0],
            why=_split(record.error)[1],
        )
        for record in records
    )


def _split(error: str | None) -> tuple[str | None, str | None]:
    # A failure is stored as "<code>: <why>"; a missed slot as the why alone.
    if not error:
        return None, None
    code, sep, why = error.partition(": ")
    if sep and code and " " not in code:
        return code, why
    return None, error


def _title(runner: DigestRunner, theme_id: str) -> str:
    theme = runner.knowledge.themes.get(theme_id)
    return theme.title if theme else f"{theme_id} (no longer in the knowledge)"
