"""The bot as Slack reaches it: signed HTTP, health checks, retries, Socket Mode, start-up."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import payloads
from tests.fakes.credentials import OTHER_APP_TOKEN, OTHER_BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.fakes.socket_mode import FakeSocketModeServer
from tests.scrbot_process import ScrbotProcess, run_scrbot
from tests.slack.conftest import slack_env

#: Slack gives up on an answer after three seconds.
SLACK_TIMEOUT = 3.0


def answered_text(ack_body: Any, fake: FakeSlackAPI) -> str:
    """What the person saw: the ack's own message, else what went to the response URL."""
    if isinstance(ack_body, dict) and (ack_body.get("blocks") or ack_body.get("text")):
        return json.dumps(ack_body)
    calls = fake.wait_for("response_url")
    return json.dumps(calls[0].params)


# -- signed HTTP ---------------------------------------------------------------


@pytest.mark.parametrize("signature", ["bad", "missing", "stale"])
def test_request_without_a_valid_signature_is_refused(
    slack: SignedSlackClient, fake_slack: FakeSlackAPI, signature: str
) -> None:
    answer = slack.slash_command("disguised compliance", signature=signature)

    assert answer.status == 401
    assert fake_slack.calls_to("response_url") == []
    assert fake_slack.calls_to("chat.postMessage") == []


def test_signed_slash_command_is_acknowledged_within_slacks_limit(
    slack: SignedSlackClient, fake_slack: FakeSlackAPI
) -> None:
    answer = slack.slash_command("disguised compliance")

    assert answer.status == 200
    assert answer.elapsed < SLACK_TIMEOUT
    assert "isguised compliance" in answered_text(answer.json(), fake_slack)


def test_url_verification_echoes_the_challenge(slack: SignedSlackClient) -> None:
    answer = slack.url_verification(
        "fictional-challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    )

    assert answer.status == 200
    assert answer.json() == {
        "challenge": "fictional-challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    }


def test_healthz_is_ok_once_the_app_is_loaded(slack: SignedSlackClient) -> None:
    answer = slack.get("/healthz")

    assert answer.status == 200
    assert answer.json() == {"status": "ok"}


def test_healthz_and_events_say_503_until_the_app_is_attached(bot_app: Any) -> None:
    from bot.http_server import SlackHTTPServer

    server = SlackHTTPServer(("127.0.0.1", 0))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = SignedSlackClient(f"http://127.0.0.1:{server.port}", SIGNING_SECRET)
    try:
        assert client.get("/healthz").status == 503
        assert client.slash_command("neglect").status == 503

        server.attach(bot_app)

        assert client.get("/healthz").status == 200
        assert client.slash_command("neglect").status == 200
    finally:
        client.close()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/"), ("GET", "/slack/events"), ("POST", "/slack/other"), ("GET", "/healthz/x")],
)
def test_unknown_paths_are_404(slack: SignedSlackClient, method: str, path: str) -> None:
    answer = slack.request(method, path, b"", {"Content-Length": "0"})

    assert answer.status == 404


def test_a_body_too_big_to_be_from_slack_is_refused(slack: SignedSlackClient) -> None:
    # Only the headers are sent: the server must refuse on the declared length alone.
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": "50000000"}
    answer = slack.request("POST", "/slack/events", b"", headers)

    assert answer.status == 413


def test_a_slow_answer_does_not_hold_up_other_requests(fake_slack: FakeSlackAPI) -> None:
    # The server's own behaviour, with a deliberately slow listener: each
    # connection has its own thread, so one slow ack delays nobody else.
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot.http_server import SlackHTTPServer

    app = App(
        client=WebClient(token=fake_slack.bot_token, base_url=fake_slack.api_url),
        signing_secret=SIGNING_SECRET,
        process_before_response=True,
    )
    entered, release = threading.Event(), threading.Event()

    @app.command("/scr")
    def answer(ack: Any, command: dict[str, str]) -> None:
        if command["text"] == "slow":
            entered.set()
            release.wait(timeout=5)
        ack(command["text"])

    server = SlackHTTPServer(("127.0.0.1", 0), app=app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.port}"
    slow_answer: list[Any] = []
    slow = threading.Thread(
        target=lambda: slow_answer.append(
            SignedSlackClient(base, SIGNING_SECRET).slash_command("slow")
        )
    )
    try:
        slow.start()
        assert entered.wait(timeout=5)
        fast = SignedSlackClient(base, SIGNING_SECRET, timeout=2).slash_command("fast")
        slow_still_waiting = not slow_answer
        release.set()
        slow.join(timeout=5)
    finally:
        release.set()
        server.shutdown()
        server.server_close()

    assert fast.status == 200 and fast.text == "fast"
    assert slow_still_waiting
    assert slow_answer[0].text == "slow"


def test_requests_share_one_kept_alive_connection(slack: SignedSlackClient) -> None:
    first = slack.slash_command("neglect")
    connection = slack._connection
    second = slack.slash_command("escalation")

    assert (first.status, second.status) == (200, 200)
    assert slack._connection is connection  # HTTP/1.1 keep-alive, as Slack's senders use


def test_a_retried_event_is_answered_once(
    slack: SignedSlackClient, fake_slack: FakeSlackAPI
) -> None:
    mention = payloads.event_callback(payloads.app_mention("disguised compliance"))
    first = slack.event_callback(mention)
    fake_slack.wait_for("chat.postMessage")
    # Slack resends the same event_id (with a fresh signature) when it thinks the
    # first delivery failed; the bot must acknowledge it and not answer twice.
    retry = slack.event_callback(mention, retry_num=1, timestamp=int(time.time()) + 1)
    later = slack.event_callback(payloads.event_callback(payloads.app_mention("neglect")))
    fake_slack.wait_for("chat.postMessage", 2)
    time.sleep(0.3)  # give a wrongly processed retry time to show itself

    assert (first.status, retry.status, later.status) == (200, 200, 200)
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


# -- Socket Mode ---------------------------------------------------------------


def test_socket_mode_connects_with_the_app_token(
    socket_mode: FakeSocketModeServer, fake_slack: FakeSlackAPI
) -> None:
    opened = fake_slack.calls_to("apps.connections.open")

    assert len(opened) == 1 and opened[0].ok
    assert opened[0].headers["authorization"] == f"Bearer {fake_slack.app_token}"
    assert socket_mode.connections_made == 1


def test_slash_command_over_socket_mode_is_acknowledged_and_answered(
    socket_mode: FakeSocketModeServer, fake_slack: FakeSlackAPI
) -> None:
    form = payloads.slash_command(
        "disguised compliance", response_url=fake_slack.response_url("C000TEAM", "U000LEAD")
    )
    started = time.monotonic()
    envelope_id = socket_mode.slash_command(form)
    ack = socket_mode.wait_for_ack(envelope_id)

    assert time.monotonic() - started < SLACK_TIMEOUT
    assert "isguised compliance" in answered_text(ack.get("payload"), fake_slack)


def test_mention_over_socket_mode_is_acknowledged_and_answered(
    socket_mode: FakeSocketModeServer, fake_slack: FakeSlackAPI
) -> None:
    mention = payloads.app_mention("neglect")
    fake_slack.add_event_message(mention)
    envelope_id = socket_mode.event(payloads.event_callback(mention))

    socket_mode.wait_for_ack(envelope_id)
    posted = fake_slack.wait_for("chat.postMessage")
    assert posted[0].params["channel"] == "C000TEAM"
    assert posted[0].ok


@pytest.mark.parametrize(
    ("how", "within"),
    # The built-in client alone takes up to ping_interval (5 s) after a close and
    # 4 x ping_interval after a hang-up; bot.socket_mode's watch takes ~1 s. A
    # ``disconnect`` message is the client's own fast path (slowed only by its 3 s
    # read timeout before it lets go of the old socket).
    [("close", 3.0), ("cut", 3.0), ("disconnect_message", 6.0)],
)
def test_socket_mode_reconnects_after_the_connection_ends(
    socket_mode: FakeSocketModeServer, fake_slack: FakeSlackAPI, how: str, within: float
) -> None:
    if how == "close":
        socket_mode.drop()
    elif how == "disconnect_message":
        socket_mode.disconnect()
    else:
        socket_mode.drop(abruptly=True)  # a hang-up without a WebSocket close

    socket_mode.wait_for_connection(2, timeout=within)
    assert len(fake_slack.calls_to("apps.connections.open")) >= 2
    form = payloads.slash_command("neglect", response_url=fake_slack.response_url())
    ack = socket_mode.wait_for_ack(socket_mode.slash_command(form))
    assert ack["envelope_id"]


# -- scrbot serve: credentials and start-up --------------------------------------


#: Well formed, but another workspace's: they pass the format checks, and the
#: fake Slack refuses them.
GOOD_BOT_TOKEN = OTHER_BOT_TOKEN
GOOD_APP_TOKEN = OTHER_APP_TOKEN


@pytest.mark.parametrize(
    ("args", "env", "variable"),
    [
        (["serve"], {}, "SLACK_BOT_TOKEN"),
        (["serve", "--http"], {"SLACK_SIGNING_SECRET": SIGNING_SECRET}, "SLACK_BOT_TOKEN"),
        (["serve"], {"SLACK_BOT_TOKEN": "xoxp-fictional-user-token-0000000000"}, "SLACK_BOT_TOKEN"),
        (["serve"], {"SLACK_BOT_TOKEN": "xoxb-"}, "SLACK_BOT_TOKEN"),
        (["serve"], {"SLACK_BOT_TOKEN": GOOD_BOT_TOKEN}, "SLACK_APP_TOKEN"),
        (
            ["serve"],
            {"SLACK_BOT_TOKEN": GOOD_BOT_TOKEN, "SLACK_APP_TOKEN": GOOD_BOT_TOKEN},
            "SLACK_APP_TOKEN",
        ),
        (["serve", "--http"], {"SLACK_BOT_TOKEN": GOOD_BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
        (
            ["serve", "--http"],
            {"SLACK_BOT_TOKEN": GOOD_BOT_TOKEN, "SLACK_SIGNING_SECRET": "not the secret!"},
            "SLACK_SIGNING_SECRET",
        ),
        (
            ["run"],
            {"SLACK_BOT_TOKEN": GOOD_BOT_TOKEN, "SLACK_SIGNING_SECRET": "short"},
            "SLACK_SIGNING_SECRET",
        ),
    ],
)
def test_missing_or_malformed_credentials_give_one_clear_line(
    tmp_path: Path, args: list[str], env: dict[str, str], variable: str
) -> None:
    result = run_scrbot(args, env, tmp_path)

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0] and "set it to" in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("args", "variable", "token"),
    [
        (["serve", "--http"], "SLACK_BOT_TOKEN", GOOD_BOT_TOKEN),
        (["serve"], "SLACK_APP_TOKEN", GOOD_APP_TOKEN),
    ],
)
def test_a_token_slack_refuses_gives_one_clear_line(
    tmp_path: Path,
    fake_slack: FakeSlackAPI,
    index_dir: Path,
    args: list[str],
    variable: str,
    token: str,
) -> None:
    env = slack_env(fake_slack, tmp_path, index_dir)
    env[variable] = token  # well formed, but not this workspace's
    fake_slack.socket_mode_url = "ws://127.0.0.1:9/never-used"

    result = run_scrbot([*args, "--host", "127.0.0.1", "--port", "0"], env, tmp_path)

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert variable in last and "invalid_auth" in last


@pytest.mark.parametrize("mode", ["http", "socket mode"])
@pytest.mark.parametrize("state", ["a folder", "not a database"])
def test_an_unusable_state_file_gives_one_clear_line(
    tmp_path: Path, fake_slack: FakeSlackAPI, index_dir: Path, mode: str, state: str
) -> None:
    env = slack_env(fake_slack, tmp_path, index_dir)
    path = Path(env["SCRBOT_STATE"])
    if state == "a folder":
        path.mkdir(parents=True)
    else:
        path.parent.mkdir(parents=True)
        path.write_text("fictional notes, not a state file\n" * 200, encoding="utf-8")
    args = ["serve", "--http"] if mode == "http" else ["serve"]
    if mode != "http":
        del env["SLACK_SIGNING_SECRET"]  # Socket Mode needs none

    result = run_scrbot([*args, "--host", "127.0.0.1", "--port", "0"], env, tmp_path)

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"scrbot serve: The state file {path} cannot be used"), last


def test_a_port_in_use_gives_one_clear_line(
    tmp_path: Path, fake_slack: FakeSlackAPI, index_dir: Path, bot_server: Any
) -> None:
    env = slack_env(fake_slack, tmp_path, index_dir)

    result = run_scrbot(["serve", "--http", "--port", str(bot_server.port)], env, tmp_path)

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"scrbot serve: Cannot listen on port {bot_server.port} (it is already in use): "
        "choose another with --port N or PORT."
    ]


def test_scrbot_serve_http_answers_slack_and_stops_cleanly(
    tmp_path: Path, fake_slack: FakeSlackAPI, index_dir: Path
) -> None:
    env = slack_env(fake_slack, tmp_path, index_dir)
    bot = ScrbotProcess.start(
        ["serve", "--http", "--host", "127.0.0.1", "--port", "0"], env, tmp_path
    )
    try:
        port = int(bot.wait_for(r"Listening on http://[\d.]+:(\d+)/slack/events"))
        bot.wait_until_healthy(port)
        client = SignedSlackClient(f"http://127.0.0.1:{port}", SIGNING_SECRET, fake_api=fake_slack)

        answer = client.slash_command("disguised compliance")
        client.close()

        assert answer.status == 200
        assert "isguised compliance" in answered_text(answer.json(), fake_slack)
    finally:
        output = bot.stop()
    assert "Traceback" not in output


def test_scrbot_serve_socket_mode_answers_slack_and_stops_cleanly(
    tmp_path: Path, fake_slack: FakeSlackAPI, index_dir: Path
) -> None:
    env = slack_env(fake_slack, tmp_path, index_dir)
    del env["SLACK_SIGNING_SECRET"]  # Socket Mode needs none
    with FakeSocketModeServer() as socket_server:
        fake_slack.socket_mode_url = socket_server.issue_url
        bot = ScrbotProcess.start(["serve", "--host", "127.0.0.1", "--port", "0"], env, tmp_path)
        try:
            port = int(bot.wait_for(r"Health check on http://[\d.]+:(\d+)/healthz"))
            socket_server.wait_for_connection(timeout=20)
            bot.wait_until_healthy(port)
            form = payloads.slash_command(
                "disguised compliance", response_url=fake_slack.response_url()
            )

            ack = socket_server.wait_for_ack(socket_server.slash_command(form))

            assert "isguised compliance" in answered_text(ack.get("payload"), fake_slack)
        finally:
            output = bot.stop()
    assert "Traceback" not in output


def test_scrbot_run_without_credentials_starts_the_console(tmp_path: Path, index_dir: Path) -> None:
    result = run_scrbot(
        ["run"], {"SCRBOT_INDEX_DIR": str(index_dir)}, tmp_path, stdin=subprocess.DEVNULL
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[0].startswith("No Slack credentials are set")
    assert "Traceback" not in result.stderr + result.stdout
