"""Which process leads: one scheduler posts the weekly prompt, the others stand by.

Two ways to hold the lead, the same to use (:class:`LeaderLock`):

- :class:`AdvisoryLock` on PostgreSQL: a session-level advisory lock held on a
  connection kept for it alone. When the leader dies, however it dies, its
  connection closes and the server frees the lock at once.
- :class:`LeaseLock` anywhere (used with SQLite): a row in ``leader_lease`` whose
  ``expires_at`` the leader pushes forward on the database's clock; another
  process may take the row only once it has expired. Taking and renewing are one
  upsert, so two processes can never both hold it.

A process calls :meth:`LeaderLock.try_lead` every few seconds: True means it
leads (and has kept or renewed the lead), False that another does or that the
lead was lost. Leading decides who *runs* the jobs; each post is still claimed
exactly once (:mod:`index.storage.digest`), so even two leaders for a moment
(a partitioned network) would not post twice.

Example::

    lock = leader_lock(database, role="scheduler", holder="host:1234")
    if lock.try_lead():
        ...                      # run the jobs; call try_lead() again within the lease
    lock.release()
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any, Protocol

from sqlalchemy import case, delete, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from index.storage.database import Database
from index.storage.errors import StorageError
from index.storage.moments import database_later, database_now
from index.storage.tables import leader_lease
from index.storage.upsert import insert_or

log = logging.getLogger(__name__)

#: How long a lease lasts without renewal. With a check every
#: :data:`CHECK_EVERY_SECONDS`, a standby takes over within about 12 seconds.
LEASE_SECONDS = 10.0
#: How often a process renews its lead, or looks for a free one.
CHECK_EVERY_SECONDS = 2.0


class LeaderLock(Protocol):
    """The lead of one role (e.g. ``scheduler``) among every process on the database."""

    def try_lead(self) -> bool:
        """Take, keep or renew the lead; True while this process leads."""

    def release(self) -> None:
        """Give the lead up (at shutdown), so that a standby takes over at once."""


def leader_lock(database: Database, role: str, holder: str) -> LeaderLock:
    """The best lock for ``database``: an advisory lock on PostgreSQL, else a lease."""
    if database.dialect == "postgresql":
        return AdvisoryLock(database, role)
    return LeaseLock(database, role, holder)


class LeaseLock:
    """The lead as a lease row on the database's clock."""

    def __init__(
        self, database: Database, role: str, holder: str, lease_seconds: float = LEASE_SECONDS
    ) -> None:
        self.database = database
        self.role = role
        self.holder = holder
        self.lease_seconds = lease_seconds
        #: Until when (this process's monotonic clock) the last renewal is good for,
        #: less a margin: a failed renewal before then does not lose the lead.
        self._good_until = 0.0
        statement = insert_or(database.dialect, leader_lease).values(
            role=role,
            holder=holder,
            acquired_at=database_now(),
            expires_at=database_later(lease_seconds),
        )
        self._take = statement.on_conflict_do_update(
            index_elements=["role"],
            set_={
                "holder": statement.excluded.holder,
                "expires_at": statement.excluded.expires_at,
                "acquired_at": case(
                    (
                        leader_lease.c.holder == statement.excluded.holder,
                        leader_lease.c.acquired_at,
                    ),
                    else_=statement.excluded.acquired_at,
                ),
            },
            # Only our own row, or one whose holder stopped renewing it.
            where=or_(
                leader_lease.c.holder == statement.excluded.holder,
                leader_lease.c.expires_at < database_now(),
            ),
        ).returning(leader_lease.c.holder)

    def try_lead(self) -> bool:
        started = time.monotonic()
        try:
            with self.database.write() as conn:
                leading = conn.execute(self._take).first() is not None
        except StorageError as error:
            still = started < self._good_until
            log.warning(
                "Could not renew the %s lease (%s); %s.",
                self.role,
                error,
                "still leading until it runs out" if still else "not leading",
            )
            return still
        self._good_until = started + self.lease_seconds / 2 if leading else 0.0
        return leading

    def release(self) -> None:
        self._good_until = 0.0
        try:
            with self.database.write() as conn:
                conn.execute(
                    delete(leader_lease).where(
                        leader_lease.c.role == self.role, leader_lease.c.holder == self.holder
                    )
                )
        except StorageError as error:
            log.warning(
                "Could not give up the %s lease (%s); it runs out by itself.", self.role, error
            )

    def holder_now(self) -> str | None:
        """Who holds the lease now, if anyone (for status lines and tests)."""
        with self.database.read() as conn:
            found: str | None = conn.execute(
                select(leader_lease.c.holder).where(
                    leader_lease.c.role == self.role, leader_lease.c.expires_at >= database_now()
                )
            ).scalar()
        return found


def advisory_key(role: str) -> int:
    """A stable 64-bit advisory lock key for ``role``."""
    digest = hashlib.sha256(f"scrbot:leader:{role}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class AdvisoryLock:
    """The lead as a PostgreSQL session-level advisory lock on a connection of its own."""

    def __init__(self, database: Database, role: str) -> None:
        self.database = database
        self.role = role
        self.key = advisory_key(role)
        self._conn: Connection | None = None

    def try_lead(self) -> bool:
        if self._conn is not None:
            try:
                # The lock lives as long as this connection: if it still answers, we lead.
                self._conn.exec_driver_sql("SELECT 1")
                return True
            except SQLAlchemyError as error:
                log.warning("Lost the connection holding the %s lead (%s).", self.role, error)
                self._drop()
                return False
        try:
            conn = self.database.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except SQLAlchemyError as error:
            log.warning("Could not reach the database to lead %s (%s).", self.role, error)
            return False
        try:
            got = bool(conn.execute(select(func.pg_try_advisory_lock(self.key))).scalar())
        except SQLAlchemyError as error:
            log.warning("Could not ask for the %s lead (%s).", self.role, error)
            got = False
        if got:
            self._conn = conn
        else:
            conn.close()
        return got

    def release(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute(select(func.pg_advisory_unlock(self.key)))
        except SQLAlchemyError:
            pass  # closing the connection below frees the lock anyway
        self._drop()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.invalidate()  # never back into the pool: it may still hold the lock
                conn.close()
            except SQLAlchemyError:
                log.debug("The %s lead's connection was already gone.", self.role)


def describe(lock: Any) -> str:
    """How the lead is held, for the log."""
    if isinstance(lock, AdvisoryLock):
        return "a PostgreSQL advisory lock"
    return f"a {LEASE_SECONDS:.0f}-second lease on the database's clock"
