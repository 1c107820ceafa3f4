"""The bot's record of use (:class:`index.storage.records.Usage`): one per database
and workspace, shared by every listener and verb in the process.

A lookup is counted with one line where it is answered::

    records.count_lookup(request.settings, top, surface=request.surface)

Only the theme or case the answer is about and the month are kept; never who
asked or what they typed. Counting never gets in the way of an answer: counts
are handed to one background writer (:class:`RecordWriter`) and written after
the answer has gone, so a database busy with another process's write never
holds up an acknowledgement; if it cannot be written, the lookup is answered
anyway and a warning (without content) is logged. :func:`flush` waits for what
is queued (at shutdown, and in tests before reading the counts).
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

from index.answers import Result
from index.settings import Settings
from index.storage.errors import StorageError
from index.storage.records import Usage
from index.storage.shared import shared_database
from index.storage.workspace import SINGLE, Workspace

log = logging.getLogger(__name__)

#: Where people ask for real; lookups from the local console are not counted.
COUNTED_SURFACES = frozenset({"slash", "mention", "dm", "direct message", "modal"})

_lock = threading.Lock()
#: By kind of record, database (however its URL was spelled) and workspace.
_open: dict[tuple[Callable[..., Any], int, Workspace], Any] = {}

Kept = TypeVar("Kept")


def opened(kind: Callable[..., Kept], settings: Settings, workspace: Workspace = SINGLE) -> Kept:
    """``kind(database, workspace=workspace)`` on the settings' database, made once per
    process. Raises :class:`~index.storage.errors.StorageError` if it cannot be used."""
    database = shared_database(settings.database)
    key = (kind, id(database), workspace)
    found = _open.get(key)
    if found is None:
        with _lock:
            found = _open.setdefault(key, kind(database, workspace=workspace))
    return cast(Kept, found)


def usage_for(settings: Settings, workspace: Workspace = SINGLE) -> Usage:
    """The record of use of ``workspace`` in the settings' database (opened once)."""
    return opened(Usage, settings, workspace)


class RecordWriter:
    """One daemon thread writing records handed to it, in the order given.

    ``submit(write)`` never blocks; ``flush(timeout)`` waits until everything
    submitted so far has been written (or given up on).
    """

    def __init__(self) -> None:
        self._queue: queue.Queue[Callable[[], None]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, write: Callable[[], None]) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="scrbot-records", daemon=True
                )
                self._thread.start()
        self._queue.put(write)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait for what is queued; False if it was not all written within ``timeout``."""
        done = threading.Event()
        self.submit(done.set)
        return done.wait(timeout)

    def _run(self) -> None:
        while True:
            write = self._queue.get()
            try:
                write()
            except (StorageError, OSError) as error:
                log.warning("Could not keep a record (%s).", type(error).__name__)
            except Exception:  # a record must never take the writer down
                log.exception("Could not keep a record.")


#: The process's one writer of records.
WRITER = RecordWriter()
atexit.register(WRITER.flush, 5.0)


def flush(timeout: float = 10.0) -> bool:
    """Wait until every record handed over so far is written."""
    return WRITER.flush(timeout)


def lookup_subject(result: Result | None) -> tuple[str, str] | None:
    """The theme or case a lookup's answer is about, as ``(kind, id)``."""
    if result is None:
        return None
    if result.theme_id:
        return "theme", result.theme_id
    if result.case_id:
        return "case", result.case_id
    return None


def count_lookup(
    settings: Settings | None,
    result: Result | None,
    *,
    surface: str,
    workspace: Workspace = SINGLE,
) -> None:
    """Count a lookup answered with ``result`` (its theme or case, this month), in
    ``workspace``'s record, in the background: this returns at once."""
    subject = lookup_subject(result)
    if settings is None or subject is None or surface not in COUNTED_SURFACES:
        return
    kind, item = subject
    WRITER.submit(lambda: usage_for(settings, workspace).count_lookup(kind, item))
