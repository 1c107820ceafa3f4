"""The bot and the scheduler at start: a database they cannot use, or one whose schema
is out of date, stops them with one clear line and exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.storage.migrations import LATEST
from tests.fakes.slack_api import FakeSlackAPI
from tests.postgres_cluster import USER
from tests.scrbot_process import ScrbotProcess, run_scrbot
from tests.slack.conftest import slack_env
from tests.storage.test_migrations import write_version_0

COMMANDS = {
    "serve over HTTP": ["serve", "--http", "--host", "127.0.0.1", "--port", "0"],
    "serve in Socket Mode": ["serve", "--host", "127.0.0.1", "--port", "0"],
    "the scheduler": ["scheduler"],
    "db status": ["db", "status"],
}


def last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


def with_a_digest_channel(env: dict[str, str], tmp_path: Path) -> None:
    """Give the scheduler a channel, so that it has work to do and opens the database."""
    config = tmp_path / "scrbot.yaml"
    config.write_text("digest:\n  channel: C000DIGEST\n", encoding="utf-8")
    env["SCRBOT_CONFIG"] = str(config)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.parametrize("command", ["serve over HTTP", "serve in Socket Mode", "the scheduler"])
def test_a_first_release_state_file_must_be_upgraded_before_start(
    tmp_path: Path, fake_slack: FakeSlackAPI, index_dir: Path, command: str
) -> None:
    env = slack_env(fake_slack, tmp_path, index_dir)
    path = Path(env["SCRBOT_STATE"])
    path.parent.mkdir(parents=True)
    write_version_0(path)
    with_a_digest_channel(env, tmp_path)

    result = run_scrbot(COMMANDS[command], env, tmp_path)

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    line = last_line(result.stderr)
    assert f"is at schema version 0; this scrbot needs version {LATEST}" in line, line
    assert line.endswith("run: scrbot db upgrade"), line

    upgraded = run_scrbot(["db", "upgrade"], env, tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    if command == "serve over HTTP":
        bot = ScrbotProcess.start(COMMANDS[command], env, cwd=tmp_path)
        try:
            bot.wait_until_healthy(int(bot.wait_for(r"Listening on http://[\d.]+:(\d+)/")))
        finally:
            assert "Traceback" not in bot.stop()


@pytest.mark.parametrize(
    "url, problem",
    [
        ("mysql://scrbot@127.0.0.1/scrbot", "database_url should be sqlite:///PATH"),
        ("var/scrbot.sqlite3", "database_url should be sqlite:///PATH"),
        ("postgresql://scrbot:secret@127.0.0.1:{port}/scrbot", "Cannot use the database"),
    ],
    ids=["an unknown scheme", "a path, not a URL", "an unreachable server"],
)
@pytest.mark.parametrize("command", ["serve over HTTP", "db status"])
def test_a_database_url_that_cannot_be_used_gives_one_clear_line(
    tmp_path: Path,
    fake_slack: FakeSlackAPI,
    index_dir: Path,
    url: str,
    problem: str,
    command: str,
) -> None:
    env = slack_env(fake_slack, tmp_path, index_dir)
    env["SCRBOT_DATABASE_URL"] = url.format(port=free_port())

    result = run_scrbot(COMMANDS[command], env, tmp_path)

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    line = last_line(result.stderr)
    assert problem in line, line
    assert "secret" not in result.stderr  # the password is never shown


def test_a_wrong_password_gives_one_clear_line(
    tmp_path: Path, fake_slack: FakeSlackAPI, index_dir: Path, postgres_server: str
) -> None:
    env = slack_env(fake_slack, tmp_path, index_dir)
    server = postgres_server.split("@", 1)[1]
    env["SCRBOT_DATABASE_URL"] = f"postgresql://{USER}:not-the-password@{server}"
    with_a_digest_channel(env, tmp_path)

    for command in ("serve over HTTP", "the scheduler", "db status"):
        result = run_scrbot(COMMANDS[command], env, tmp_path)
        assert result.returncode == 2, result.stderr
        line = last_line(result.stderr)
        assert "password authentication failed" in line, line
        assert "not-the-password" not in result.stderr
