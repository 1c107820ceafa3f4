"""Refuse a signed Slack request that has been seen before.

Bolt checks the signature and that the timestamp is within five minutes, but it
accepts the same signed request again and again inside that window. Anyone who
captures one (a proxy log, a misconfigured mirror) could replay it. The guard
remembers each request's signature and timestamp in the shared state store, so
a replay is refused across the process's threads and across replicas that share
the store.

Socket Mode requests carry no signature (the WebSocket itself is authenticated)
and pass straight through.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse

from index.store import Store

log = logging.getLogger(__name__)

#: Slack rejects timestamps older than five minutes; keep a margin beyond that.
REMEMBER_SECONDS = 10 * 60

TABLES = [
    """CREATE TABLE IF NOT EXISTS seen_request (
        signature TEXT PRIMARY KEY,
        request_timestamp INTEGER NOT NULL,
        seen_at REAL NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS seen_request_age ON seen_request (seen_at)",
]


class ReplayGuard:
    """Remembers signatures for :data:`REMEMBER_SECONDS`."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock
        self._last_purge = 0.0
        store.ensure_tables(TABLES)

    def first_time(self, signature: str, timestamp: str) -> bool:
        """Record the request; False when this signature and timestamp were seen before."""
        now = self.clock()
        key = f"{timestamp}:{signature}"
        with self.store.transaction() as conn:
            if now - self._last_purge > 60:
                conn.execute(
                    "DELETE FROM seen_request WHERE seen_at < ?", (now - REMEMBER_SECONDS,)
                )
                self._last_purge = now
            cursor = conn.execute(
                "INSERT OR IGNORE INTO seen_request (signature, request_timestamp, seen_at) "
                "VALUES (?, ?, ?)",
                (key, int(timestamp) if timestamp.isdigit() else 0, now),
            )
            return cursor.rowcount == 1

    def middleware(
        self, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        """Bolt global middleware: answer 401 to a replayed request."""
        if req.mode == "socket_mode":
            return next()
        signature = _header(req, "x-slack-signature")
        timestamp = _header(req, "x-slack-request-timestamp")
        if signature and timestamp and not self.first_time(signature, timestamp):
            log.warning(
                "Refused a replayed Slack request (same signature and timestamp seen before)."
            )
            return BoltResponse(status=401, body="")
        return next()


def _header(req: BoltRequest, name: str) -> str:
    values = req.headers.get(name) or []
    return values[0] if values else ""
