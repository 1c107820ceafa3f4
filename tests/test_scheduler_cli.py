"""``scrbot digest`` and ``scrbot scheduler`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.scrbot_process import run_scrbot


@pytest.fixture
def in_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder with no config and no Slack settings in the environment."""
    monkeypatch.chdir(tmp_path)
    for name in (
        "SCRBOT_CONFIG",
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "SCRBOT_STATE",
        "SCRBOT_DATABASE_URL",
        "SCRBOT_ADMINS",
    ):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_preview_on_a_fresh_clone_shows_a_whole_post_and_creates_nothing(tmp_path: Path) -> None:
    done = run_scrbot(["digest", "preview"], {}, tmp_path)
    assert done.returncode == 0, done.stderr
    shown = done.stdout
    assert "Preview — nothing has been posted" in shown
    assert "Learning from reviews — week of " in shown
    assert "Where it showed: Case " in shown or "From the " in shown
    assert "Three points for practice" in shown and shown.count("\n• ") >= 3
    assert "To talk about" in shown
    assert "[ Read more ]  [ More questions ]  [ Start a discussion ]" in shown
    assert "This week's question:" in shown
    assert list(tmp_path.iterdir()) == []  # no state file, no folders


def test_status_lists_each_channel_with_its_next_slot(in_folder: Path, capsys) -> None:
    (in_folder / "scrbot.yaml").write_text(
        "digest:\n"
        "  channels:\n"
        "    - channel: C0123TEAM\n"
        "    - {channel: C0456TEAM, day: friday, time: '16:00'}\n",
        encoding="utf-8",
    )
    assert main(["digest", "status"]) == 0
    shown = capsys.readouterr().out
    assert "C0123TEAM — Mondays at 09:30 (Europe/London)" in shown
    assert "C0456TEAM — Fridays at 16:00 (Europe/London)" in shown
    assert shown.count("Next: ") == 2


def test_status_of_one_workspace_shows_its_posts_and_no_others(in_folder: Path, capsys) -> None:
    from datetime import UTC, date, datetime, timedelta

    from index.digest_config import ChannelSchedule
    from index.storage.digest import DigestState
    from index.storage.workspace import Workspace
    from scheduler.rotation import Choice
    from scheduler.slots import slot_on
    from tests.storage_support import open_database

    (in_folder / "scrbot.yaml").write_text("digest:\n  channel: C0123TEAM\n", encoding="utf-8")
    state = DigestState(open_database(in_folder / "var" / "scrbot.sqlite3"), Workspace("T000ALPHA"))
    slot = slot_on(ChannelSchedule("C0123TEAM"), date(2026, 11, 23))
    when = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    record = state.claim(
        slot,
        owner="test",
        now=when,
        lease=timedelta(minutes=5),
        choose=lambda history: Choice("disguised-compliance", "case-y", 1),
    )
    assert record is not None and state.confirm(record, owner="test", ts="1.2", now=when)

    assert main(["digest", "status", "--team", "T000ALPHA"]) == 0
    assert "23 November" in capsys.readouterr().out
    assert main(["digest", "status"]) == 0  # the single workspace's: nothing posted
    assert "23 November" not in capsys.readouterr().out


def test_a_broken_digest_config_is_refused_with_one_line_per_problem(
    in_folder: Path, capsys
) -> None:
    (in_folder / "scrbot.yaml").write_text(
        "digest:\n  channels:\n    - {channel: C0123TEAM, day: funday, timezone: Europe/Londn}\n",
        encoding="utf-8",
    )
    assert main(["digest", "preview"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "scrbot digest: scrbot.yaml: digest.channels[0].day: 'funday' is not a day of the week "
        "(did you mean "
        "'sunday'?). Use a day name such as monday.",
        "scrbot digest: scrbot.yaml: digest.channels[0].timezone: 'Europe/Londn' is not a time "
        "zone we know "
        "(did you mean 'Europe/London'?). Use an IANA name such as Europe/London.",
    ]


def test_post_needs_a_bot_token_and_says_so(in_folder: Path, capsys) -> None:
    assert main(["digest", "post", "--channel", "C0123TEAM"]) == 2
    assert "SLACK_BOT_TOKEN" in capsys.readouterr().err


def test_the_scheduler_needs_a_bot_token_and_says_so(in_folder: Path, capsys) -> None:
    assert main(["scheduler"]) == 2
    assert "bot_token is not set" in capsys.readouterr().err


def test_a_preview_with_no_channel_says_nothing_will_post_and_how_to_set_one(
    in_folder: Path, capsys
) -> None:
    assert main(["digest", "preview"]) == 0
    shown = capsys.readouterr()
    assert "Learning from reviews — week of" in shown.out  # the preview itself
    (note,) = shown.err.splitlines()
    assert "no channel is set up" in note and "nothing will be posted" in note
    assert "digest:" in note and "scrbot.yaml" in note


def test_a_preview_for_a_set_up_channel_has_no_such_note(in_folder: Path, capsys) -> None:
    (in_folder / "scrbot.yaml").write_text(
        "digest:\n  channels:\n    - {channel: C0123TEAM, day: monday}\n", encoding="utf-8"
    )
    assert main(["digest", "preview"]) == 0
    assert capsys.readouterr().err == ""
