"""Installing into several workspaces with OAuth: each workspace is answered with its
own token, an install state is good once, and removing the app stops the bot there.

The bot runs as ``scrbot serve --http`` in its own process with a client id and
secret (no bot token); the admins' browsers are played by :mod:`tests.install_support`
against the fake Slack, which hands out one token per workspace and records which
token every call used.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.blocks.ids import ACTION_FEEDBACK
from bot.installations import BOT_SCOPES
from index.storage.feedback import Feedback
from index.storage.installations import Installations
from index.storage.shared import shared_database
from index.storage.url import sqlite_url
from index.storage.workspace import Workspace
from tests.fakes import payloads
from tests.fakes.credentials import BOT_TOKEN, CLIENT_ID, SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.install_support import allow, begin, get, install, oauth_env, register_app
from tests.scrbot_process import ScrbotProcess, run_scrbot

MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "manifest.yml"
#: Two fictional partnerships' workspaces, each with its own channel.
WORKSPACES = {"T000ALPHA": "C000ALPHA", "T000BETA": "C000BETA"}


@pytest.fixture
def workspaces(fake_slack: FakeSlackAPI) -> FakeSlackAPI:
    register_app(fake_slack)
    for team, channel in WORKSPACES.items():
        fake_slack.add_workspace(team, f"{team} partnership (test)", channels={channel: "learning"})
    return fake_slack


@pytest.fixture
def installing_bot(workspaces: FakeSlackAPI, tmp_path: Path, index_dir: Path) -> Any:
    env = oauth_env(workspaces, tmp_path, index_dir)
    bot = ScrbotProcess.start(
        ["serve", "--http", "--host", "127.0.0.1", "--port", "0"], env, tmp_path
    )
    port = int(bot.wait_for(r"Listening on http://[\d.]+:(\d+)/slack/events"))
    bot.wait_until_healthy(port)
    bot.base_url = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
    bot.env = env  # type: ignore[attr-defined]
    bot.cwd = tmp_path  # type: ignore[attr-defined]
    yield bot
    output = bot.stop()
    assert "Traceback" not in output


def mention_in(client: SignedSlackClient, fake: FakeSlackAPI, team: str, text: str) -> int:
    """``@scrbot <text>`` in ``team``'s channel; returns the HTTP status of the ack."""
    workspace = fake.workspaces[team]
    event = payloads.app_mention(text, channel=WORKSPACES[team])
    event["team"] = team
    event["ts"] = event["event_ts"] = fake.add_message(event["channel"], event["text"])
    callback = payloads.event_callback(event, team_id=team, bot_user_id=workspace.bot_user_id)
    return client.event_callback(callback).status


def installed_teams(env: dict[str, str]) -> list[str]:
    database = shared_database(sqlite_url(Path(env["SCRBOT_STATE"])))
    return [found.team_id for found in Installations(database).all()]


def test_two_workspaces_install_and_each_is_answered_with_its_own_token(
    installing_bot: Any, workspaces: FakeSlackAPI
) -> None:
    for team in WORKSPACES:
        page = install(workspaces, installing_bot.base_url, team)
        assert "Thank you" in page or "installed" in page.lower()
    assert installed_teams(installing_bot.env) == sorted(WORKSPACES)
    client = SignedSlackClient(installing_bot.base_url, SIGNING_SECRET, fake_api=workspaces)

    asked = {"T000ALPHA": "escalation", "T000BETA": "chronic-neglect"}
    for team, theme in asked.items():
        assert mention_in(client, workspaces, team, "disguised compliance") == 200
        words = theme.replace("-", " ")
        answer = client.slash_command(words, team_id=team, channel_id=WORKSPACES[team])
        assert answer.status == 200 and f"theme:{theme}" in answer.text
    client.close()

    posts = workspaces.wait_for("chat.postMessage", 2, timeout=15)
    assert sorted(call.params["channel"] for call in posts) == sorted(WORKSPACES.values())
    for call in posts:
        assert call.ok, call.error
        assert WORKSPACES[call.team or ""] == call.params["channel"]
        assert call.token != BOT_TOKEN
    # Each workspace's record of use holds its own lookups only.
    for team, theme in asked.items():
        report = run_scrbot(
            ["report", "--team", team, "--format", "csv"], installing_bot.env, installing_bot.cwd
        )
        assert report.returncode == 0, report.stderr
        other = next(t for k, t in asked.items() if k != team)
        assert theme in report.stdout and other not in report.stdout
    # The token of each workspace was checked with Slack once, not on every request.
    checks = [call for call in workspaces.calls_to("auth.test") if call.team in WORKSPACES]
    assert len(checks) <= 2 * len(WORKSPACES)


def test_an_install_can_finish_on_another_replica(
    workspaces: FakeSlackAPI, tmp_path: Path, index_dir: Path
) -> None:
    env = oauth_env(workspaces, tmp_path, index_dir)
    replicas: list[ScrbotProcess] = []
    try:
        urls = []
        for _ in range(2):
            bot = ScrbotProcess.start(
                ["serve", "--http", "--host", "127.0.0.1", "--port", "0"], env, tmp_path
            )
            replicas.append(bot)
            port = int(bot.wait_for(r"Listening on http://[\d.]+:(\d+)/slack/events"))
            bot.wait_until_healthy(port, timeout=60)
            urls.append(f"http://127.0.0.1:{port}")
        install(workspaces, urls[0], "T000ALPHA", finish=urls[1])
        client = SignedSlackClient(urls[0], SIGNING_SECRET, fake_api=workspaces)
        assert mention_in(client, workspaces, "T000ALPHA", "help") == 200
        client.close()
        (post,) = workspaces.wait_for("chat.postMessage", timeout=15)
        assert post.ok and post.team == "T000ALPHA"
    finally:
        for bot in replicas:
            bot.stop()


def test_an_install_link_is_good_once(installing_bot: Any, workspaces: FakeSlackAPI) -> None:
    link, cookie = begin(installing_bot.base_url, "T000ALPHA")
    finish = installing_bot.base_url + allow(link)

    first, _, _ = get(finish, {"Cookie": cookie})
    again, _, _ = get(finish, {"Cookie": cookie})
    stranger, _, _ = get(finish)  # the link alone, from a browser that did not begin it

    assert first == 200
    assert again != 200 and stranger != 200
    assert installed_teams(installing_bot.env) == ["T000ALPHA"]
    assert len([c for c in workspaces.calls_to("oauth.v2.access") if c.ok]) == 1


@pytest.mark.parametrize("event_type", ["app_uninstalled", "tokens_revoked"])
def test_removing_the_app_deletes_the_token_and_the_bot_goes_quiet_there(
    installing_bot: Any, workspaces: FakeSlackAPI, event_type: str
) -> None:
    for team in WORKSPACES:
        install(workspaces, installing_bot.base_url, team)
    client = SignedSlackClient(installing_bot.base_url, SIGNING_SECRET, fake_api=workspaces)
    revoked = workspaces.uninstall("T000ALPHA")
    before = len(workspaces.calls)
    event: dict[str, Any] = {"type": event_type, "event_ts": "1700000000.000100"}
    if event_type == "tokens_revoked":
        event["tokens"] = {"oauth": [], "bot": [workspaces.workspaces["T000ALPHA"].bot_user_id]}
    callback = payloads.event_callback(event, team_id="T000ALPHA")

    assert client.event_callback(callback).status == 200
    assert installed_teams(installing_bot.env) == ["T000BETA"]

    mention_in(client, workspaces, "T000ALPHA", "help")
    assert mention_in(client, workspaces, "T000BETA", "help") == 200
    client.close()
    (post,) = workspaces.wait_for("chat.postMessage", timeout=15)
    assert post.team == "T000BETA"
    assert not [call for call in workspaces.calls[before:] if call.token in revoked]


def press_in(
    client: SignedSlackClient, fake: FakeSlackAPI, team: str, action_id: str, value: str
) -> None:
    """Someone in ``team`` presses a button on an answer in the team's channel."""
    channel = WORKSPACES[team]
    payload = payloads.block_actions(
        action_id, value, channel_id=channel, response_url=fake.response_url(channel, "U000PRAC")
    )
    payload["team"]["id"] = payload["user"]["team_id"] = team
    assert client.interaction(payload).status == 200


def test_feedback_and_uncovered_topics_are_counted_in_the_workspace_they_came_from(
    installing_bot: Any, workspaces: FakeSlackAPI
) -> None:
    for team in WORKSPACES:
        install(workspaces, installing_bot.base_url, team)
    client = SignedSlackClient(installing_bot.base_url, SIGNING_SECRET, fake_api=workspaces)
    press_in(client, workspaces, "T000ALPHA", ACTION_FEEDBACK, "helpful|theme:disguised-compliance")
    answer = client.slash_command(
        "forced marriage", team_id="T000ALPHA", channel_id=WORKSPACES["T000ALPHA"]
    )
    assert answer.status == 200
    press_in(client, workspaces, "T000BETA", ACTION_FEEDBACK, "not_helpful|case:case-z")
    client.close()
    database = shared_database(sqlite_url(Path(installing_bot.env["SCRBOT_STATE"])))
    alpha, beta = (Feedback(database, workspace=Workspace(team)) for team in WORKSPACES)
    deadline = time.monotonic() + 15
    while not (alpha.answers() and alpha.topics() and beta.answers()):
        assert time.monotonic() < deadline, "the counts were never written"
        time.sleep(0.1)
    assert [(a.item, a.helpful, a.not_helpful) for a in alpha.answers()] == [
        ("disguised-compliance", 1, 0)
    ]
    assert [(t.topic, t.lookups) for t in alpha.topics()] == [("uncovered:forced-marriage", 1)]
    assert [(a.item, a.helpful, a.not_helpful) for a in beta.answers()] == [("case-z", 0, 1)]
    assert beta.topics() == []
    assert Feedback(database).answers() == [] and Feedback(database).topics() == []
    report = run_scrbot(
        ["report", "--team", "T000BETA", "--format", "md"], installing_bot.env, installing_bot.cwd
    )
    assert report.returncode == 0, report.stderr
    assert "| Case Z | 0 | 1 |" in report.stdout
    assert "Disguised compliance" not in report.stdout and "forced marriage" not in report.stdout


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (
            ["serve", "--http"],
            {"SLACK_BOT_TOKEN": BOT_TOKEN},
            "Both SLACK_BOT_TOKEN (one workspace) and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET",
        ),
        (["serve", "--http"], {"SLACK_CLIENT_SECRET": ""}, "SLACK_CLIENT_SECRET is not set"),
        (["serve"], {}, "Installing into many workspaces needs HTTP mode"),
        (["serve", "--http"], {"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is not set"),
    ],
)
def test_install_credentials_are_checked_with_one_clear_line(
    workspaces: FakeSlackAPI,
    tmp_path: Path,
    index_dir: Path,
    args: list[str],
    env: dict[str, str],
    says: str,
) -> None:
    settings = {**oauth_env(workspaces, tmp_path, index_dir), **env}
    settings = {name: value for name, value in settings.items() if value}

    result = run_scrbot([*args, "--port", "0"], settings, tmp_path)

    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"scrbot serve: {says}"), line


def test_the_scopes_asked_for_at_install_are_the_manifests() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert set(BOT_SCOPES) == set(manifest["oauth_config"]["scopes"]["bot"])
    assert CLIENT_ID  # the fake app's id is plainly fictional
