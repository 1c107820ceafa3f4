"""An admin's say over the weekly prompt: pauses, skipped slots and pinned themes,
and when the scheduler first saw each channel (slots before then are not missed).

:class:`~index.storage.digest.DigestState` builds on :class:`DigestControls`, so
one object opened for a workspace answers both what happened to each slot and
what the admins asked for.

Example::

    controls = DigestControls(database)
    controls.pause("C0123TEAM", by="U0123ADMIN", now=now)   # False if already paused
    controls.pin("C0123TEAM", date(2026, 11, 30), "disguised-compliance", by=None, now=now)
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update

from index.storage.database import Database
from index.storage.digest_records import ALL_CHANNELS, PinRecord, SlotLike
from index.storage.tables import digest_channels, digest_pins, digest_skips
from index.storage.upsert import insert_or
from index.storage.workspace import SINGLE, Workspace


class DigestControls:
    """The admins' controls over one workspace's weekly prompt: when each channel was
    first seen, pauses, skipped slots and pinned themes."""

    def __init__(self, database: Database, workspace: Workspace = SINGLE) -> None:
        self.database = database
        self.workspace = workspace
        self._team = workspace.team_id

    def _ours(self, table: Any) -> ColumnElement[bool]:
        result: ColumnElement[bool] = table.c.team_id == self._team
        return result

    def _changed(self, statement: Any) -> bool:
        """Run one write in its own transaction; True if it changed exactly one row."""
        with self.database.write() as conn:
            return bool(conn.execute(statement).rowcount == 1)

    def first_seen(self, channel: str, now: datetime) -> datetime:
        """When the scheduler first ran for ``channel`` (recorded now if never before).
        Slots before then were never the bot's to post, so they are not "missed"."""
        with self.database.write() as conn:
            conn.execute(
                insert_or(conn, digest_channels)
                .values(
                    team_id=self._team,
                    enterprise_id=self.workspace.enterprise_id,
                    channel=channel,
                    first_seen=now,
                )
                .on_conflict_do_nothing(index_elements=["team_id", "channel"])
            )
            found: datetime | None = conn.execute(
                select(digest_channels.c.first_seen).where(
                    self._ours(digest_channels), digest_channels.c.channel == channel
                )
            ).scalar()
        return found or now

    def known_since(self, channel: str) -> datetime | None:
        """When the scheduler first ran for ``channel``, or None if it never has."""
        with self.database.read() as conn:
            found: datetime | None = conn.execute(
                select(digest_channels.c.first_seen).where(
                    self._ours(digest_channels), digest_channels.c.channel == channel
                )
            ).scalar()
        return found

    def pause(self, channel: str, *, by: str | None, now: datetime) -> bool:
        """Pause the channel's prompt; False if it was already paused."""
        self.first_seen(channel, now)
        return self._changed(
            update(digest_channels)
            .where(
                self._ours(digest_channels),
                digest_channels.c.channel == channel,
                digest_channels.c.paused_at.is_(None),
            )
            .values(paused_at=now, paused_by=by)
        )

    def resume(self, channel: str) -> bool:
        """Resume a paused channel; False if it was not paused."""
        return self._changed(
            update(digest_channels)
            .where(
                self._ours(digest_channels),
                digest_channels.c.channel == channel,
                digest_channels.c.paused_at.is_not(None),
            )
            .values(paused_at=None, paused_by=None)
        )

    def paused(self, channel: str) -> tuple[datetime, str | None] | None:
        """When and by whom the channel was paused, or None if it is running."""
        with self.database.read() as conn:
            row = conn.execute(
                select(digest_channels.c.paused_at, digest_channels.c.paused_by).where(
                    self._ours(digest_channels),
                    digest_channels.c.channel == channel,
                    digest_channels.c.paused_at.is_not(None),
                )
            ).first()
        return (row.paused_at, row.paused_by) if row else None

    def skip(self, slot: SlotLike, *, by: str | None, now: datetime) -> bool:
        """Ask for ``slot`` not to be posted; False if it was already skipped."""
        with self.database.write() as conn:
            statement = (
                insert_or(conn, digest_skips)
                .values(
                    team_id=self._team,
                    enterprise_id=self.workspace.enterprise_id,
                    channel=slot.channel,
                    slot=slot.key,
                    skipped_by=by,
                    skipped_at=now,
                )
                .on_conflict_do_nothing(index_elements=["team_id", "channel", "slot"])
            )
            return conn.execute(statement.returning(digest_skips.c.slot)).first() is not None

    def is_skipped(self, slot: SlotLike) -> bool:
        with self.database.read() as conn:
            found = conn.execute(
                select(digest_skips.c.slot).where(
                    self._ours(digest_skips),
                    digest_skips.c.channel == slot.channel,
                    digest_skips.c.slot == slot.key,
                )
            ).first()
        return found is not None

    def pin(self, channel: str, week: date, theme: str, *, by: str | None, now: datetime) -> None:
        """Choose ``theme`` for the week starting ``week`` in ``channel`` (or
        :data:`ALL_CHANNELS`), replacing any earlier pin for that week."""
        with self.database.write() as conn:
            statement = insert_or(conn, digest_pins).values(
                team_id=self._team,
                enterprise_id=self.workspace.enterprise_id,
                channel=channel,
                week=week,
                theme=theme,
                pinned_by=by,
                pinned_at=now,
            )
            conn.execute(
                statement.on_conflict_do_update(
                    index_elements=["team_id", "channel", "week"],
                    set_={
                        "theme": statement.excluded.theme,
                        "pinned_by": statement.excluded.pinned_by,
                        "pinned_at": statement.excluded.pinned_at,
                    },
                )
            )

    def pins(self, channel: str, since: date | None = None) -> list[PinRecord]:
        """Pins for ``channel`` (and for every channel), from the week ``since`` on."""
        with self.database.read() as conn:
            rows = conn.execute(
                select(digest_pins)
                .where(
                    self._ours(digest_pins),
                    digest_pins.c.channel.in_((channel, ALL_CHANNELS)),
                    digest_pins.c.week >= (since or date.min),
                )
                .order_by(digest_pins.c.week, digest_pins.c.channel)
            ).all()
        return [PinRecord(row.channel, row.week, row.theme, row.pinned_by) for row in rows]
