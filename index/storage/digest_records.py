"""The weekly prompt's records as the storage layer gives them: a slot's statuses,
what the database holds for a slot and a pin, and what a theme's use was."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.engine import RowMapping

CLAIMED, POSTED, MISSED, FAILED, SKIPPED, PAUSED = (
    "claimed",
    "posted",
    "missed",
    "failed",
    "skipped",
    "paused",
)
#: Statuses whose theme counts as used in the rotation.
USED = (CLAIMED, POSTED)
#: A pin or pause written for every channel rather than one.
ALL_CHANNELS = "*"
#: Slots posted by hand (``scrbot digest post --force``) have keys starting so.
MANUAL_PREFIX = "manual-"


class SlotLike(Protocol):
    """A weekly slot (:class:`scheduler.slots.Slot`): its channel, key and due time."""

    @property
    def channel(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def at(self) -> datetime: ...


class ChoiceLike(Protocol):
    """The theme chosen for a slot (:class:`scheduler.rotation.Choice`)."""

    @property
    def theme(self) -> str: ...
    @property
    def example(self) -> str: ...
    @property
    def round(self) -> int: ...
    @property
    def pinned(self) -> bool: ...


@dataclass(frozen=True)
class Use:
    """A theme a channel has had (or has claimed): its example and its round."""

    theme: str
    example: str | None
    round: int


@dataclass(frozen=True)
class SlotRecord:
    """What the database holds for one channel and slot."""

    channel: str
    slot: str
    scheduled_at: datetime
    status: str
    theme: str | None = None
    example: str | None = None
    round: int | None = None
    pinned: bool = False
    claimed_at: datetime | None = None
    claimed_by: str | None = None
    lease_until: datetime | None = None
    attempts: int = 0
    posted_at: datetime | None = None
    ts: str | None = None
    error: str | None = None

    @property
    def slot_id(self) -> str:
        """The marker in the Slack message, e.g. ``C0123TEAM/2026-11-23T09:30``."""
        return f"{self.channel}/{self.slot}"

    @classmethod
    def from_row(cls, row: RowMapping) -> SlotRecord:
        return cls(
            channel=row["channel"],
            slot=row["slot"],
            scheduled_at=row["scheduled_at"],
            status=row["status"],
            theme=row["theme"],
            example=row["example"],
            round=row["round"],
            pinned=bool(row["pinned"]),
            claimed_at=row["claimed_at"],
            claimed_by=row["claimed_by"],
            lease_until=row["lease_until"],
            attempts=row["attempts"],
            posted_at=row["posted_at"],
            ts=row["ts"],
            error=row["error"],
        )


@dataclass(frozen=True)
class PinRecord:
    channel: str
    week: date
    theme: str
    pinned_by: str | None
