"""Refuse a signed Slack request that has been seen before.

Bolt checks the signature and that the timestamp is within five minutes, but it
accepts the same signed request again and again inside that window. Anyone who
captures one (a proxy log, a misconfigured mirror) could replay it. The guard
remembers each request's signature and timestamp in the shared database
(:class:`index.storage.seen.Seen`), so a replay is refused across the process's
threads and across replicas that share the database.

Socket Mode requests carry no signature (the WebSocket itself is authenticated)
and pass straight through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse

from index.storage.seen import Seen

log = logging.getLogger(__name__)


class ReplayGuard:
    """Refuses a signed request whose signature and timestamp were seen before."""

    def __init__(self, seen: Seen) -> None:
        self.seen = seen

    def first_time(self, signature: str, timestamp: str) -> bool:
        """Record the request; False when this signature and timestamp were seen before."""
        return self.seen.first_request(signature, timestamp)

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
