"""Many workspaces on one database: each one's installs, settings, weekly prompts and
records are its own; and old records can be forgotten."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.cli import main
from index.digest_config import ChannelSchedule
from index.storage.database import Database
from index.storage.digest import DigestState
from index.storage.digest_records import MISSED
from index.storage.installations import Installation, Installations
from index.storage.records import Usage
from index.storage.workspace import SINGLE, Workspace
from index.storage.workspace_settings import WorkspaceSettings
from scheduler.rotation import Choice
from scheduler.slots import slot_on

ALPHA = Workspace("T000ALPHA")
BRAVO = Workspace("T000BRAVO", enterprise_id="E000GRID")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.fixture
def database(database_url: str) -> Database:
    return Database.open(database_url)


def fictional_install(team: str, token: str, **more: object) -> Installation:
    return Installation(
        team_id=team,
        app_id="A000FICTION",
        bot_user_id="U000BOT",
        bot_token=token,
        data={"team": {"id": team}, "scope": "commands,chat:write"},
        **more,  # type: ignore[arg-type]
    )


def test_an_install_is_kept_found_replaced_and_deleted(database: Database) -> None:
    store = Installations(database)
    store.save(fictional_install("T000ALPHA", "xoxb-fictional-alpha-1"))
    store.save(fictional_install("T000BRAVO", "xoxb-fictional-bravo", enterprise_id="E000GRID"))
    found = store.find(team_id="T000ALPHA")
    assert found is not None and found.bot_token == "xoxb-fictional-alpha-1"
    assert found.data == {"team": {"id": "T000ALPHA"}, "scope": "commands,chat:write"}
    assert found.installed_at is not None and found.workspace == ALPHA

    store.save(fictional_install("T000ALPHA", "xoxb-fictional-alpha-2"))  # reinstalled
    again = store.find(team_id="T000ALPHA")
    assert again is not None and again.bot_token == "xoxb-fictional-alpha-2"
    assert [i.team_id for i in store.all()] == ["T000BRAVO", "T000ALPHA"]

    assert store.delete(team_id="T000ALPHA")
    assert store.find(team_id="T000ALPHA") is None
    assert not store.delete(team_id="T000ALPHA")
    bravo = store.find(team_id="T000BRAVO", enterprise_id="E000GRID")
    assert bravo is not None and bravo.workspace == BRAVO


def test_an_organisation_wide_install_serves_each_of_its_workspaces(database: Database) -> None:
    store = Installations(database)
    store.save(
        fictional_install(
            "", "xoxb-fictional-grid", enterprise_id="E000GRID", is_enterprise_install=True
        )
    )
    found = store.find(team_id="T000ANY", enterprise_id="E000GRID")
    assert found is not None and found.bot_token == "xoxb-fictional-grid"
    assert store.find(team_id="T000ANY") is None  # not in that organisation


def test_an_oauth_state_works_once_and_not_after_it_expires(database: Database) -> None:
    store = Installations(database)
    store.issue_state("state-fresh", expires_in=600)
    store.issue_state("state-stale", expires_in=0.5)
    assert store.consume_state("state-fresh")
    assert not store.consume_state("state-fresh")
    time.sleep(0.7)
    assert not store.consume_state("state-stale")
    assert not store.consume_state("never-issued")


def test_each_workspace_has_its_own_settings(database: Database) -> None:
    alpha, bravo = WorkspaceSettings(database, ALPHA), WorkspaceSettings(database, BRAVO)
    alpha.set("digest_channel", "C000ALPHA")
    bravo.set("digest_channel", "C000BRAVO")
    alpha.set("digest_channel", "C000ALPHA2")
    assert alpha.get("digest_channel") == "C000ALPHA2"
    assert bravo.all() == {"digest_channel": "C000BRAVO"}
    assert WorkspaceSettings(database).get("digest_channel") is None
    assert alpha.remove("digest_channel") and not alpha.remove("digest_channel")


def test_the_same_channel_and_slot_in_two_workspaces_are_two_claims(database: Database) -> None:
    slot = slot_on(ChannelSchedule("C000SHARED"), date(2026, 11, 23))
    states = [DigestState(database, workspace) for workspace in (ALPHA, BRAVO, SINGLE)]
    for state in states:
        record = state.claim(
            slot,
            owner="me",
            now=NOW,
            lease=timedelta(minutes=5),
            choose=lambda history: Choice("noticing", "case-a", 1),
        )
        assert record is not None
    alpha, bravo, single = states
    claimed = alpha.get("C000SHARED", slot.key)
    assert claimed is not None and alpha.confirm(claimed, owner="me", ts="1.1", now=NOW)
    assert [r.status for r in bravo.recent("C000SHARED")] == ["claimed"]
    assert alpha.pause("C000SHARED", by="U000ADMIN", now=NOW)
    assert bravo.paused("C000SHARED") is None and single.paused("C000SHARED") is None
    later = slot_on(ChannelSchedule("C000SHARED"), date(2026, 11, 30))
    assert bravo.mark(later, MISSED, now=NOW)
    assert alpha.get("C000SHARED", later.key) is None


def test_records_of_use_and_reports_are_per_workspace(
    database: Database,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    alpha, bravo = Usage(database, workspace=ALPHA), Usage(database, workspace=BRAVO)
    alpha.count_lookup("theme", "disguised-compliance")
    alpha.count_lookup("theme", "disguised-compliance")
    bravo.count_lookup("case", "case-z")
    number = bravo.start_discussion("case", "case-z", "C000BRAVO", "group", ["q1"])
    assert alpha.discussion(number) is None  # another workspace's discussion
    assert not alpha.move_on(number, 0, 1)
    assert [r.lookups for r in alpha.rows()] == [2]
    assert [(r.item, r.lookups, r.discussions_started) for r in bravo.rows()] == [("case-z", 1, 1)]

    monkeypatch.setenv("SCRBOT_DATABASE_URL", database_url)
    assert main(["report", "--team", "T000ALPHA", "--format", "csv"]) == 0
    alpha_report = capsys.readouterr().out
    assert "disguised-compliance" in alpha_report and "case-z" not in alpha_report
    assert main(["report", "--team", "T000BRAVO", "--format", "csv"]) == 0
    assert "case-z" in capsys.readouterr().out


def test_records_before_a_date_can_be_forgotten(database: Database) -> None:
    day = [date(2025, 1, 15)]
    usage = Usage(database, today=lambda: day[0])
    other = Usage(database, today=lambda: day[0], workspace=ALPHA)
    usage.count_lookup("theme", "noticing")
    other.count_lookup("theme", "noticing")
    old = usage.start_discussion("theme", "noticing", "C000TEAM", "group", ["q1"])
    held_late = usage.start_discussion("theme", "noticing", "C000TEAM", "group", ["q1"])
    day[0] = date(2025, 3, 10)
    usage.record_held(held_late, held_on=day[0], pack_format="group", people=4)
    usage.count_lookup("theme", "noticing")
    recent = usage.start_discussion("case", "case-z", "C000TEAM", "group", ["q1"])

    purged = usage.purge_before(date(2025, 3, 1))

    assert (purged.lookup_months, purged.discussions) == (1, 1)
    assert usage.discussion(old) is None
    assert usage.discussion(held_late) is not None  # held after the date: kept
    assert usage.discussion(recent) is not None
    assert [(month, count) for month, _, _, count in usage.lookups()] == [("2025-03", 1)]
    assert [(month, count) for month, _, _, count in other.lookups()] == [("2025-01", 1)]
