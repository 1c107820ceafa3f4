"""Run the weekly prompt's jobs only in the process that leads.

Any number of ``scrbot scheduler`` processes (or bot replicas running the
prompt) may share one database; :class:`Leadership` asks the database's
:class:`~index.storage.leader.LeaderLock` every few seconds whether this process
leads, starts the jobs when it comes to lead and stops them if it stops. A
standby takes over when the leader dies: at once with PostgreSQL's advisory
lock, within the lease (about 12 seconds) with SQLite.

Example::

    leadership = Leadership(lock, start_jobs=lambda: DigestJobs(runner))
    leadership.start()       # leads at once if no one else does; else stands by
    ...
    leadership.shutdown()    # stops the jobs and gives up the lead
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from index.storage.errors import StorageError
from index.storage.leader import CHECK_EVERY_SECONDS, LeaderLock

log = logging.getLogger(__name__)


class Jobs(Protocol):
    """What runs while leading: :class:`scheduler.jobs.DigestJobs`, or one per
    workspace (:class:`bot.digest.workspaces.WorkspaceJobs`)."""

    def start(self) -> None: ...
    def next_runs(self) -> dict[str, datetime | None]: ...
    def shutdown(self, wait: bool = True) -> None: ...


class Leadership:
    """The weekly prompt's jobs, run while this process leads."""

    def __init__(
        self,
        lock: LeaderLock,
        start_jobs: Callable[[], Jobs],
        *,
        check_every: float = CHECK_EVERY_SECONDS,
        how: str = "the database",
    ) -> None:
        self.lock = lock
        self.start_jobs = start_jobs
        self.check_every = check_every
        self.how = how
        self.jobs: Jobs | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._said_standing_by = False

    @property
    def leading(self) -> bool:
        return self.jobs is not None

    def start(self) -> None:
        """Check once now (so a lone process starts its jobs before this returns),
        then keep checking on a background thread."""
        self.check()
        self._thread = threading.Thread(
            target=self._keep_checking, name="scrbot-leadership", daemon=True
        )
        self._thread.start()

    def check(self) -> bool:
        """Take or keep the lead and start or stop the jobs to match; True if leading."""
        with self._lock:
            if self._stopping.is_set():
                return False
            leading = self.lock.try_lead()
            if leading and self.jobs is None:
                log.info("This process leads the weekly prompt (held by %s).", self.how)
                self._said_standing_by = False
                jobs = self.start_jobs()
                jobs.start()
                self.jobs = jobs
            elif not leading and self.jobs is not None:
                log.warning("This process no longer leads the weekly prompt: stopping its jobs.")
                self.jobs.shutdown(wait=False)
                self.jobs = None
            elif not leading and not self._said_standing_by:
                log.info("Standing by: another process leads the weekly prompt.")
                self._said_standing_by = True
            return leading

    def _keep_checking(self) -> None:
        while not self._stopping.wait(self.check_every):
            try:
                self.check()
            except StorageError as error:  # the jobs could not start: tried again next time
                log.warning("Could not start the weekly prompt's jobs: %s", error)
            except Exception:  # a bad moment must not end the checking for good
                log.exception("Could not check who leads the weekly prompt.")

    def next_runs(self) -> dict[str, datetime | None]:
        """Each channel's next weekly run while leading; empty while standing by."""
        jobs = self.jobs
        return jobs.next_runs() if jobs is not None else {}

    def shutdown(self, wait: bool = True) -> None:
        """Stop checking, stop the jobs and give up the lead."""
        self._stopping.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=self.check_every + 5)
        with self._lock:
            if self.jobs is not None:
                self.jobs.shutdown(wait=wait)
                self.jobs = None
            self.lock.release()
