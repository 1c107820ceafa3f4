"""Missed slots re-claimed by many processes and threads at once: each is won once.

This is the race a read-then-write claim loses on PostgreSQL (two schedulers both
read ``missed``, both write ``claimed``); the claim is one upsert whose ``WHERE``
the database re-checks under the row lock, so only one writer gets a row back.
"""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from index.digest_config import ChannelSchedule
from index.storage.database import Database
from index.storage.digest import DigestState
from index.storage.digest_records import CLAIMED, FAILED, MISSED
from scheduler.rotation import Choice
from scheduler.slots import Slot, slot_on
from tests.storage_support import race_processes

CHANNELS = ("C000ALPHA", "C000BRAVO", "C000CHARLIE", "C000DELTA")
WEEKS = 25
PROCESSES, THREADS = 4, 4
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def every_slot() -> list[Slot]:
    first = datetime(2026, 1, 5).date()
    return [
        slot_on(ChannelSchedule(channel), first + timedelta(weeks=week))
        for channel in CHANNELS
        for week in range(WEEKS)
    ]


def pick(history: Any) -> Choice:
    return Choice("noticing", "case-a", 1)


def reclaim_everything(url: str, name: str, start: Any, results: Any) -> None:
    """In a child process: threads racing to re-claim every missed slot, in their own order."""
    state = DigestState(Database.open(url))
    won: list[str] = []
    ready = threading.Barrier(THREADS)

    def race(thread: int) -> None:
        slots = every_slot()
        random.Random(f"{name}-{thread}").shuffle(slots)
        ready.wait()
        for slot in slots:
            owner = f"{name}-thread-{thread}"
            record = state.claim(
                slot,
                owner=owner,
                now=NOW,
                lease=timedelta(minutes=5),
                choose=pick,
                allow_from=(MISSED, FAILED),
            )
            if record is not None:
                assert record.claimed_by == owner
                won.append(slot.id)

    start.wait(timeout=60)
    threads = [threading.Thread(target=race, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(won)


def test_missed_slots_reclaimed_by_many_processes_at_once_are_each_won_once(
    database_url: str,
) -> None:
    state = DigestState(Database.open(database_url))
    for slot in every_slot():
        assert state.mark(slot, MISSED, now=NOW, error="the bot was not running then")

    arguments = [(database_url, f"process-{n}") for n in range(PROCESSES)]
    won = [slot for found in race_processes(reclaim_everything, arguments) for slot in found]

    expected = {slot.id for slot in every_slot()}
    assert len(won) == len(expected), f"{len(won) - len(set(won))} slots were claimed twice"
    assert set(won) == expected
    for channel in CHANNELS:
        records = state.recent(channel, limit=WEEKS + 1)
        assert len(records) == WEEKS
        assert {r.status for r in records} == {CLAIMED}
