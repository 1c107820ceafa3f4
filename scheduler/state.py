"""The weekly prompt's exactly-once record, kept in the shared SQLite state file.

One row per channel and slot says what happened to it: ``claimed`` (a process
is posting it), ``posted`` (with the message ts), ``missed`` (the bot was down
past the grace period), ``failed`` (Slack refused, or kept failing), ``skipped``
or ``paused`` (an admin said so). A slot is claimed inside ``BEGIN IMMEDIATE``
before anything is posted, so of two processes (or threads) only one can claim
it; the claim carries a lease, renewed while its owner is working, so a claim
whose owner crashed can be found and resolved later.

Example::

    state = DigestState(Store("var/scrbot.sqlite3"))
    record = state.claim(slot, owner="host:123", now=now, lease=timedelta(minutes=5),
                         choose=lambda history: choose_next(kb, history))
    if record:                       # we won the claim: post, then confirm
        state.confirm(record, owner="host:123", ts="1700000000.000100", now=now)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from index.store import Store
from scheduler.rotation import Choice, Use
from scheduler.slots import Slot

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

TABLES = (
    """CREATE TABLE IF NOT EXISTS digest_slots (
        channel TEXT NOT NULL,
        slot TEXT NOT NULL,
        scheduled_at TEXT NOT NULL,
        status TEXT NOT NULL,
        theme TEXT,
        example TEXT,
        round INTEGER,
        pinned INTEGER NOT NULL DEFAULT 0,
        claimed_at TEXT,
        claimed_by TEXT,
        lease_until TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        posted_at TEXT,
        ts TEXT,
        error TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (channel, slot)
    )""",
    "CREATE INDEX IF NOT EXISTS digest_slots_by_time ON digest_slots (channel, scheduled_at)",
    """CREATE TABLE IF NOT EXISTS digest_channels (
        channel TEXT PRIMARY KEY,
        first_seen TEXT NOT NULL,
        paused_at TEXT,
        paused_by TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS digest_pins (
        channel TEXT NOT NULL,
        week TEXT NOT NULL,
        theme TEXT NOT NULL,
        pinned_by TEXT,
        pinned_at TEXT NOT NULL,
        PRIMARY KEY (channel, week)
    )""",
    """CREATE TABLE IF NOT EXISTS digest_skips (
        channel TEXT NOT NULL,
        slot TEXT NOT NULL,
        skipped_by TEXT,
        skipped_at TEXT NOT NULL,
        PRIMARY KEY (channel, slot)
    )""",
)


def _text(moment: datetime) -> str:
    # One fixed format in UTC, so text order is time order in SQL comparisons.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _moment(text: str | None) -> datetime | None:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC) if text else None


@dataclass(frozen=True)
class SlotRecord:
    """What the state file holds for one channel and slot."""

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
    def from_row(cls, row: sqlite3.Row) -> SlotRecord:
        return cls(
            channel=row["channel"],
            slot=row["slot"],
            scheduled_at=_moment(row["scheduled_at"]) or datetime.min.replace(tzinfo=UTC),
            status=row["status"],
            theme=row["theme"],
            example=row["example"],
            round=row["round"],
            pinned=bool(row["pinned"]),
            claimed_at=_moment(row["claimed_at"]),
            claimed_by=row["claimed_by"],
            lease_until=_moment(row["lease_until"]),
            attempts=row["attempts"],
            posted_at=_moment(row["posted_at"]),
            ts=row["ts"],
            error=row["error"],
        )


@dataclass(frozen=True)
class PinRecord:
    channel: str
    week: date
    theme: str
    pinned_by: str | None


class DigestState:
    """The digest tables in a shared :class:`index.store.Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        store.ensure_tables(TABLES)

    def _changed_one(self, sql: str, params: Sequence[object]) -> bool:
        """Run one write in its own transaction; True if it changed exactly one row."""
        with self.store.transaction() as conn:
            return conn.execute(sql, tuple(params)).rowcount == 1

    def _update_claim(
        self, record: SlotRecord, claimed_by: str | None, changes: str, values: Sequence[object]
    ) -> bool:
        """Apply ``changes`` (``SET`` assignments, with ``values``) to ``record``'s row
        if it is still claimed by ``claimed_by``; False if it is not (any more)."""
        return self._changed_one(
            f"UPDATE digest_slots SET {changes} "
            "WHERE channel = ? AND slot = ? AND status = ? AND claimed_by IS ?",
            (*values, record.channel, record.slot, CLAIMED, claimed_by),
        )

    # -- reading -------------------------------------------------------------

    def get(self, channel: str, slot: str) -> SlotRecord | None:
        rows = self.store.query(
            "SELECT * FROM digest_slots WHERE channel = ? AND slot = ?", (channel, slot)
        )
        return SlotRecord.from_row(rows[0]) if rows else None

    def recent(
        self, channel: str, limit: int = 10, statuses: Iterable[str] = ()
    ) -> list[SlotRecord]:
        """The channel's latest slots, newest first (only ``statuses``, if given)."""
        wanted = tuple(statuses)
        where = f" AND status IN ({', '.join('?' * len(wanted))})" if wanted else ""
        rows = self.store.query(
            f"SELECT * FROM digest_slots WHERE channel = ?{where} "
            "ORDER BY scheduled_at DESC, claimed_at DESC LIMIT ?",
            (channel, *wanted, limit),
        )
        return [SlotRecord.from_row(row) for row in rows]

    def latest_scheduled(self, channel: str) -> datetime | None:
        """When the channel's latest recorded scheduled (not manual) slot was due."""
        rows = self.store.query(
            "SELECT MAX(scheduled_at) AS latest FROM digest_slots "
            "WHERE channel = ? AND slot NOT LIKE 'manual-%'",
            (channel,),
        )
        return _moment(rows[0]["latest"]) if rows else None

    def week_taken(self, channel: str, week: date, *, other_than: str) -> bool:
        """Whether another scheduled slot of ``channel`` in the week starting ``week``
        was posted or claimed (e.g. before the configured day was changed)."""
        rows = self.store.query(
            "SELECT 1 FROM digest_slots WHERE channel = ? AND slot >= ? AND slot < ? "
            "AND slot != ? AND slot NOT LIKE 'manual-%' AND status IN (?, ?) LIMIT 1",
            (
                channel,
                week.isoformat(),
                (week + timedelta(days=7)).isoformat(),
                other_than,
                *USED,
            ),
        )
        return bool(rows)

    def history(self, channel: str, conn: sqlite3.Connection | None = None) -> list[Use]:
        """Themes the channel has had or has claimed, oldest first: the rotation's memory."""
        sql = (
            "SELECT theme, example, round FROM digest_slots WHERE channel = ? AND status IN (?, ?) "
            "AND theme IS NOT NULL ORDER BY scheduled_at, claimed_at"
        )
        params = (channel, *USED)
        rows = conn.execute(sql, params).fetchall() if conn else self.store.query(sql, params)
        return [Use(row["theme"], row["example"], row["round"] or 1) for row in rows]

    def abandoned(self, channel: str, now: datetime) -> list[SlotRecord]:
        """Claims whose lease ran out: the process posting them stopped mid-way."""
        rows = self.store.query(
            "SELECT * FROM digest_slots WHERE channel = ? AND status = ? AND lease_until < ? "
            "ORDER BY scheduled_at",
            (channel, CLAIMED, _text(now)),
        )
        return [SlotRecord.from_row(row) for row in rows]

    # -- the exactly-once claim ---------------------------------------------

    def claim(
        self,
        slot: Slot,
        *,
        owner: str,
        now: datetime,
        lease: timedelta,
        choose: Callable[[list[Use]], Choice],
        allow_from: Iterable[str] = (),
    ) -> SlotRecord | None:
        """Claim ``slot`` for ``owner`` and record the theme ``choose`` picks from the
        channel's history; None when the slot is already taken.

        A slot with no row is free; one whose status is in ``allow_from`` (e.g.
        ``missed`` when an admin posts by hand) may be claimed again. The check
        and the write happen in one ``BEGIN IMMEDIATE`` transaction, which holds
        the file's write lock, so two processes can never both claim a slot.
        """
        allowed = tuple(allow_from)
        with self.store.transaction() as conn:
            row = conn.execute(
                "SELECT status FROM digest_slots WHERE channel = ? AND slot = ?",
                (slot.channel, slot.key),
            ).fetchone()
            if row is not None and row["status"] not in allowed:
                return None
            choice = choose(self.history(slot.channel, conn))
            values = {
                "channel": slot.channel,
                "slot": slot.key,
                "scheduled_at": _text(slot.at),
                "status": CLAIMED,
                "theme": choice.theme,
                "example": choice.example,
                "round": choice.round,
                "pinned": int(choice.pinned),
                "claimed_at": _text(now),
                "claimed_by": owner,
                "lease_until": _text(now + lease),
                "attempts": 0,
                "posted_at": None,
                "ts": None,
                "error": None,
                "updated_at": _text(now),
            }
            columns = ", ".join(values)
            marks = ", ".join("?" * len(values))
            # REPLACE only when re-claiming an allowed row; a plain INSERT fails
            # on the primary key if another writer got in first.
            verb = "INSERT OR REPLACE" if row is not None else "INSERT"
            conn.execute(
                f"{verb} INTO digest_slots ({columns}) VALUES ({marks})", tuple(values.values())
            )
        return self.get(slot.channel, slot.key)

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
            "lease_until = ?, attempts = attempts + ?, updated_at = ?",
            (_text(until), int(attempt), _text(now)),
        )

    def take_over(
        self, record: SlotRecord, *, owner: str, now: datetime, lease: timedelta
    ) -> SlotRecord | None:
        """Take an abandoned claim (lease expired) so that only one process resolves it."""
        taken = self._changed_one(
            "UPDATE digest_slots SET claimed_by = ?, lease_until = ?, updated_at = ? "
            "WHERE channel = ? AND slot = ? AND status = ? AND claimed_by IS ? "
            "AND lease_until < ?",
            (
                owner,
                _text(now + lease),
                _text(now),
                record.channel,
                record.slot,
                CLAIMED,
                record.claimed_by,
                _text(now),
            ),
        )
        return self.get(record.channel, record.slot) if taken else None

    def confirm(self, record: SlotRecord, *, owner: str, ts: str, now: datetime) -> bool:
        """Record that the slot was posted as message ``ts``."""
        return self._finish(record, owner, POSTED, now, ts=ts)

    def fail(
        self, record: SlotRecord, *, owner: str, error: str, now: datetime, status: str = FAILED
    ) -> bool:
        """Record that the slot could not be posted (``failed``, or ``missed`` when its
        grace period ran out), with the reason."""
        return self._finish(record, owner, status, now, error=error)

    def _finish(
        self,
        record: SlotRecord,
        owner: str,
        status: str,
        now: datetime,
        *,
        ts: str | None = None,
        error: str | None = None,
    ) -> bool:
        return self._update_claim(
            record,
            owner,
            "status = ?, ts = COALESCE(?, ts), error = ?, "
            "posted_at = CASE WHEN ? = 'posted' THEN ? ELSE posted_at END, "
            "lease_until = NULL, updated_at = ?",
            (status, ts, error, status, _text(now), _text(now)),
        )

    def mark(self, slot: Slot, status: str, *, now: datetime, error: str | None = None) -> bool:
        """Record a slot that will not be posted (missed, skipped, paused), unless the
        slot already has a row. True if this call wrote it."""
        return self._changed_one(
            "INSERT OR IGNORE INTO digest_slots (channel, slot, scheduled_at, status, error, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (slot.channel, slot.key, _text(slot.at), status, error, _text(now)),
        )

    # -- channels, pauses, skips and pins -------------------------------------

    def first_seen(self, channel: str, now: datetime) -> datetime:
        """When the scheduler first ran for ``channel`` (recorded now if never before).
        Slots before then were never the bot's to post, so they are not "missed"."""
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO digest_channels (channel, first_seen) VALUES (?, ?)",
                (channel, _text(now)),
            )
            row = conn.execute(
                "SELECT first_seen FROM digest_channels WHERE channel = ?", (channel,)
            ).fetchone()
        return _moment(row["first_seen"]) or now

    def known_since(self, channel: str) -> datetime | None:
        """When the scheduler first ran for ``channel``, or None if it never has."""
        rows = self.store.query(
            "SELECT first_seen FROM digest_channels WHERE channel = ?", (channel,)
        )
        return _moment(rows[0]["first_seen"]) if rows else None

    def pause(self, channel: str, *, by: str | None, now: datetime) -> bool:
        """Pause the channel's prompt; False if it was already paused."""
        self.first_seen(channel, now)
        return self._changed_one(
            "UPDATE digest_channels SET paused_at = ?, paused_by = ? "
            "WHERE channel = ? AND paused_at IS NULL",
            (_text(now), by, channel),
        )

    def resume(self, channel: str) -> bool:
        """Resume a paused channel; False if it was not paused."""
        return self._changed_one(
            "UPDATE digest_channels SET paused_at = NULL, paused_by = NULL "
            "WHERE channel = ? AND paused_at IS NOT NULL",
            (channel,),
        )

    def paused(self, channel: str) -> tuple[datetime, str | None] | None:
        """When and by whom the channel was paused, or None if it is running."""
        rows = self.store.query(
            "SELECT paused_at, paused_by FROM digest_channels "
            "WHERE channel = ? AND paused_at IS NOT NULL",
            (channel,),
        )
        if not rows:
            return None
        return _moment(rows[0]["paused_at"]) or datetime.now(UTC), rows[0]["paused_by"]

    def skip(self, slot: Slot, *, by: str | None, now: datetime) -> bool:
        """Ask for ``slot`` not to be posted; False if it was already skipped."""
        return self._changed_one(
            "INSERT OR IGNORE INTO digest_skips (channel, slot, skipped_by, skipped_at) "
            "VALUES (?, ?, ?, ?)",
            (slot.channel, slot.key, by, _text(now)),
        )

    def is_skipped(self, slot: Slot) -> bool:
        return bool(
            self.store.query(
                "SELECT 1 FROM digest_skips WHERE channel = ? AND slot = ?",
                (slot.channel, slot.key),
            )
        )

    def pin(self, channel: str, week: date, theme: str, *, by: str | None, now: datetime) -> None:
        """Choose ``theme`` for the week starting ``week`` in ``channel`` (or
        :data:`ALL_CHANNELS`), replacing any earlier pin for that week."""
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO digest_pins (channel, week, theme, pinned_by, pinned_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (channel, week.isoformat(), theme, by, _text(now)),
            )

    def pins(self, channel: str, since: date | None = None) -> list[PinRecord]:
        """Pins for ``channel`` (and for every channel), from the week ``since`` on."""
        rows = self.store.query(
            "SELECT * FROM digest_pins WHERE channel IN (?, ?) AND week >= ? "
            "ORDER BY week, channel",
            (channel, ALL_CHANNELS, (since or date.min).isoformat()),
        )
        return [
            PinRecord(
                row["channel"], date.fromisoformat(row["week"]), row["theme"], row["pinned_by"]
            )
            for row in rows
        ]
