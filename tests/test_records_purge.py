"""``scrbot records purge --before DATE``: the record of use older than a date is
forgotten, what is newer is kept, and the report shows it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from index.storage.database import Database
from index.storage.records import Usage
from index.storage.url import sqlite_url


def record(path: Path, day: date) -> None:
    database = Database.open(sqlite_url(path))
    try:
        usage = Usage(database, today=lambda: day)
        usage.count_lookup("theme", "disguised-compliance")
        usage.start_discussion("theme", "disguised-compliance", "C07QX5MJ2KA", "group", ["q1"])
    finally:
        database.close()


def counts(path: Path) -> tuple[int, int]:
    database = Database.open(sqlite_url(path))
    try:
        usage = Usage(database)
        return len(usage.lookups()), len(usage.discussions())
    finally:
        database.close()


def test_purge_forgets_what_is_older_and_keeps_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "scrbot.sqlite3"
    record(state, date(2025, 1, 15))
    record(state, date(2026, 6, 15))
    assert counts(state) == (2, 2)
    code = main(["records", "purge", "--before", "2026-01-01", "--state", str(state)])
    assert code == 0
    assert "Forgot 1 month(s) of lookup counts and 1 discussion(s)" in capsys.readouterr().out
    assert counts(state) == (1, 1)


def test_purge_with_no_state_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.sqlite3"
    assert main(["records", "purge", "--before", "2026-01-01", "--state", str(missing)]) == 2
    assert "nothing to purge" in capsys.readouterr().err
    assert not missing.exists()


def test_purge_needs_a_real_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["records", "purge", "--before", "last year"])
    assert stopped.value.code == 2
