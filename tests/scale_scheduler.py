"""A ``scrbot scheduler`` for the scale-out test, on a clock the test moves.

Run as ``python -m tests.scale_scheduler CLOCK_FILE`` with the same environment as
the bot. It is the real thing — the bot's runners for every installed workspace
(:class:`bot.digest.workspaces.WorkspaceRunners`), leading or standing by on the
database (:class:`scheduler.leadership.Leadership`) — except that time is read
from ``CLOCK_FILE`` (an ISO moment the test rewrites to move whole weeks on) and
the weekly jobs are a loop that runs every channel's due work a few times a
second, instead of APScheduler's wall-clock timers.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

from bot.digest.service import process_name
from bot.digest.workspaces import WorkspaceRunners
from index.knowledge import load_knowledge
from index.setting_file import load_settings
from index.storage.leader import describe, leader_lock
from index.storage.shared import shared_database
from scheduler.leadership import Leadership

#: How often the leader looks for due work (seconds).
LOOK_EVERY = 0.1


class FileClock:
    """The time the test has written in a file (with :func:`set_clock`)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self) -> datetime:
        return datetime.fromisoformat(self.path.read_text(encoding="utf-8").strip())


def set_clock(path: Path, moment: datetime) -> None:
    """Move the clock in ``path`` to ``moment`` in one step. The file is replaced,
    never rewritten in place: a scheduler reading the time while it moves sees the
    old time or the new one, never the empty file a rewrite passes through."""
    new = path.with_name(path.name + ".new")
    new.write_text(moment.isoformat(), encoding="utf-8")
    os.replace(new, path)


class LoopJobs:
    """Every workspace's due work, run in a loop on a thread until shut down."""

    def __init__(self, runners: WorkspaceRunners) -> None:
        self.runners = runners
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def next_runs(self) -> dict[str, datetime | None]:
        return {}

    def _run(self) -> None:
        while not self._stop.wait(LOOK_EVERY):
            try:
                for runner in self.runners.current().values():
                    runner.run_due()
            except Exception:  # as APScheduler does with a failed job: log, go on
                logging.getLogger(__name__).exception("The weekly prompt's loop failed.")

    def shutdown(self, wait: bool = True) -> None:
        self._stop.set()
        if wait:
            self._thread.join(timeout=30)


def main() -> int:
    logging.basicConfig(
        level=logging.INFO, stream=sys.stdout, format="%(levelname)s %(name)s: %(message)s"
    )
    settings = load_settings()
    database = shared_database(settings.database)
    runners = WorkspaceRunners(
        settings,
        load_knowledge(settings.knowledge_paths or None),
        database,
        clock=FileClock(Path(sys.argv[1])),
        sleep=lambda seconds: time.sleep(min(seconds, 0.5)),
    )
    lock = leader_lock(database, role="scheduler", holder=process_name())
    Leadership(lock, start_jobs=lambda: LoopJobs(runners), how=describe(lock)).start()
    threading.Event().wait()  # until the test stops (or kills) the process
    return 0


if __name__ == "__main__":
    sys.exit(main())
