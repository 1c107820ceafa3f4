"""The weekly prompt in each installed workspace: one runner per workspace, posting with
its own token; a workspace that removes the bot loses its runner and its jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.digest.workspaces import WorkspaceJobs, WorkspaceRunners, workspace_config
from index.digest_config import DigestConfigError
from index.settings import Settings
from index.storage.installations import Installation, Installations
from index.storage.workspace import SINGLE, Workspace
from tests.fakes.credentials import BOT_TOKEN, CLIENT_ID, CLIENT_SECRET
from tests.scheduler_support import fictional_knowledge
from tests.storage_support import open_database

ALPHA, BETA = "T000ALPHA", "T000BETA"
CHANNELS = {"C0ALPHA01": ALPHA, "C0ALPHA02": ALPHA, "C00BETA01": BETA}


def oauth_settings(channels: dict[str, str] = CHANNELS) -> Settings:
    return Settings(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        # Nothing here posts; were it to, only loopback answers (port 9, discard).
        api_url="http://127.0.0.1:9/api/",
        digest={
            "channels": [{"channel": c, **({"team": t} if t else {})} for c, t in channels.items()]
        },
    )


def install(database: Any, team: str, token: str) -> None:
    Installations(database).save(Installation(team_id=team, bot_token=token, bot_user_id="U0BOT"))


@pytest.fixture
def database(tmp_path: Path) -> Any:
    return open_database(tmp_path / "state.sqlite3")


def test_each_installed_workspace_gets_a_runner_for_its_own_channels_and_token(
    database: Any,
) -> None:
    install(database, ALPHA, "xoxb-fictional-alpha-0001")
    install(database, BETA, "xoxb-fictional-beta-0001")
    runners = WorkspaceRunners(oauth_settings(), fictional_knowledge(), database)

    current = runners.current()

    assert set(current) == {Workspace(ALPHA), Workspace(BETA)}
    alpha, beta = current[Workspace(ALPHA)], current[Workspace(BETA)]
    assert alpha.config.channel_ids == ("C0ALPHA01", "C0ALPHA02")
    assert beta.config.channel_ids == ("C00BETA01",)
    assert alpha.state.workspace == Workspace(ALPHA)
    # The same runners at the next look: nothing is made twice.
    assert runners.current()[Workspace(ALPHA)] is alpha


def test_a_workspace_that_removed_the_bot_has_no_runner_and_its_jobs_stop(database: Any) -> None:
    install(database, ALPHA, "xoxb-fictional-alpha-0001")
    install(database, BETA, "xoxb-fictional-beta-0001")
    jobs = WorkspaceJobs(WorkspaceRunners(oauth_settings(), fictional_knowledge(), database))
    jobs.refresh()
    try:
        assert jobs.workspaces == {Workspace(ALPHA), Workspace(BETA)}

        Installations(database).delete(team_id=BETA)
        jobs.refresh()

        assert jobs.workspaces == {Workspace(ALPHA)}
    finally:
        jobs.shutdown(wait=False)


def test_a_workspace_not_installed_yet_waits(database: Any) -> None:
    install(database, ALPHA, "xoxb-fictional-alpha-0001")
    runners = WorkspaceRunners(oauth_settings(), fictional_knowledge(), database)
    assert set(runners.current()) == {Workspace(ALPHA)}

    install(database, BETA, "xoxb-fictional-beta-0001")

    assert set(runners.current()) == {Workspace(ALPHA), Workspace(BETA)}


def test_with_one_bot_token_there_is_one_workspace_as_before(database: Any) -> None:
    settings = Settings(bot_token=BOT_TOKEN, digest={"channels": [{"channel": "C000TEAM"}]})
    runners = WorkspaceRunners(settings, fictional_knowledge(), database)

    assert set(runners.current()) == {SINGLE}


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        (oauth_settings({"C0ALPHA01": ""}), "C0ALPHA01 needs 'team:'"),
        (
            Settings(
                bot_token=BOT_TOKEN,
                digest={"channels": [{"channel": "C000TEAM", "team": ALPHA}]},
            ),
            "leave 'team:' out",
        ),
    ],
)
def test_channels_must_say_their_workspace_exactly_when_installing_with_oauth(
    settings: Settings, says: str
) -> None:
    with pytest.raises(DigestConfigError) as raised:
        workspace_config(settings, fictional_knowledge())
    assert says in raised.value.problems[0]


def test_scrbot_digest_asks_which_workspace_when_installed_in_several(tmp_path: Path) -> None:
    from tests.scrbot_process import run_scrbot

    config = tmp_path / "scrbot.yaml"
    config.write_text(
        "digest:\n  channels:\n    - {channel: C0ALPHA01, team: T000ALPHA}\n", encoding="utf-8"
    )
    env = {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SCRBOT_CONFIG": str(config),
        "SCRBOT_STATE": str(tmp_path / "state.sqlite3"),
    }

    unsaid = run_scrbot(["digest", "status"], env, tmp_path)
    said = run_scrbot(["digest", "status", "--team", ALPHA], env, tmp_path)

    assert unsaid.returncode == 2
    assert "say which with --team" in unsaid.stderr
    assert said.returncode == 0, said.stderr
    assert "C0ALPHA01" in said.stdout
