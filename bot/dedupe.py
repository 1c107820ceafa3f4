"""Answer each Slack event once, however many times Slack delivers it.

Slack retries an event (with ``X-Slack-Retry-Num``) when it did not get a quick
200, so the same mention can arrive two or three times. Each event has an
``event_id``; the first delivery is handled and later ones are acknowledged and
dropped. Memory is bounded: only the most recent ids are kept, which is plenty
as Slack stops retrying after about five minutes.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse

log = logging.getLogger(__name__)

#: Far more events than arrive in the five minutes Slack keeps retrying.
REMEMBERED_EVENTS = 10_000


class EventDeduplicator:
    """Remembers recent event ids; safe to use from many threads at once."""

    def __init__(self, capacity: int = REMEMBERED_EVENTS) -> None:
        self.capacity = capacity
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """Record ``event_id``; False if it was seen before."""
        with self._lock:
            if event_id in self._seen:
                self._seen.move_to_end(event_id)
                return False
            self._seen[event_id] = None
            if len(self._seen) > self.capacity:
                self._seen.popitem(last=False)
            return True

    def __len__(self) -> int:
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
