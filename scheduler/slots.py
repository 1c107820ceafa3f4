"""Scheduled slots: one channel's prompt at one local date and time, as a UTC instant.

A slot is what "exactly once" counts: each (channel, local date and time) is
posted at most once. Times are wall-clock times in the channel's IANA time zone,
so 09:30 Europe/London is 09:30 GMT in winter and 09:30 BST in summer.

Example::

    schedule = ChannelSchedule("C0123TEAM")            # Mondays 09:30 Europe/London
    slot = next_slot(schedule, datetime(2026, 3, 25, tzinfo=UTC))
    slot.id          # 'C0123TEAM/2026-03-30T09:30'
    slot.at          # 2026-03-30 08:30 UTC (British Summer Time began on the 29th)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from index.digest_config import ChannelSchedule
from index.setting_values import week_start

#: Prefix of the slot part of a manual post's id (``scrbot digest post --force``).
MANUAL = "manual"


@dataclass(frozen=True, order=True)
class Slot:
    """One scheduled (or manual) post in one channel.

    ``at`` is the UTC instant; ``local`` the wall-clock time in ``timezone``.
    """

    at: datetime
    channel: str
    local: datetime
    timezone: str
    manual: bool = False

    @property
    def key(self) -> str:
        """The slot within its channel, e.g. ``2026-11-23T09:30``."""
        if self.manual:
            return f"{MANUAL}-{self.at:%Y-%m-%dT%H:%M:%SZ}"
        return f"{self.local:%Y-%m-%dT%H:%M}"

    @property
    def id(self) -> str:
        """The marker put into the Slack message, e.g. ``C0123TEAM/2026-11-23T09:30``."""
        return f"{self.channel}/{self.key}"

    @property
    def week(self) -> date:
        """The Monday of the local week, as in "week of 23 November"."""
        return week_start(self.local.date())

    def describe(self) -> str:
        """E.g. ``"Monday 23 November 2026, 09:30 (Europe/London)"``."""
        return f"{self.local:%A} {self.local.day} {self.local:%B %Y, %H:%M} ({self.timezone})"


def utc_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock ``at`` on ``day`` in ``zone``.

    A time that does not exist on the day the clocks go forward (01:30 in London)
    is read with the offset from before the change, so it happens one hour later
    by the new clock; a time that happens twice when they go back is the first.
    """
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def slot_on(schedule: ChannelSchedule, day: date) -> Slot:
    """The slot at the schedule's time on ``day`` (whatever weekday that is)."""
    zone = schedule.zone
    return Slot(
        at=utc_instant(day, schedule.time, zone),
        channel=schedule.channel,
        local=datetime.combine(day, schedule.time),
        timezone=schedule.timezone,
    )


def manual_slot(channel: str, now: datetime, timezone: str) -> Slot:
    """A slot for an extra post made by hand at ``now``."""
    at = now.astimezone(UTC).replace(microsecond=0)
    local = at.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    return Slot(at=at, channel=channel, local=local, timezone=timezone, manual=True)


def _weekly(schedule: ChannelSchedule, start: date) -> Iterator[Slot]:
    """Slots on the schedule's weekday from the first such day on or after ``start``."""
    day = start + timedelta(days=(schedule.day - start.weekday()) % 7)
    while True:
        yield slot_on(schedule, day)
        day += timedelta(days=7)


def next_slot(schedule: ChannelSchedule, after: datetime) -> Slot:
    """The first slot strictly after the instant ``after``."""
    local_day = after.astimezone(schedule.zone).date() - timedelta(days=1)
    return next(slot for slot in _weekly(schedule, local_day) if slot.at > after)


def latest_slot(schedule: ChannelSchedule, now: datetime) -> Slot:
    """The last slot at or before the instant ``now``."""
    local_day = now.astimezone(schedule.zone).date() - timedelta(days=8)
    latest = None
    for slot in _weekly(schedule, local_day):
        if slot.at > now:
            break
        latest = slot
    assert latest is not None  # eight days back always holds one weekly slot
    return latest


def slots_between(schedule: ChannelSchedule, start: datetime, end: datetime) -> list[Slot]:
    """Slots with ``start < at <= end``, oldest first."""
    found = []
    slot = next_slot(schedule, start)
    while slot.at <= end:
        found.append(slot)
        slot = next_slot(schedule, slot.at)
    return found


def week_slot(schedule: ChannelSchedule, now: datetime) -> Slot:
    """This local week's slot (it may be earlier or later in the week than ``now``)."""
    today = now.astimezone(schedule.zone).date()
    return slot_on(schedule, week_start(today) + timedelta(days=schedule.day))
