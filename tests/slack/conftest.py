"""Fixtures for testing the bot as Slack talks to it.

* ``fake_slack`` — the fake Slack Web API on loopback (records every call).
* ``bot_server`` — the real app from ``build_app(settings)``, served by
  ``bot.http_server`` on 127.0.0.1 (a free port), its Web API calls going to
  ``fake_slack``.
* ``slack`` — a :class:`SignedSlackClient` sending signed requests to it.
* ``socket_mode`` — the same app connected over Socket Mode to a loopback
  WebSocket server handed out by ``fake_slack``'s ``apps.connections.open``.

The search index is built once per test session; each test gets a fresh app
with its own state file.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import payloads
from tests.fakes.credentials import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.fakes.socket_mode import FakeSocketModeServer


def mention(fake: FakeSlackAPI, text: str, **options: Any) -> dict[str, Any]:
    """A mention event for a message that really is in the channel's history."""
    event = payloads.app_mention(text, **options)
    event["ts"] = event["event_ts"] = fake.add_message(
        event["channel"], event["text"], user=event["user"]
    )
    return event


def team_answers_once_settled(client: SignedSlackClient, fake: FakeSlackAPI) -> list[Any]:
    """The answers posted in C000TEAM, read once a later direct message has been
    answered too: by then any answer to a repeated event would have been posted."""
    client.event(payloads.direct_message("help", user="U000ADMIN"))
    fake.wait_for("chat.postMessage", 2)
    return [c for c in fake.calls_to("chat.postMessage") if c.params.get("channel") == "C000TEAM"]


@pytest.fixture
def fake_slack() -> Iterator[FakeSlackAPI]:
    """A fresh fake Slack Web API on loopback."""
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A search index built once for the session from the bundled knowledge."""
    from index.engine import LookupEngine

    folder = tmp_path_factory.mktemp("index")
    LookupEngine.open(index_dir=folder).close()
    return folder


@pytest.fixture(scope="session")
def search_engine(index_dir: Path) -> Iterator[Any]:
    """One lookup engine over the session's index, shared by every app."""
    from index.engine import LookupEngine

    engine = LookupEngine.open(index_dir=index_dir)
    yield engine
    engine.close()


def slack_env(fake: FakeSlackAPI, tmp_path: Path, index_dir: Path) -> dict[str, str]:
    """The environment a deployed bot would have, pointed at ``fake``."""
    return {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_APP_TOKEN": fake.app_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "SCRBOT_INDEX_DIR": str(index_dir),
        "SCRBOT_STATE": str(tmp_path / "state" / "scrbot.sqlite3"),
        "SCRBOT_ADMINS": "U000ADMIN",
    }


@pytest.fixture
def bot_settings(fake_slack: FakeSlackAPI, tmp_path: Path, index_dir: Path) -> Any:
    """Settings as loaded in production: a settings file plus the environment."""
    from index.setting_file import load_settings

    (tmp_path / "state").mkdir()
    config = tmp_path / "scrbot.yaml"
    config.write_text("command: /scr\n", encoding="utf-8")
    return load_settings(config, env=slack_env(fake_slack, tmp_path, index_dir))


@pytest.fixture
def bot_app(bot_settings: Any, search_engine: Any) -> Any:
    """The real Bolt app, as ``build_app`` makes it for deployment."""
    from bot.app import build_app

    return build_app(bot_settings, engine=search_engine)


@contextmanager
def serving(app: Any) -> Iterator[Any]:
    """``app`` served over HTTP by ``bot.http_server`` on 127.0.0.1 (a free port)
    until the block ends."""
    from bot.http_server import SlackHTTPServer

    server = SlackHTTPServer(("127.0.0.1", 0), app=app)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.drain(timeout=1.0)
        server.server_close()


@pytest.fixture
def bot_server(bot_app: Any) -> Iterator[Any]:
    """The app served over HTTP by ``bot.http_server`` on 127.0.0.1, a free port."""
    with serving(bot_app) as server:
        yield server


@pytest.fixture
def second_replica(bot_settings: Any, search_engine: Any) -> Iterator[Any]:
    """Another app from ``build_app`` on the same settings (so the same state file)
    as ``bot_server``, served on its own port: a second replica."""
    from bot.app import build_app

    with serving(build_app(bot_settings, engine=search_engine)) as server:
        yield server


@contextmanager
def signed_client(server: Any, fake: FakeSlackAPI) -> Iterator[SignedSlackClient]:
    """Signed Slack requests to ``server`` until the block ends; response URLs point
    at ``fake``."""
    client = SignedSlackClient(f"http://127.0.0.1:{server.port}", SIGNING_SECRET, fake_api=fake)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def slack(bot_server: Any, fake_slack: FakeSlackAPI) -> Iterator[SignedSlackClient]:
    """Signed Slack requests to ``bot_server``; response URLs point at ``fake_slack``."""
    with signed_client(bot_server, fake_slack) as client:
        yield client


@pytest.fixture
def socket_mode(fake_slack: FakeSlackAPI, bot_app: Any) -> Iterator[FakeSocketModeServer]:
    """The app connected over Socket Mode to a loopback server (hello already sent)."""
    from bot.socket_mode import start_socket_mode, stop_socket_mode

    with FakeSocketModeServer() as server:
        fake_slack.socket_mode_url = server.issue_url
        connection = start_socket_mode(bot_app, fake_slack.app_token)
        try:
            server.wait_for_connection()
            yield server
        finally:
            # Close from Slack's side first, so the client's blocking read ends at once
            # rather than at its 3 s socket timeout; then close the client once its
            # own reader has let go of the socket.
            connection.client.auto_reconnect_enabled = False
            server.stop()
            deadline = time.monotonic() + 5
            while connection.client.is_connected() and time.monotonic() < deadline:
                time.sleep(0.01)
            stop_socket_mode(connection)
