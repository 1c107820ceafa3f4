"""Run the bot over Socket Mode: Slack pushes requests down a WebSocket the bot opens.

No public URL is needed, which suits a team trying scrbot out or a host behind
a firewall. The connection is slack_sdk's built-in client
(``slack_sdk.socket_mode.builtin``) through Bolt's ``SocketModeHandler``:

* it asks ``apps.connections.open`` (with the ``xapp-`` app-level token) for a
  WebSocket URL, connects, and acknowledges every envelope with Bolt's answer
  (``{"envelope_id": ..., "payload": ...}``);
* when Slack closes the socket or sends ``disconnect`` (it refreshes
  connections every few hours), the client asks for a new URL and reconnects
  at once;
* a link cut without a close (a dropped network) is only noticed by the
  client's own pings: after ``4 x ping_interval`` without a pong it gives up
  the socket and reconnects on its next check. ``PING_INTERVAL`` keeps that
  under a minute.

    handler = start_socket_mode(app, settings.app_token)   # returns once connected
    ...
    stop_socket_mode(handler)
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

log = logging.getLogger(__name__)

#: Seconds between the client's pings; a silent link is dropped after four missed pongs.
PING_INTERVAL = 10.0
#: Threads handling envelopes at once (each runs Bolt's ack; slow work is lazy).
CONCURRENCY = 10


def start_socket_mode(
    app: App, app_token: str, *, ping_interval: float = PING_INTERVAL
) -> SocketModeHandler:
    """Connect ``app`` to Slack over Socket Mode and return the running handler.

    Raises ``slack_sdk.errors.SlackApiError`` if Slack refuses the app token.
    """
    handler = SocketModeHandler(
        app,
        app_token=app_token,
        ping_interval=ping_interval,
        concurrency=CONCURRENCY,
    )
    handler.connect()
    log.info("Connected to Slack over Socket Mode.")
    return handler


def stop_socket_mode(handler: SocketModeHandler) -> None:
    """Close the connection and the client's threads, quietly.

    slack_sdk's ``Connection.disconnect`` checks the socket and then closes it
    without holding a lock across both, so if Slack closes the socket at the same
    moment (it does when it refreshes connections) the close can raise
    ``AttributeError``. The bot is stopping either way; that is not worth a
    traceback.
    """
    try:
        handler.close()
    except (AttributeError, OSError) as error:
        log.debug("The Socket Mode connection closed while we closed it (%s).", error)
