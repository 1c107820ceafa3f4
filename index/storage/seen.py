"""What has been handled already: Slack events (answered once however often they
are delivered) and signed requests (a replay refused).

Each check is one ``INSERT … ON CONFLICT DO NOTHING RETURNING``: of any number of
processes sharing the database, exactly one gets its row back and handles the
thing. Only ids, signatures and times are kept, never what an event said, and
each for a limited time (old rows are deleted at most once a minute).

Times come from the database's clock, unless a ``clock`` (seconds since 1970)
is given, as tests do to move time by hand.

Example::

    seen = Seen(database)
    seen.first_event("Ev0123")                       # True, then False ever after
    seen.first_request("v0=ab12…", "1700000000")     # False for a replay
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete
from sqlalchemy.engine import Connection

from index.storage.database import Database
from index.storage.moments import Moment, database_later, database_now
from index.storage.tables import seen_event, seen_request
from index.storage.upsert import insert_or

#: Slack's last retry of an event comes about five minutes after the first delivery.
REMEMBER_EVENTS_SECONDS = 15 * 60
#: Slack rejects request timestamps older than five minutes; keep a margin beyond that.
REMEMBER_REQUESTS_SECONDS = 10 * 60
#: How often, at most, old rows are deleted.
PURGE_EVERY_SECONDS = 60


class Seen:
    """Events and requests already handled, shared by every process on the database."""

    def __init__(
        self,
        database: Database,
        clock: Callable[[], float] | None = None,
        *,
        remember_events: float = REMEMBER_EVENTS_SECONDS,
        remember_requests: float = REMEMBER_REQUESTS_SECONDS,
    ) -> None:
        self.database = database
        self.clock = clock
        self.remember = {seen_event.name: remember_events, seen_request.name: remember_requests}
        self._last_purge: dict[str, float] = {}
        self._lock = threading.Lock()
        # Built once: these run on every request, and building a statement costs
        # more than running it.
        self._record = {
            seen_event.name: self._recording(seen_event, "event_id"),
            seen_request.name: self._recording(seen_request, "signature"),
        }
        self._forget = {
            table.name: delete(table).where(table.c.seen_at < bindparam("cutoff", type_=Moment()))
            for table in (seen_event, seen_request)
        }

    def _recording(self, table: Table, key: str) -> Any:
        """``INSERT … ON CONFLICT (key) DO NOTHING RETURNING key``, every value a parameter."""
        seen_at: Any = (
            database_now() if self.clock is None else bindparam("seen_at", type_=Moment())
        )
        values: dict[str, Any] = {c.name: bindparam(c.name) for c in table.c if c.name != "seen_at"}
        return (
            insert_or(self.database.dialect, table)
            .values(**values, seen_at=seen_at)
            .on_conflict_do_nothing(index_elements=[key])
            .returning(table.c[key])
        )

    def first_event(self, event_id: str) -> bool:
        """Record ``event_id``; False if any process recorded it before."""
        return self._first(seen_event, {"event_id": event_id})

    def first_request(self, signature: str, timestamp: str) -> bool:
        """Record a signed request; False when this signature and timestamp were seen."""
        return self._first(
            seen_request,
            {
                "signature": f"{timestamp}:{signature}",
                "request_timestamp": int(timestamp) if timestamp.isdigit() else 0,
            },
        )

    def _first(self, table: Table, values: dict[str, Any]) -> bool:
        if self.clock is not None:
            values["seen_at"] = datetime.fromtimestamp(self.clock(), UTC)
        with self.database.write() as conn:
            self._purge_now_and_then(conn, table)
            return conn.execute(self._record[table.name], values).first() is not None

    def _purge_now_and_then(self, conn: Connection, table: Table) -> None:
        now = self.clock() if self.clock is not None else time.monotonic()
        with self._lock:
            if now - self._last_purge.get(table.name, float("-inf")) < PURGE_EVERY_SECONDS:
                return
            self._last_purge[table.name] = now
        keep = self.remember[table.name]
        if self.clock is None:
            # Rarely: one statement built here is fine.
            conn.execute(delete(table).where(table.c.seen_at < database_later(-keep)))
        else:
            cutoff = datetime.fromtimestamp(self.clock() - keep, UTC)
            conn.execute(self._forget[table.name], {"cutoff": cutoff})
