"""Exactly one process leads a role; another takes over when it stops."""

from __future__ import annotations

import logging
import time
from datetime import datetime

import pytest

from index.storage.database import Database
from index.storage.errors import StorageError
from index.storage.leader import AdvisoryLock, LeaseLock, leader_lock
from scheduler.leadership import Leadership


def test_one_process_leads_and_another_takes_over_when_it_gives_up(database_url: str) -> None:
    first = leader_lock(Database.open(database_url), "scheduler", "first")
    second = leader_lock(Database.open(database_url), "scheduler", "second")
    assert first.try_lead()
    assert first.try_lead()  # renewing keeps it
    assert not second.try_lead()
    first.release()
    assert second.try_lead()
    assert not first.try_lead()
    second.release()


def test_the_database_picks_its_own_kind_of_lock(database_url: str) -> None:
    database = Database.open(database_url)
    lock = leader_lock(database, "scheduler", "me")
    expected = AdvisoryLock if database.dialect == "postgresql" else LeaseLock
    assert isinstance(lock, expected)


def test_a_lease_not_renewed_runs_out_on_the_database_clock(database_url: str) -> None:
    first = LeaseLock(Database.open(database_url), "scheduler", "first", lease_seconds=1)
    second = LeaseLock(Database.open(database_url), "scheduler", "second", lease_seconds=1)
    assert first.try_lead()
    assert first.holder_now() == "first"
    assert not second.try_lead()
    time.sleep(1.2)  # the first stopped renewing (it died, say)
    assert first.holder_now() is None
    assert second.try_lead()
    assert not first.try_lead()
    assert second.holder_now() == "second"


def test_roles_are_led_independently(database_url: str) -> None:
    database = Database.open(database_url)
    assert leader_lock(database, "scheduler", "a").try_lead()
    assert leader_lock(database, "something-else", "b").try_lead()


class _Jobs:
    """Jobs that only record whether they run."""

    def __init__(self) -> None:
        self.running = False

    def start(self) -> None:
        self.running = True

    def next_runs(self) -> dict[str, datetime | None]:
        return {}

    def shutdown(self, wait: bool = True) -> None:
        self.running = False


def test_jobs_that_cannot_start_for_the_database_say_so_in_one_line_and_start_later(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Taking over while the database refuses to list the installs (say): one line
    saying what to check, no traceback, and the jobs start at a later check."""
    other = leader_lock(Database.open(database_url), "scheduler", "other")
    assert other.try_lead()
    started: list[_Jobs] = []
    refusals = [StorageError("Cannot use the database (refused). Check database_url.")]

    def start_jobs() -> _Jobs:
        if refusals:
            raise refusals.pop()
        started.append(_Jobs())
        return started[-1]

    lock = leader_lock(Database.open(database_url), "scheduler", "me")
    leadership = Leadership(lock, start_jobs=start_jobs, check_every=0.05)
    with caplog.at_level(logging.INFO, logger="scheduler.leadership"):
        leadership.start()
        try:
            assert not leadership.leading
            other.release()
            deadline = time.monotonic() + 10
            while not leadership.leading and time.monotonic() < deadline:
                time.sleep(0.05)
            assert leadership.leading and started[0].running
        finally:
            leadership.shutdown()
    warned = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in warned] == [
        "Could not start the weekly prompt's jobs: Cannot use the database (refused). "
        "Check database_url."
    ]
    assert warned[0].exc_info is None
