"""The weekly prompt's exactly-once record: each slot's claim and what became of it.

One row per channel and slot says what happened to it: ``claimed`` (a process
is posting it), ``posted`` (with the message ts), ``missed`` (the bot was down
past the grace period), ``failed`` (Slack refused, or kept failing), ``skipped``
or ``paused`` (an admin said so). A slot is claimed with one
``INSERT … ON CONFLICT … DO UPDATE … WHERE status IN (…) RETURNING`` before
anything is posted, so of any number of processes only one gets a row back;
the claim carries a lease, renewed while its owner is working, so a claim whose
owner crashed can be found and resolved later.

Every row belongs to one workspace: a :class:`DigestState` is opened for one
(:data:`~index.storage.workspace.SINGLE` with a bot token). It also holds the
admins' pauses, skips and pins (:mod:`index.storage.digest_controls`); the
records it gives are in :mod:`index.storage.digest_records`.

Example::

    state = DigestState(database)
    record = state.claim(slot, owner="host:123", now=now, lease=timedelta(minutes=5),
                         choose=lambda history: choose_next(kb, history))
    if record:                       # we won the claim: post, then confirm
        state.confirm(record, owner="host:123", ts="1700000000.000100", now=now)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.engine import Connection

from index.storage.digest_controls import DigestControls
from index.storage.digest_records import (
    CLAIMED,
    FAILED,
    MANUAL_PREFIX,
    POSTED,
    USED,
    ChoiceLike,
    SlotLike,
    SlotRecord,
    Use,
)
from index.storage.tables import digest_slots
from index.storage.upsert import insert_or


class DigestState(DigestControls):
    """The digest tables of one workspace: the slots' claims, and the admins'
    controls it inherits."""

    def _slot_row(self, channel: str, slot: str) -> ColumnElement[bool]:
        return and_(
            self._ours(digest_slots), digest_slots.c.channel == channel, digest_slots.c.slot == slot
        )

    def _update_claim(self, record: SlotRecord, claimed_by: str | None, **changes: Any) -> bool:
        """Apply ``changes`` to ``record``'s row if it is still claimed by
        ``claimed_by``; False if it is not (any more)."""
        return self._changed(
            update(digest_slots)
            .where(
                self._slot_row(record.channel, record.slot),
                digest_slots.c.status == CLAIMED,
                digest_slots.c.claimed_by.is_not_distinct_from(claimed_by),
            )
            .values(**changes)
        )

    # -- reading -------------------------------------------------------------

    def get(self, channel: str, slot: str) -> SlotRecord | None:
        with self.database.read() as conn:
            row = conn.execute(select(digest_slots).where(self._slot_row(channel, slot))).first()
        return SlotRecord.from_row(row._mapping) if row else None

    def recent(
        self, channel: str, limit: int = 10, statuses: Iterable[str] = ()
    ) -> list[SlotRecord]:
        """The channel's latest slots, newest first (only ``statuses``, if given)."""
        wanted = tuple(statuses)
        query = select(digest_slots).where(
            self._ours(digest_slots), digest_slots.c.channel == channel
        )
        if wanted:
            query = query.where(digest_slots.c.status.in_(wanted))
        query = query.order_by(
            digest_slots.c.scheduled_at.desc(), digest_slots.c.claimed_at.desc().nulls_last()
        ).limit(limit)
        with self.database.read() as conn:
            return [SlotRecord.from_row(row._mapping) for row in conn.execute(query)]

    def latest_scheduled(self, channel: str) -> datetime | None:
        """When the channel's latest recorded scheduled (not manual) slot was due."""
        with self.database.read() as conn:
            latest: datetime | None = conn.execute(
                select(func.max(digest_slots.c.scheduled_at)).where(
                    self._ours(digest_slots),
                    digest_slots.c.channel == channel,
                    digest_slots.c.slot.not_like(f"{MANUAL_PREFIX}%"),
                )
            ).scalar()
        return latest

    def week_taken(self, channel: str, week: date, *, other_than: str) -> bool:
        """Whether another scheduled slot of ``channel`` in the week starting ``week``
        was posted or claimed (e.g. before the configured day was changed)."""
        with self.database.read() as conn:
            found = conn.execute(
                select(digest_slots.c.slot)
                .where(
                    self._ours(digest_slots),
                    digest_slots.c.channel == channel,
                    digest_slots.c.slot >= week.isoformat(),
                    digest_slots.c.slot < (week + timedelta(days=7)).isoformat(),
                    digest_slots.c.slot != other_than,
                    digest_slots.c.slot.not_like(f"{MANUAL_PREFIX}%"),
                    digest_slots.c.status.in_(USED),
                )
                .limit(1)
            ).first()
        return found is not None

    def history(self, channel: str, conn: Connection | None = None) -> list[Use]:
        """Themes the channel has had or has claimed, oldest first: the rotation's memory."""
        query = (
            select(digest_slots.c.theme, digest_slots.c.example, digest_slots.c.round)
            .where(
                self._ours(digest_slots),
                digest_slots.c.channel == channel,
                digest_slots.c.status.in_(USED),
                digest_slots.c.theme.is_not(None),
            )
            .order_by(digest_slots.c.scheduled_at, digest_slots.c.claimed_at.asc().nulls_first())
        )
        if conn is None:
            with self.database.read() as reading:
                rows = reading.execute(query).all()
        else:
            rows = conn.execute(query).all()
        return [Use(row.theme, row.example, row.round or 1) for row in rows]

    def abandoned(self, channel: str, now: datetime) -> list[SlotRecord]:
        """Claims whose lease ran out: the process posting them stopped mid-way."""
        with self.database.read() as conn:
            rows = conn.execute(
                select(digest_slots)
                .where(
                    self._ours(digest_slots),
                    digest_slots.c.channel == channel,
                    digest_slots.c.status == CLAIMED,
                    digest_slots.c.lease_until < now,
                )
                .order_by(digest_slots.c.scheduled_at)
            ).all()
        return [SlotRecord.from_row(row._mapping) for row in rows]

    def posted_since(self, since: date) -> list[tuple[datetime, str]]:
        """(when, theme) of each prompt posted in any channel since ``since``, oldest first."""
        with self.database.read() as conn:
            rows = conn.execute(
                select(digest_slots.c.posted_at, digest_slots.c.theme)
                .where(
                    self._ours(digest_slots),
                    digest_slots.c.status == POSTED,
                    digest_slots.c.theme.is_not(None),
                    digest_slots.c.posted_at.is_not(None),
                    digest_slots.c.posted_at >= _midnight(since),
                )
                .order_by(digest_slots.c.posted_at)
            ).all()
        return [(row.posted_at, row.theme) for row in rows]

    # -- the exactly-once claim ---------------------------------------------

    def claim(
        self,
        slot: SlotLike,
        *,
        owner: str,
        now: datetime,
        lease: timedelta,
        choose: Callable[[list[Use]], ChoiceLike],
        allow_from: Iterable[str] = (),
    ) -> SlotRecord | None:
        """Claim ``slot`` for ``owner`` and record the theme ``choose`` picks from the
        channel's history; None when the slot is already taken.

        A slot with no row is free; one whose status is in ``allow_from`` (e.g.
        ``missed`` when an admin posts by hand) may be claimed again. The decision
        is the database's, in one statement: an insert that, on a conflict, updates
        only a row whose status is allowed, and returns the row only if it wrote it.
        """
        allowed = tuple(allow_from)
        with self.database.write() as conn:
            choice = choose(self.history(slot.channel, conn))
            values = {
                "team_id": self._team,
                "enterprise_id": self.workspace.enterprise_id,
                "channel": slot.channel,
                "slot": slot.key,
                "scheduled_at": slot.at,
                "status": CLAIMED,
                "theme": choice.theme,
                "example": choice.example,
                "round": choice.round,
                "pinned": bool(choice.pinned),
                "claimed_at": now,
                "claimed_by": owner,
                "lease_until": now + lease,
                "attempts": 0,
                "posted_at": None,
                "ts": None,
                "error": None,
                "updated_at": now,
            }
            statement = insert_or(conn, digest_slots).values(**values)
            key = ("team_id", "channel", "slot")
            if allowed:
                statement = statement.on_conflict_do_update(
                    index_elements=list(key),
                    set_={name: statement.excluded[name] for name in values if name not in key},
                    where=digest_slots.c.status.in_(allowed),
                )
            else:
                statement = statement.on_conflict_do_nothing(index_elements=list(key))
            row = conn.execute(statement.returning(*digest_slots.c)).first()
        return SlotRecord.from_row(row._mapping) if row else None

    def renew(
        self,
        record: SlotRecord,
        *,
        owner: str,
        now: datetime,
        until: datetime,
        attempt: bool = True,
    ) -> bool:
        """Extend ``owner``'s claim to ``until`` (counting an attempt, if ``attempt``);
        False if it is no longer theirs (another process resolved it)."""
        return self._update_claim(
            record,
            owner,
            lease_until=until,
            attempts=digest_slots.c.attempts + int(attempt),
            updated_at=now,
        )

    def take_over(
        self, record: SlotRecord, *, owner: str, now: datetime, lease: timedelta
    ) -> SlotRecord | None:
        """Take an abandoned claim (lease expired) so that only one process resolves it."""
        with self.database.write() as conn:
            row = conn.execute(
                update(digest_slots)
                .where(
                    self._slot_row(record.channel, record.slot),
                    digest_slots.c.status == CLAIMED,
                    digest_slots.c.claimed_by.is_not_distinct_from(record.claimed_by),
                    digest_slots.c.lease_until < now,
                )
                .values(claimed_by=owner, lease_until=now + lease, updated_at=now)
                .returning(*digest_slots.c)
            ).first()
        return SlotRecord.from_row(row._mapping) if row else None

    def confirm(self, record: SlotRecord, *, owner: str, ts: str, now: datetime) -> bool:
        """Record that the slot was posted as message ``ts``."""
        return self._update_claim(
            record,
            owner,
            status=POSTED,
            ts=ts,
            error=None,
            posted_at=now,
            lease_until=None,
            updated_at=now,
        )

    def fail(
        self, record: SlotRecord, *, owner: str, error: str, now: datetime, status: str = FAILED
    ) -> bool:
        """Record that the slot could not be posted (``failed``, or ``missed`` when its
        grace period ran out), with the reason."""
        return self._update_claim(
            record, owner, status=status, error=error, lease_until=None, updated_at=now
        )

    def mark(self, slot: SlotLike, status: str, *, now: datetime, error: str | None = None) -> bool:
        """Record a slot that will not be posted (missed, skipped, paused), unless the
        slot already has a row. True if this call wrote it."""
        with self.database.write() as conn:
            statement = (
                insert_or(conn, digest_slots)
                .values(
                    team_id=self._team,
                    enterprise_id=self.workspace.enterprise_id,
                    channel=slot.channel,
                    slot=slot.key,
                    scheduled_at=slot.at,
                    status=status,
                    error=error,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=["team_id", "channel", "slot"])
            )
            return conn.execute(statement.returning(digest_slots.c.slot)).first() is not None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)
