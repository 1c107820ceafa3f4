"""Creating and upgrading the schema: nothing lost, safe from two processes at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from bot.cli import main
from index.storage.database import Database
from index.storage.digest import DigestState
from index.storage.errors import SchemaOutOfDate, StorageError
from index.storage.migrations import LATEST, current_version, ensure_current, upgrade
from index.storage.records import Usage
from index.storage.tables import metadata
from tests.storage_support import query, race_processes

# The first release's tables exactly as it created them (scheduler/state.py,
# index/usage.py, bot/dedupe.py and bot/replay.py before versions existed).
VERSION_0 = (
    """CREATE TABLE IF NOT EXISTS digest_slots (
        channel TEXT NOT NULL,
        slot TEXT NOT NULL,
        scheduled_at TEXT NOT NULL,
        status TEXT NOT NULL,
        theme TEXT,
        example TEXT,
        round INTEGER,
        pinned INTEGER NOT NULL DEFAULT 0,
        claimed_at TEXT,
        claimed_by TEXT,
        lease_until TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        posted_at TEXT,
        ts TEXT,
        error TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (channel, slot)
    )""",
    "CREATE INDEX IF NOT EXISTS digest_slots_by_time ON digest_slots (channel, scheduled_at)",
    """CREATE TABLE IF NOT EXISTS digest_channels (
        channel TEXT PRIMARY KEY,
        first_seen TEXT NOT NULL,
        paused_at TEXT,
        paused_by TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS digest_pins (
        channel TEXT NOT NULL,
        week TEXT NOT NULL,
        theme TEXT NOT NULL,
        pinned_by TEXT,
        pinned_at TEXT NOT NULL,
        PRIMARY KEY (channel, week)
    )""",
    """CREATE TABLE IF NOT EXISTS digest_skips (
        channel TEXT NOT NULL,
        slot TEXT NOT NULL,
        skipped_by TEXT,
        skipped_at TEXT NOT NULL,
        PRIMARY KEY (channel, slot)
    )""",
    """CREATE TABLE IF NOT EXISTS usage_lookups (
        month TEXT NOT NULL,
        kind TEXT NOT NULL,
        item TEXT NOT NULL,
        lookups INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (month, kind, item)
    )""",
    """CREATE TABLE IF NOT EXISTS usage_discussions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        item TEXT NOT NULL,
        channel TEXT NOT NULL,
        format TEXT NOT NULL,
        pace TEXT NOT NULL,
        questions TEXT NOT NULL,
        asked INTEGER NOT NULL DEFAULT 0,
        started_on TEXT NOT NULL,
        held_on TEXT,
        held_format TEXT,
        people INTEGER,
        actions TEXT,
        recorded_on TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS usage_discussions_held ON usage_discussions (held_on)",
    """CREATE TABLE IF NOT EXISTS seen_event (
        event_id TEXT PRIMARY KEY,
        seen_at REAL NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS seen_event_age ON seen_event (seen_at)",
    """CREATE TABLE IF NOT EXISTS seen_request (
        signature TEXT PRIMARY KEY,
        request_timestamp INTEGER NOT NULL,
        seen_at REAL NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS seen_request_age ON seen_request (seen_at)",
)

# Rows as the first release wrote them (fictional channels, people and themes).
VERSION_0_ROWS: dict[str, list[tuple[Any, ...]]] = {
    "digest_slots": [
        (
            "C000TEAM",
            "2026-11-23T09:30",
            "2026-11-23T09:30:00.000000Z",
            "posted",
            "noticing",
            "case-a",
            1,
            0,
            "2026-11-23T09:30:01.250000Z",
            "host:1:ab",
            None,
            1,
            "2026-11-23T09:30:02.500000Z",
            "1700000000.000100",
            None,
            "2026-11-23T09:30:02.500000Z",
        ),
        (
            "C000TEAM",
            "2026-11-30T09:30",
            "2026-11-30T09:30:00.000000Z",
            "claimed",
            "recording",
            "case-b",
            1,
            1,
            "2026-11-30T09:30:00.100000Z",
            "host:2:cd",
            "2026-11-30T09:35:00.100000Z",
            2,
            None,
            None,
            None,
            "2026-11-30T09:31:00.000000Z",
        ),
        (
            "C000TEAM",
            "2026-12-07T09:30",
            "2026-12-07T09:30:00.000000Z",
            "missed",
            None,
            None,
            None,
            0,
            None,
            None,
            None,
            0,
            None,
            None,
            "the bot was not running then",
            "2026-12-08T10:00:00.000000Z",
        ),
    ],
    "digest_channels": [
        ("C000TEAM", "2026-11-01T08:00:00.000000Z", "2026-12-01T12:00:00.000000Z", "U000ADMIN"),
        ("C000OTHER", "2026-11-02T08:00:00.000000Z", None, None),
    ],
    "digest_pins": [
        ("C000TEAM", "2026-12-14", "planning", "U000ADMIN", "2026-12-01T12:05:00.000000Z"),
        ("*", "2026-12-21", "recording", None, "2026-12-01T12:06:00.000000Z"),
    ],
    "digest_skips": [
        ("C000TEAM", "2026-12-28T09:30", "U000ADMIN", "2026-12-01T12:07:00.000000Z"),
    ],
    "usage_lookups": [
        ("2026-11", "theme", "noticing", 7),
        ("2026-12", "case", "case-a", 3),
    ],
    "usage_discussions": [
        (
            3,
            "theme",
            "noticing",
            "C000TEAM",
            "group",
            "one",
            "q1,q2",
            1,
            "2026-11-20",
            "2026-11-21",
            "group",
            6,
            "Add a prompt to case audits",
            "2026-11-21",
        ),
        (
            9,
            "case",
            "case-a",
            "direct message",
            "supervision",
            "all",
            "q3",
            0,
            "2026-11-22",
            None,
            None,
            None,
            None,
            None,
        ),
    ],
    "seen_event": [("Ev000FICTION", 1764900000.25)],
    "seen_request": [("1764900000:v0=fictional", 1764900000, 1764900000.5)],
}


def moment(text: str | None) -> datetime | None:
    """A time as the first release wrote it, read back."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC) if text else None


def write_version_0(path: Path) -> None:
    """A state file written by the first release, with a row or more in every table."""
    with sqlite3.connect(path) as db:
        for statement in VERSION_0:
            db.execute(statement)
        for table, rows in VERSION_0_ROWS.items():
            for row in rows:
                marks = ", ".join("?" * len(row))
                db.execute(f"INSERT INTO {table} VALUES ({marks})", row)


def test_an_empty_database_gets_todays_tables(database_url: str) -> None:
    database = Database.connect(database_url)
    assert current_version(database) is None
    assert upgrade(database) == [LATEST]
    assert current_version(database) == LATEST
    with database.read() as conn:
        assert set(inspect(conn).get_table_names()) == set(metadata.tables)
    assert upgrade(database) == []  # a second run has nothing to do


def test_opening_an_empty_database_creates_the_tables_but_never_upgrades(
    database_url: str,
) -> None:
    with pytest.raises(SchemaOutOfDate, match="scrbot db upgrade"):
        ensure_current(Database.connect(database_url), create=False)
    database = Database.open(database_url)
    assert current_version(database) == LATEST


def upgrade_in_a_process(url: str, start: Any, results: Any) -> None:
    database = Database.connect(url)
    start.wait(timeout=30)
    results.put(upgrade(database))


def test_two_processes_upgrading_at_once_create_the_tables_once(database_url: str) -> None:
    applied = sorted(race_processes(upgrade_in_a_process, [(database_url,), (database_url,)]))
    assert applied == [[], [LATEST]]
    rows = query(Database.connect(database_url), "SELECT version FROM schema_version")
    assert rows == [{"version": LATEST}]


def test_upgrading_a_first_release_state_file_keeps_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "scrbot.sqlite3"
    write_version_0(path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCRBOT_STATE", str(path))

    # Refused until upgraded, and saying how.
    url = f"sqlite:///{path.as_posix()}"
    with pytest.raises(SchemaOutOfDate, match="schema version 0.*scrbot db upgrade"):
        Database.open(url)
    assert main(["db", "status"]) == 1
    assert "scrbot db upgrade" in capsys.readouterr().out

    assert main(["db", "upgrade"]) == 0
    assert f"from schema version 0 to {LATEST}" in capsys.readouterr().out
    database = Database.open(url)

    # Every row, column for column (times now read back as aware datetimes).
    state = DigestState(database)
    slots = {r.slot: r for r in state.recent("C000TEAM", limit=10)}
    assert len(slots) == 3
    for row in VERSION_0_ROWS["digest_slots"]:
        record = slots[row[1]]
        assert (
            record.channel, record.slot, record.scheduled_at, record.status, record.theme,
            record.example, record.round, int(record.pinned), record.claimed_at,
            record.claimed_by, record.lease_until, record.attempts, record.posted_at,
            record.ts, record.error,
        ) == (
            row[0], row[1], moment(row[2]), row[3], row[4], row[5], row[6], row[7],
            moment(row[8]), row[9], moment(row[10]), row[11], moment(row[12]), row[13], row[14],
        )  # fmt: skip
    assert state.known_since("C000TEAM") == moment("2026-11-01T08:00:00.000000Z")
    assert state.known_since("C000OTHER") == moment("2026-11-02T08:00:00.000000Z")
    assert state.paused("C000TEAM") == (moment("2026-12-01T12:00:00.000000Z"), "U000ADMIN")
    assert state.paused("C000OTHER") is None
    pins = [(p.channel, p.week, p.theme, p.pinned_by) for p in state.pins("C000TEAM")]
    assert pins == [
        ("C000TEAM", date(2026, 12, 14), "planning", "U000ADMIN"),
        ("*", date(2026, 12, 21), "recording", None),
    ]
    skipped = query(database, "SELECT channel, slot, skipped_by, skipped_at FROM digest_skips")
    assert [tuple(r.values()) for r in skipped] == list(VERSION_0_ROWS["digest_skips"])

    usage = Usage(database)
    assert sorted(usage.lookups()) == [
        ("2026-11", "theme", "noticing", 7),
        ("2026-12", "case", "case-a", 3),
    ]
    held = usage.discussion(3)
    assert held is not None
    assert (held.kind, held.item, held.channel, held.format, held.pace, held.question_ids) == (
        "theme", "noticing", "C000TEAM", "group", "one", ("q1", "q2"),
    )  # fmt: skip
    assert (held.asked, held.started_on, held.held_on, held.held_format, held.people) == (
        1, date(2026, 11, 20), date(2026, 11, 21), "group", 6,
    )  # fmt: skip
    assert held.actions == "Add a prompt to case audits"
    pending = usage.discussion(9)
    assert pending is not None and (pending.channel, pending.pace, pending.held) == (
        "direct message", "all", False,
    )  # fmt: skip
    # Ids go on from the highest kept, so a button already posted never finds another record.
    assert usage.start_discussion("case", "case-a", "C000TEAM", "group", ["q1"]) == 10

    events = query(database, "SELECT event_id, seen_at FROM seen_event")
    assert events == [{"event_id": "Ev000FICTION", "seen_at": "2025-12-05T02:00:00.250000Z"}]
    requests = query(database, "SELECT * FROM seen_request")
    assert requests == [
        {
            "signature": "1764900000:v0=fictional",
            "request_timestamp": 1764900000,
            "seen_at": "2025-12-05T02:00:00.500000Z",
        }
    ]
    # Nothing of the old layout is left behind.
    with database.read() as conn:
        assert set(inspect(conn).get_table_names()) == set(metadata.tables)


def test_a_database_newer_than_this_scrbot_is_refused(database_url: str) -> None:
    database = Database.open(database_url)
    with database.write() as conn:
        conn.exec_driver_sql(
            f"INSERT INTO schema_version (version, description) VALUES ({LATEST + 1}, 'later')"
        )
    with pytest.raises(SchemaOutOfDate, match="newer than this scrbot"):
        Database.open(database_url)
    with pytest.raises(SchemaOutOfDate, match="newer than this scrbot"):
        upgrade(database)


def test_a_sqlite_too_old_for_returning_is_refused_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    with pytest.raises(StorageError, match=r"SQLite is 3\.31\.1; scrbot needs 3\.35\.0"):
        Database.connect(f"sqlite:///{(tmp_path / 'state.sqlite3').as_posix()}")


def connect_when_told(url: str, start: Any, results: Any) -> None:
    start.wait(timeout=30)  # every process at once
    try:
        Database.connect(url).engine.dispose()
        results.put("opened")
    except StorageError as error:
        results.put(str(error))


def test_processes_opening_a_new_state_file_together_all_open_it(tmp_path: Path) -> None:
    # Two scrbot db upgrade, or a bot and its scheduler starting side by side: the
    # first to open a new file switches it to WAL, and the others wait for that
    # rather than being told the database is locked. (Before, about one round in
    # eight failed; forked processes, so the rounds are quick.)
    context = multiprocessing.get_context("fork")
    problems = []
    for round_number in range(30):
        url = f"sqlite:///{(tmp_path / f'state-{round_number}.sqlite3').as_posix()}"
        start, results = context.Event(), context.Queue()
        workers = [
            context.Process(target=connect_when_told, args=(url, start, results)) for _ in range(4)
        ]
        for worker in workers:
            worker.start()
        start.set()
        problems += [
            found for found in (results.get(timeout=60) for _ in workers) if found != "opened"
        ]
        for worker in workers:
            worker.join(timeout=30)
    assert problems == []
