"""A loopback Socket Mode server: Slack's side of the WebSocket, for tests.

Slack hands a Socket Mode app a WebSocket URL from ``apps.connections.open``;
on connecting, the app receives ``hello`` and then envelopes
(``slash_commands``, ``events_api``, ``interactive``), each of which it must
acknowledge by sending back ``{"envelope_id": ..., "payload": ...}``. Slack
refreshes connections from time to time (a ``disconnect`` message, or simply
closing the socket), and the app must reconnect through a new
``apps.connections.open``.

    with FakeSocketModeServer() as server:
        fake_api.socket_mode_url = server.issue_url   # apps.connections.open hands these out
        ... start the bot's SocketModeHandler ...
        server.wait_for_connection()
        envelope_id = server.slash_command(payloads.slash_command("neglect"))
        ack = server.wait_for_ack(envelope_id)

Plain ``ws://`` on 127.0.0.1: slack_sdk's built-in client uses TLS only when the
port is 443, so no certificates are needed.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve


class FakeSocketModeServer:
    """Serves Socket Mode on ``ws://127.0.0.1:<free port>/link/``."""

    def __init__(self, *, app_id: str = "A000TEST"):
        self.app_id = app_id
        #: Every acknowledgement received, by envelope id.
        self.acks: dict[str, dict[str, Any]] = {}
        #: Every text message received from the app, in order.
        self.received: list[dict[str, Any]] = []
        #: How many times a URL was handed out and how many connections were made.
        self.urls_issued = 0
        self.connections_made = 0
        self._tickets = itertools.count(1)
        self._current: ServerConnection | None = None
        self._changed = threading.Condition()
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> FakeSocketModeServer:
        """Start listening on a free loopback port."""
        self._server = serve(
            self._serve_connection,
            "127.0.0.1",
            0,
            compression=None,
            ping_interval=None,  # the client pings; Slack's pings are not needed here
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection and stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server = None

    def __enter__(self) -> FakeSocketModeServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the server first"
        return self._server.socket.getsockname()[1]

    def issue_url(self) -> str:
        """A new connection URL, as ``apps.connections.open`` returns."""
        with self._changed:
            self.urls_issued += 1
            ticket = next(self._tickets)
        return f"ws://127.0.0.1:{self.port}/link/?ticket=fictional-{ticket}&app_id={self.app_id}"

    # -- connections -------------------------------------------------------

    def _serve_connection(self, connection: ServerConnection) -> None:
        with self._changed:
            self.connections_made += 1
            self._current = connection
            self._changed.notify_all()
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "debug_info": {
                        "host": "applink-fictional",
                        "approximate_connection_time": 18060,
                    },
                    "connection_info": {"app_id": self.app_id},
                }
            )
        )
        try:
            for raw in connection:
                message = json.loads(raw)
                with self._changed:
                    self.received.append(message)
                    if "envelope_id" in message:
                        self.acks[message["envelope_id"]] = message
                    self._changed.notify_all()
        except (ConnectionClosed, OSError, ValueError):
            pass
        finally:
            with self._changed:
                if self._current is connection:
                    self._current = None
                self._changed.notify_all()

    def wait_for_connection(self, count: int = 1, *, timeout: float = 10.0) -> None:
        """Wait until ``count`` connections in all have been made and one is open."""
        with self._changed:
            ok = self._changed.wait_for(
                lambda: self.connections_made >= count and self._current is not None,
                timeout=timeout,
            )
        if not ok:
            raise AssertionError(
                f"expected {count} Socket Mode connection(s), saw {self.connections_made}"
            )

    @property
    def connected(self) -> bool:
        """Whether an app is connected right now."""
        return self._current is not None

    def drop(self, *, abruptly: bool = False) -> None:
        """End the current connection: a WebSocket close as Slack sends, or a cut TCP link."""
        connection = self._current
        if connection is None:
            raise AssertionError("no Socket Mode connection to drop")
        if abruptly:
            try:
                connection.socket.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.socket.close()
        else:
            connection.close(code=1001, reason="going away")

    # -- envelopes ---------------------------------------------------------

    def send(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
    ) -> str:
        """Send one envelope on the current connection; returns its envelope id."""
        envelope_id = str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
        }
        if retry_attempt is not None:
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason or "timeout"
        connection = self._current
        if connection is None:
            raise AssertionError("no Socket Mode connection to send on")
        connection.send(json.dumps(envelope))
        return envelope_id

    def slash_command(self, form: dict[str, str]) -> str:
        """Deliver a slash command (the form fields Slack would POST, as JSON)."""
        return self.send("slash_commands", form, accepts_response_payload=True)

    def event(self, callback: dict[str, Any], *, retry_attempt: int = 0) -> str:
        """Deliver an Events API ``event_callback``."""
        return self.send(
            "events_api",
            callback,
            accepts_response_payload=False,
            retry_attempt=retry_attempt,
            retry_reason="" if retry_attempt == 0 else "timeout",
        )

    def interactive(self, payload: dict[str, Any]) -> str:
        """Deliver an interactivity payload (block_actions, view_submission, shortcuts)."""
        answers = payload.get("type") in ("view_submission", "block_suggestion")
        return self.send("interactive", payload, accepts_response_payload=answers)

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the app to reconnect, as Slack does before refreshing a connection."""
        connection = self._current
        if connection is None:
            raise AssertionError("no Socket Mode connection")
        connection.send(
            json.dumps(
                {
                    "type": "disconnect",
                    "reason": reason,
                    "debug_info": {"host": "applink-fictional"},
                }
            )
        )

    def wait_for_ack(self, envelope_id: str, *, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for the app's acknowledgement of ``envelope_id`` and return it."""
        with self._changed:
            ok = self._changed.wait_for(lambda: envelope_id in self.acks, timeout=timeout)
        if not ok:
            raise AssertionError(f"no acknowledgement for envelope {envelope_id} within {timeout}s")
        return self.acks[envelope_id]
