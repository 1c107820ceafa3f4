"""The exactly-once record: one claim per slot, across threads and processes, on
SQLite and on PostgreSQL."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, date, datetime, timedelta

from index.digest_config import ChannelSchedule
from index.storage.database import Database
from index.storage.digest import DigestState
from index.storage.digest_records import CLAIMED, FAILED, MISSED, POSTED
from scheduler.rotation import Choice
from scheduler.slots import slot_on
from tests.storage_support import query, race_processes

SCHEDULE = ChannelSchedule("C000TEAM")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
LEASE = timedelta(minutes=5)
WEEKS = 20


def pick(history):
    return Choice("noticing", "case-a", 1)


def week(number: int):
    return slot_on(SCHEDULE, date(2026, 11, 23) + timedelta(weeks=number))


def claim_every_week(
    url: str, owner: str, start: multiprocessing.synchronize.Event, results
) -> None:
    """In a child process: wait for the start, then try to claim each week's slot."""
    state = DigestState(Database.open(url))
    start.wait(timeout=30)
    won = [
        state.claim(week(n), owner=owner, now=NOW, lease=LEASE, choose=pick) is not None
        for n in range(WEEKS)
    ]
    results.put((owner, won))


def test_two_processes_on_one_database_never_both_claim_a_slot(database_url: str):
    Database.open(database_url).close()  # create the tables before the race
    outcomes = dict(
        race_processes(claim_every_week, [(database_url, f"process-{n}") for n in range(3)])
    )
    for number in range(WEEKS):
        winners = [owner for owner, won in outcomes.items() if won[number]]
        assert len(winners) == 1, f"week {number}: {winners}"
    rows = query(
        Database.open(database_url),
        "SELECT slot, COUNT(*) AS n FROM digest_slots GROUP BY slot",
    )
    assert len(rows) == WEEKS and all(row["n"] == 1 for row in rows)


def test_threads_of_one_process_never_both_claim_a_slot(database_url: str):
    state = DigestState(Database.open(database_url))
    won: list[str] = []
    barrier = threading.Barrier(8)

    def race(name: str) -> None:
        barrier.wait()
        if state.claim(week(0), owner=name, now=NOW, lease=LEASE, choose=pick):
            won.append(name)

    threads = [threading.Thread(target=race, args=(f"thread-{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1


def test_a_claim_records_the_theme_and_a_confirmed_post_its_ts(database_url: str):
    state = DigestState(Database.open(database_url))
    record = state.claim(week(0), owner="me", now=NOW, lease=LEASE, choose=pick)
    assert (record.status, record.theme, record.example, record.lease_until) == (
        CLAIMED,
        "noticing",
        "case-a",
        NOW + LEASE,
    )
    assert state.confirm(record, owner="me", ts="1700000000.000100", now=NOW)
    stored = state.get("C000TEAM", week(0).key)
    assert (stored.status, stored.ts, stored.posted_at) == (POSTED, "1700000000.000100", NOW)
    assert state.claim(week(0), owner="me", now=NOW, lease=LEASE, choose=pick) is None


def test_a_missed_or_failed_slot_can_be_claimed_again_only_when_allowed(database_url: str):
    state = DigestState(Database.open(database_url))
    assert state.mark(week(0), MISSED, now=NOW, error="the bot was not running")
    assert not state.mark(week(0), MISSED, now=NOW)  # already recorded
    assert state.claim(week(0), owner="me", now=NOW, lease=LEASE, choose=pick) is None
    again = state.claim(
        week(0), owner="me", now=NOW, lease=LEASE, choose=pick, allow_from=(MISSED, FAILED)
    )
    assert again is not None and again.status == CLAIMED


def test_an_abandoned_claim_can_be_taken_over_once_and_only_after_its_lease(database_url: str):
    state = DigestState(Database.open(database_url))
    record = state.claim(week(0), owner="crashed", now=NOW, lease=LEASE, choose=pick)
    assert state.abandoned("C000TEAM", NOW + LEASE / 2) == []
    assert state.take_over(record, owner="new", now=NOW + LEASE / 2, lease=LEASE) is None
    later = NOW + LEASE + timedelta(seconds=1)
    (stale,) = state.abandoned("C000TEAM", later)
    taken = state.take_over(stale, owner="new", now=later, lease=LEASE)
    assert taken is not None and taken.claimed_by == "new"
    assert state.take_over(stale, owner="third", now=later, lease=LEASE) is None
    # The crashed owner, if it was only slow, finds it no longer holds the claim.
    assert not state.renew(record, owner="crashed", now=later, until=later + LEASE)
    assert not state.confirm(record, owner="crashed", ts="1.2", now=later)


def test_pause_skip_and_pin_are_kept(database_url: str):
    state = DigestState(Database.open(database_url))
    assert state.pause("C000TEAM", by="U000ADMIN", now=NOW)
    assert not state.pause("C000TEAM", by="U000ADMIN", now=NOW)
    assert state.skip(week(1), by="U000ADMIN", now=NOW)
    state.pin("C000TEAM", date(2026, 12, 7), "planning", by="U000ADMIN", now=NOW)
    state.pin("C000TEAM", date(2026, 12, 7), "recording", by="U000ADMIN", now=NOW)
    reopened = DigestState(Database.open(database_url))
    assert reopened.paused("C000TEAM")[0] == NOW
    assert reopened.is_skipped(week(1)) and not reopened.is_skipped(week(2))
    assert [(p.week, p.theme) for p in reopened.pins("C000TEAM")] == [
        (date(2026, 12, 7), "recording")
    ]
    assert reopened.resume("C000TEAM") and reopened.paused("C000TEAM") is None
