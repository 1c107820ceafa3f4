"""Answer each Slack event once, however many times Slack delivers it.

Slack retries an event (with ``X-Slack-Retry-Num``) when it did not get a quick
200, so the same mention can arrive two or three times, and with several
replicas behind one Request URL (or several Socket Mode connections) a retry
may land on a different process from the first delivery. Each event has an
``event_id``; the first delivery is handled and later ones are acknowledged and
dropped.

Two checks, fastest first: the ids this process has seen (in memory, bounded),
then the shared state store (:class:`index.store.Store`), where claiming an id
is one ``INSERT OR IGNORE`` that only one process can win. Only event ids and
times are stored, never what the event said. Slack stops retrying about five
minutes after the first delivery, so ids are kept for :data:`REMEMBER_SECONDS`.

    dedupe = EventDeduplicator(Store("var/scrbot.sqlite3"))
    app.use(dedupe.middleware)
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse

from index.store import Store, StoreError

log = logging.getLogger(__name__)

#: Far more events than arrive in the five minutes Slack keeps retrying.
REMEMBERED_EVENTS = 10_000
#: Slack's last retry comes about five minutes after the first delivery.
REMEMBER_SECONDS = 15 * 60
#: How often, at most, ids older than that are deleted from the store.
PURGE_EVERY_SECONDS = 60

TABLES = [
    """CREATE TABLE IF NOT EXISTS seen_event (
        event_id TEXT PRIMARY KEY,
        seen_at REAL NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS seen_event_age ON seen_event (seen_at)",
]


class EventDeduplicator:
    """Remembers recent event ids; safe to use from many threads at once.

    With a ``store`` it also recognises events first delivered to another
    process sharing that state file; without one, only this process's.
    """

    def __init__(
        self,
        store: Store | None = None,
        capacity: int = REMEMBERED_EVENTS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.capacity = capacity
        self.clock = clock
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._last_purge = 0.0
        if store is not None:
            store.ensure_tables(TABLES)

    def first_time(self, event_id: str) -> bool:
        """Record ``event_id``; False if this or another process saw it before."""
        with self._lock:
            if event_id in self._seen:
                self._seen.move_to_end(event_id)
                return False
            self._seen[event_id] = None
            if len(self._seen) > self.capacity:
                self._seen.popitem(last=False)
        if self.store is None:
            return True
        try:
            return self._claim(self.store, event_id)
        except (StoreError, sqlite3.Error, OSError) as error:
            # Answering twice is better than not answering: go on as if first.
            log.warning("Could not check the state file for a repeated event (%s).", error)
            return True

    def _claim(self, store: Store, event_id: str) -> bool:
        now = self.clock()
        with store.transaction() as conn:
            if now - self._last_purge > PURGE_EVERY_SECONDS:
                conn.execute("DELETE FROM seen_event WHERE seen_at < ?", (now - REMEMBER_SECONDS,))
                self._last_purge = now
            cursor = conn.execute(
                "INSERT OR IGNORE INTO seen_event (event_id, seen_at) VALUES (?, ?)",
                (event_id, now),
            )
            return cursor.rowcount == 1

    def __len__(self) -> int:
        """How many ids this process holds in memory."""
        return len(self._seen)

    def middleware(
        self, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        """Bolt global middleware: acknowledge a repeated event without handling it."""
        body = req.body if isinstance(req.body, dict) else {}
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not self.first_time(str(event_id)):
            retry = (req.headers.get("x-slack-retry-num") or ["?"])[0]
            log.info("Dropped a repeated delivery of an event (retry %s).", retry)
            return BoltResponse(status=200, body="")
        return next()
