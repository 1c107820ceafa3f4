"""Run the bot over Socket Mode: Slack pushes requests down a WebSocket the bot opens.

No public URL is needed, which suits a team trying scrbot out or a host behind
a firewall. The connection is slack_sdk's built-in client
(``slack_sdk.socket_mode.builtin``) through Bolt's ``SocketModeHandler``:

* it asks ``apps.connections.open`` (with the ``xapp-`` app-level token) for a
  WebSocket URL, connects, and acknowledges every envelope with Bolt's answer
  (``{"envelope_id": ..., "payload": ...}``);
* when Slack sends ``disconnect`` (it refreshes connections every few hours),
  the client asks for a new URL and reconnects at once;
* a link that goes silent (no close, no hang-up) is noticed by the client's
  pings: after ``4 x ping_interval`` without a pong it reconnects.

Two gaps are filled here by :class:`ConnectionWatch`:

* When the other end hangs up without a WebSocket close (a proxy or load
  balancer dropping the TCP connection), the built-in client's read loop gets
  end-of-file on every read and spins on it, at 100% of a core, until the
  missed pongs add up (measured: 53 s of CPU in 57 s with a 10 s ping
  interval), starving lookups meanwhile.
* When Slack closes the WebSocket properly, the client's close handler asks to
  reconnect while its socket is still set, which does nothing; the reconnect
  waits for the client's next check, up to ``ping_interval`` later.

The watch looks at the connection every second and, once per connection that
was alive, reconnects as soon as it has hung up or closed. A connection that
never came up is left to the client's own, slower retries, so a Slack outage
is not met with a reconnect every second (``apps.connections.open`` is a
Tier 1 method: about one call a minute).

The watch also keeps how long the bot has been without a connection
(:meth:`ConnectionWatch.disconnected_for`), so ``/healthz`` can say 503 once the
bot has been cut off from Slack for longer than a blip
(:meth:`SocketModeConnection.healthy`, see ``socket_unready_after`` in the
settings), and 200 again once it is back.

    connection = start_socket_mode(app, settings.app_token)   # returns once connected
    ...
    stop_socket_mode(connection)
"""

from __future__ import annotations

import logging
import select
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.builtin.connection import Connection

log = logging.getLogger(__name__)

#: Seconds between the client's pings; a silent link is dropped after four missed pongs.
PING_INTERVAL = 5.0
#: Threads handling envelopes at once (each runs Bolt's ack; slow work is lazy).
CONCURRENCY = 10
#: How often the connection watch looks at the socket.
CHECK_SECONDS = 1.0
#: How long without a connection before ``/healthz`` says the bot is not ready.
UNREADY_AFTER_SECONDS = 30.0
#: Linux reports a peer's hang-up as POLLRDHUP; elsewhere only the pings notice one.
_HANG_UP_EVENTS = (
    getattr(select, "POLLRDHUP", 0) | select.POLLHUP | select.POLLERR
    if hasattr(select, "poll")
    else 0
)


class ConnectionWatch:
    """Reconnects ``client`` as soon as a connection it had has hung up or closed."""

    def __init__(
        self,
        client: SocketModeClient,
        interval: float = CHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.client = client
        self.interval = interval
        self.clock = clock
        self._watched: Connection | None = None
        self._down_since: float | None = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="socket-mode-watch", daemon=True)

    def disconnected_for(self) -> float:
        """Seconds since the connection was last seen working; 0 while it works.

        Measured from the first check that found it down, so it can be up to one
        check interval short.
        """
        down_since = self._down_since
        return 0.0 if down_since is None else max(0.0, self.clock() - down_since)

    def _note_connection(self) -> None:
        if self.client.is_connected():
            if self._down_since is not None:
                log.info("Connected to Slack over Socket Mode again.")
            self._down_since = None
        elif self._down_since is None:
            self._down_since = self.clock()

    def start(self) -> None:
        """Start watching, counting the connection the client has now as alive."""
        session = self.client.current_session
        if session is not None and session.sock is not None:
            self._watched = session
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()

    def _run(self) -> None:
        while not self._stopped.wait(self.interval):
            self._note_connection()
            if self.client.closed or not self.client.auto_reconnect_enabled:
                continue
            session = self.client.current_session
            if session is None:
                continue
            if session.sock is not None and not _hung_up(session):
                self._watched = session
                continue
            if session is not self._watched:
                continue  # never seen alive, or already handled: the client retries
            self._watched = None
            self._reconnect(session)

    def _reconnect(self, session: Connection) -> None:
        log.info("The Socket Mode connection to Slack ended; reconnecting.")
        if session.sock is not None:
            try:
                session.disconnect()
            except (AttributeError, OSError):
                pass  # the client's own reader closed it at the same moment
        try:
            # A no-op if the client has already reconnected by itself.
            self.client.connect_to_new_endpoint()
        except Exception as error:
            # The client's own monitor keeps trying; say why this attempt failed.
            log.warning("Could not reconnect to Slack yet: %s", error)


def _hung_up(session: Connection) -> bool:
    """Whether the peer has hung up the socket (Linux's POLLRDHUP; False elsewhere)."""
    sock = session.sock
    if sock is None or not _HANG_UP_EVENTS:
        return False
    try:
        poller = select.poll()
        poller.register(sock.fileno(), _HANG_UP_EVENTS)
        return bool(poller.poll(0))
    except (OSError, ValueError):
        return False  # the socket was closed under us: the client is replacing it


@dataclass
class SocketModeConnection:
    """A running Socket Mode connection: Bolt's handler and its watch."""

    handler: SocketModeHandler
    watch: ConnectionWatch
    #: Seconds without a connection after which :meth:`healthy` says False.
    unready_after: float = UNREADY_AFTER_SECONDS

    @property
    def client(self) -> SocketModeClient:
        return self.handler.client

    def healthy(self) -> bool:
        """False once the bot has been cut off from Slack for more than
        :attr:`unready_after` seconds; True again as soon as it is back."""
        return self.watch.disconnected_for() <= self.unready_after


def start_socket_mode(
    app: App,
    app_token: str,
    *,
    ping_interval: float = PING_INTERVAL,
    unready_after: float = UNREADY_AFTER_SECONDS,
    check_every: float = CHECK_SECONDS,
) -> SocketModeConnection:
    """Connect ``app`` to Slack over Socket Mode; returns once connected.

    ``unready_after``: seconds without a connection before
    :meth:`SocketModeConnection.healthy` says False. Raises
    ``slack_sdk.errors.SlackApiError`` if Slack refuses the app token.
    """
    handler = SocketModeHandler(
        app,
        app_token=app_token,
        ping_interval=ping_interval,
        concurrency=CONCURRENCY,
    )
    handler.connect()
    watch = ConnectionWatch(handler.client, interval=check_every)
    watch.start()
    log.info("Connected to Slack over Socket Mode.")
    return SocketModeConnection(handler, watch, unready_after=unready_after)


def stop_socket_mode(connection: SocketModeConnection) -> None:
    """Close the connection and the client's threads, quietly.

    slack_sdk's ``Connection.disconnect`` checks the socket and then closes it
    without holding a lock across both, so if Slack closes the socket at the same
    moment (it does when it refreshes connections) the close can raise
    ``AttributeError``. The bot is stopping either way; that is not worth a
    traceback.
    """
    connection.watch.stop()
    try:
        connection.handler.close()
    except (AttributeError, OSError) as error:
        log.debug("The Socket Mode connection closed while we closed it (%s).", error)
