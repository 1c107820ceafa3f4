"""Answer each Slack event once, however many times Slack delivers it.

Slack retries an event (with ``X-Slack-Retry-Num``) when it did not get a quick
200, so the same mention can arrive two or three times, and with several
replicas behind one Request URL (or several Socket Mode connections) a retry
may land on a different process from the first delivery. Each event has an
``event_id``; the first delivery is handled and later ones are acknowledged and
dropped.

Two checks, fastest first: the ids this process has seen (in memory, bounded),
then the shared database (:class:`index.storage.seen.Seen`), where claiming an
id is one insert that only one process can win. Only event ids and times are
stored, never what the event said. Slack stops retrying about five minutes after
the first delivery, so ids are kept for :data:`REMEMBER_SECONDS`.

    dedupe = EventDeduplicator(Seen(database))
    app.use(dedupe.middleware)
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse

from index.storage.errors import StorageError
from index.storage.seen import REMEMBER_EVENTS_SECONDS, Seen

log = logging.getLogger(__name__)

#: Far more events than arrive in the five minutes Slack keeps retrying.
REMEMBERED_EVENTS = 10_000
#: Slack's last retry comes about five minutes after the first delivery.
REMEMBER_SECONDS = REMEMBER_EVENTS_SECONDS


class EventDeduplicator:
    """Remembers recent event ids; safe to use from many threads at once.

    With ``seen`` (the shared database) it also recognises events first delivered
    to another process sharing that database; without it, only this process's.
    """

    def __init__(self, seen: Seen | None = None, capacity: int = REMEMBERED_EVENTS) -> None:
        self.seen = seen
        self.capacity = capacity
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """Record ``event_id``; False if this or another process saw it before."""
        with self._lock:
            if event_id in self._seen:
                self._seen.move_to_end(event_id)
                return False
            self._seen[event_id] = None
            if len(self._seen) > self.capacity:
                self._seen.popitem(last=False)
        if self.seen is None:
            return True
        try:
            return self.seen.first_event(event_id)
        except (StorageError, OSError) as error:
            # Answering twice is better than not answering: go on as if first.
            log.warning("Could not check the database for a repeated event (%s).", error)
            return True

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
