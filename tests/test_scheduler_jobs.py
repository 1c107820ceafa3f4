"""Real APScheduler jobs on short real intervals: the weekly job fires, posts once,
and a restarted or second scheduler does not post again."""

from __future__ import annotations

import threading
import time as clock_time
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.base import STATE_RUNNING

from index.digest_config import ChannelSchedule
from scheduler.jobs import DigestJobs
from scheduler.runner import DigestRunner
from tests.scheduler_support import CHANNEL, FakeChannels, fictional_knowledge, make_config
from tests.storage_support import open_database

pytestmark = pytest.mark.slow  # each waits a few real seconds for a job to fire

LONDON = ZoneInfo("Europe/London")


def schedule_in(seconds: float) -> ChannelSchedule:
    """A weekly schedule whose next slot is ``seconds`` from now (to the second)."""
    local = (datetime.now(UTC) + timedelta(seconds=seconds)).astimezone(LONDON)
    at = time(local.hour, local.minute, local.second)
    return ChannelSchedule(CHANNEL, day=local.weekday(), time=at, timezone="Europe/London")


def real_runner(path: Path, channels: FakeChannels, schedule: ChannelSchedule) -> DigestRunner:
    return DigestRunner(
        open_database(path),
        make_config(schedule),
        fictional_knowledge(),
        post=channels.post,
        find_existing=channels.find,
    )


def wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = clock_time.monotonic() + timeout
    while clock_time.monotonic() < deadline:
        if condition():
            return True
        clock_time.sleep(0.05)
    return condition()


def test_the_weekly_job_fires_at_its_time_and_posts_once_across_a_restart(tmp_path: Path):
    path, channels = tmp_path / "state.sqlite3", FakeChannels()
    schedule = schedule_in(3)
    jobs = DigestJobs(real_runner(path, channels, schedule), check_every=timedelta(seconds=1))
    jobs.start()
    try:
        next_run = jobs.next_runs()[CHANNEL]
        assert next_run is not None and 0 < (next_run - datetime.now(UTC)).total_seconds() <= 3.5
        assert wait_until(lambda: len(channels.posts) == 1)
    finally:
        jobs.shutdown()
    restarted = DigestJobs(real_runner(path, channels, schedule), check_every=timedelta(seconds=1))
    restarted.start()
    try:
        clock_time.sleep(2.5)  # the catch-up and two checks have run by now
    finally:
        restarted.shutdown()
    assert len(channels.posts) == 1


def test_two_schedulers_on_one_state_file_post_once(tmp_path: Path):
    path, channels = tmp_path / "state.sqlite3", FakeChannels()
    schedule = schedule_in(3)
    first = DigestJobs(real_runner(path, channels, schedule), check_every=timedelta(seconds=1))
    second = DigestJobs(real_runner(path, channels, schedule), check_every=timedelta(seconds=1))
    first.start()
    second.start()
    try:
        assert wait_until(lambda: len(channels.posts) >= 1)
        clock_time.sleep(1.5)  # give the other scheduler every chance to post again
    finally:
        first.shutdown()
        second.shutdown()
    assert len(channels.posts) == 1


class HeldStore(MemoryJobStore):
    """A job store that holds up the scheduler's round of due jobs until let go, so a
    stop can be made to land in the middle of a round, as it can by chance."""

    def __init__(self) -> None:
        super().__init__()
        self.entered, self.go = threading.Event(), threading.Event()

    def get_due_jobs(self, now: datetime) -> list[Any]:
        self.entered.set()
        self.go.wait(10)
        return super().get_due_jobs(now)


def test_stopping_in_the_middle_of_a_round_of_due_jobs_raises_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    failures: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    channels = FakeChannels()
    jobs = DigestJobs(real_runner(tmp_path / "state.sqlite3", channels, schedule_in(3600)))
    held = HeldStore()
    # Added before start(), so the round looks at it before the catch-up jobs.
    jobs.scheduler.add_jobstore(held, alias="held")
    jobs.start()
    assert held.entered.wait(10)  # the round is under way, the catch-up job due in it
    stopping = threading.Thread(target=jobs.shutdown)
    stopping.start()
    assert wait_until(lambda: jobs.scheduler.state != STATE_RUNNING)
    held.go.set()
    stopping.join(10)
    assert not stopping.is_alive()
    clock_time.sleep(0.2)  # anything the scheduler's thread raised has been reported
    assert failures == []
