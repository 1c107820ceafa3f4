"""``/healthz`` tells the truth in Socket Mode: 503 once the bot has been cut off from
Slack for longer than ``socket_unready_after``, 200 again once it has reconnected.

The real app over a loopback WebSocket; the connection is dropped from Slack's side
and ``apps.connections.open`` refused until Slack "comes back".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fakes.slack_api import ALWAYS, FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.fakes.socket_mode import FakeSocketModeServer

#: Short, so the test is quick; the setting's default is 30 s.
UNREADY_AFTER = 1.0


@pytest.fixture
def watched(fake_slack: FakeSlackAPI, bot_app: Any) -> Iterator[tuple[Any, Any, Any]]:
    """The app over Socket Mode, its health served as ``scrbot serve`` serves it."""
    from bot.http_server import SlackHTTPServer
    from bot.socket_mode import start_socket_mode, stop_socket_mode

    with FakeSocketModeServer() as server:
        fake_slack.socket_mode_url = server.issue_url
        connection = start_socket_mode(
            bot_app,
            fake_slack.app_token,
            ping_interval=0.5,
            unready_after=UNREADY_AFTER,
            check_every=0.1,
        )
        health = SlackHTTPServer(("127.0.0.1", 0), events_path=None)
        threading.Thread(target=health.serve_forever, kwargs={"poll_interval": 0.05}).start()
        health.attach(None, ready=True, health=connection.healthy)
        client = SignedSlackClient(f"http://127.0.0.1:{health.port}", "unused")
        try:
            server.wait_for_connection()
            yield server, client, connection
        finally:
            client.close()
            health.shutdown()
            health.server_close()
            connection.client.auto_reconnect_enabled = False
            server.stop()
            deadline = time.monotonic() + 5
            while connection.client.is_connected() and time.monotonic() < deadline:
                time.sleep(0.01)
            stop_socket_mode(connection)


def wait_for_status(client: SignedSlackClient, status: int, within: float) -> float:
    """Seconds until ``/healthz`` answers ``status``; fails after ``within``."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        if client.get("/healthz").status == status:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"/healthz did not answer {status} within {within} s")


@pytest.mark.parametrize("abruptly", [False, True], ids=["closed", "cut"])
def test_healthz_says_503_while_the_socket_stays_down_and_200_once_it_is_back(
    watched: tuple[Any, Any, Any], fake_slack: FakeSlackAPI, abruptly: bool
) -> None:
    server, client, _connection = watched
    assert client.get("/healthz").status == 200
    fake_slack.fail_with_status("apps.connections.open", 503, times=ALWAYS)  # Slack is down
    server.drop(abruptly=abruptly)

    unready = wait_for_status(client, 503, within=UNREADY_AFTER + 5)
    assert unready >= UNREADY_AFTER - 0.2, "a blip shorter than the threshold stays healthy"
    assert client.get("/healthz").json() == {"status": "disconnected"}

    fake_slack.clear_scripts()  # Slack is back
    server.wait_for_connection(2, timeout=10)
    wait_for_status(client, 200, within=5)


def test_a_reconnect_within_the_threshold_never_says_503(
    watched: tuple[Any, Any, Any],
) -> None:
    server, client, _connection = watched
    server.drop()
    started = time.monotonic()
    statuses = set()
    while time.monotonic() - started < UNREADY_AFTER + 0.5:
        statuses.add(client.get("/healthz").status)
        time.sleep(0.05)
    server.wait_for_connection(2, timeout=5)
    assert statuses == {200}


def test_the_threshold_is_thirty_seconds_unless_set() -> None:
    from bot.socket_mode import UNREADY_AFTER_SECONDS
    from index.setting_file import load_settings

    assert UNREADY_AFTER_SECONDS == 30.0
    assert load_settings(env={}).socket_unready_after == 30.0
    env = {"SCRBOT_SOCKET_UNREADY_AFTER": "5"}
    assert load_settings(env=env).socket_unready_after == 5.0
