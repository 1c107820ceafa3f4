"""``scrbot serve --http --server gunicorn``: the replicas' production server answers
Slack as the default server does, says when it is ready, and stops cleanly."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

from bot.wsgi import BotApplication
from tests.fakes.credentials import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.scrbot_process import ScrbotProcess
from tests.slack.conftest import slack_env


def test_gunicorn_answers_slack_in_two_workers_and_stops_cleanly(
    tmp_path: Path, fake_slack: FakeSlackAPI, index_dir: Path
) -> None:
    env = slack_env(fake_slack, tmp_path, index_dir)
    bot = ScrbotProcess.start(
        [
            "serve",
            "--http",
            "--server",
            "gunicorn",
            "--workers",
            "2",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
        ],
        env,
        tmp_path,
    )
    try:
        port = int(bot.wait_for(r"Listening on http://[\d.]+:(\d+)/slack/events \(gunicorn"))
        bot.wait_until_healthy(port)
        client = SignedSlackClient(f"http://127.0.0.1:{port}", SIGNING_SECRET, fake_api=fake_slack)
        answers = [client.slash_command("disguised compliance") for _ in range(20)]
        unsigned = client.slash_command("disguised compliance", signature="bad")
        elsewhere = client.get("/slack/install")
        too_big = client.post("x" * 1_000_001, "application/x-www-form-urlencoded")
        client.close()
    finally:
        output = bot.stop()
    assert {answer.status for answer in answers} == {200}
    assert all("theme:disguised-compliance" in answer.text for answer in answers)
    assert unsigned.status == 401
    assert elsewhere.status == 404
    assert too_big.status == 413
    assert "weekly learning prompt is left to `scrbot scheduler`" in output
    assert "Traceback" not in output


def call(application: BotApplication, method: str, path: str) -> tuple[str, Any]:
    environ: dict[str, Any] = {"REQUEST_METHOD": method, "PATH_INFO": path}
    setup_testing_defaults(environ)
    answered: list[str] = []
    body = b"".join(application(environ, lambda status, headers: answered.append(status)))
    return answered[0], json.loads(body)


def test_healthz_says_503_until_the_app_is_loaded() -> None:
    loaded = threading.Event()
    app: Any = object()

    def load() -> Any:
        loaded.wait(timeout=10)
        return app

    application = BotApplication(load)
    application.start_loading()
    assert call(application, "GET", "/healthz") == (
        "503 Service Unavailable",
        {"status": "starting"},
    )
    assert call(application, "POST", "/slack/events")[0] == "503 Service Unavailable"
    loaded.set()
    assert application._loader is not None
    application._loader.join(timeout=10)
    assert call(application, "GET", "/healthz") == ("200 OK", {"status": "ok"})
