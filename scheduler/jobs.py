"""APScheduler jobs that wake the :class:`~scheduler.runner.DigestRunner` on time.

Per channel: a cron job at the channel's day and time in its own time zone
(APScheduler keeps 09:30 at 09:30 across the clock changes), a catch-up when
the process starts, and a check every few minutes that resolves claims left
by a crashed process and posts anything that became due while the process was
asleep. The jobs live in memory and every job is coalesced with one instance
at a time; missed runs are handled by the runner's own catch-up against the
state file, not by a persistent job store (which replays missed runs).

Example::

    jobs = DigestJobs(runner)
    jobs.start()           # returns at once; jobs run on background threads
    ...
    jobs.shutdown()
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from index.digest_config import ChannelSchedule
from index.setting_values import DAY_NAMES
from scheduler.runner import DigestRunner

log = logging.getLogger(__name__)

#: How often each channel is checked between its weekly runs.
DEFAULT_CHECK_EVERY = timedelta(minutes=5)


def channel_trigger(schedule: ChannelSchedule) -> CronTrigger:
    """A cron trigger at the schedule's weekday and wall-clock time in its time zone."""
    return CronTrigger(
        day_of_week=DAY_NAMES[schedule.day][:3],
        hour=schedule.time.hour,
        minute=schedule.time.minute,
        second=schedule.time.second,
        timezone=schedule.zone,
    )


class DigestJobs:
    """The weekly prompt's jobs on a background APScheduler."""

    def __init__(
        self, runner: DigestRunner, *, check_every: timedelta = DEFAULT_CHECK_EVERY
    ) -> None:
        self.runner = runner
        self.check_every = check_every
        channels = max(1, len(runner.config.channels))
        self.scheduler = BackgroundScheduler(
            timezone=UTC,
            # A weekly run and a check of the same channel may overlap while a
            # post waits to retry; the claim keeps them from posting twice.
            executors={"default": ThreadPoolExecutor(max_workers=3 * channels)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )

    def start(self, *, catch_up: bool = True) -> None:
        """Add the jobs and start the scheduler's thread."""
        now = datetime.now(UTC)
        for schedule in self.runner.config.channels:
            channel = schedule.channel
            self.scheduler.add_job(
                self.runner.run_due,
                channel_trigger(schedule),
                kwargs={"channel": channel},
                id=f"digest:{channel}",
                name=f"weekly prompt in {channel}",
                replace_existing=True,
            )
            if catch_up:
                self.scheduler.add_job(
                    self.runner.catch_up_on_start,
                    DateTrigger(run_date=now, timezone=UTC),
                    kwargs={"channel": channel},
                    id=f"digest:{channel}:catch-up",
                    name=f"catch-up in {channel}",
                    replace_existing=True,
                )
            self.scheduler.add_job(
                self.runner.run_due,
                IntervalTrigger(
                    seconds=self.check_every.total_seconds(),
                    start_date=now + self.check_every,
                    timezone=UTC,
                ),
                kwargs={"channel": channel},
                id=f"digest:{channel}:check",
                name=f"check of {channel}",
                replace_existing=True,
            )
        self.scheduler.start()
        for schedule in self.runner.config.channels:
            job = self.scheduler.get_job(f"digest:{schedule.channel}")
            log.info(
                "Weekly prompt in %s: %s; next at %s.",
                schedule.channel,
                schedule.describe(),
                job.next_run_time.isoformat() if job and job.next_run_time else "(not scheduled)",
            )

    def next_runs(self) -> dict[str, datetime | None]:
        """Each channel's next weekly run, as APScheduler has it."""
        found = {}
        for schedule in self.runner.config.channels:
            job = self.scheduler.get_job(f"digest:{schedule.channel}")
            found[schedule.channel] = job.next_run_time if job else None
        return found

    def shutdown(self, wait: bool = True) -> None:
        """Stop the jobs; a post waiting to retry stops waiting (and is resolved on restart)."""
        self.runner.stop()
        if self.scheduler.running:
            # APScheduler's shutdown marks the scheduler stopped before it takes the
            # job store lock, so a round of due jobs under way at that moment fails
            # in the scheduler's thread with a traceback (JobLookupError on a run-once
            # catch-up job). Paused and emptied first, no round is under way: emptying
            # takes that lock, so it waits for the round to finish.
            self.scheduler.pause()
            self.scheduler.remove_all_jobs()
            self.scheduler.shutdown(wait=wait)
