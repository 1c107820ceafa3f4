"""Exactly one process leads a role; another takes over when it stops."""

from __future__ import annotations

import time

from index.storage.database import Database
from index.storage.leader import AdvisoryLock, LeaseLock, leader_lock


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
