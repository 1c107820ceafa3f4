"""The state store: one SQLite file on disk for digest history, records of use,
lookup counts and seen requests.

Each package that keeps state declares its own tables as a list of ``CREATE``
statements and calls :meth:`Store.ensure_tables`. The file survives restarts and
can be shared by several processes (WAL mode, a busy timeout, ``BEGIN
IMMEDIATE`` for writes) and by the threads of one process (one lock per store).

Example::

    store = Store(Path("var/scrbot.sqlite3"))
    store.ensure_tables(["CREATE TABLE IF NOT EXISTS example (id TEXT PRIMARY KEY)"])
    with store.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO example VALUES (?)", ("a",))
    rows = store.query("SELECT id FROM example")
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: How long a writer waits for another process's lock before giving up.
BUSY_TIMEOUT_SECONDS = 10.0


class StoreError(Exception):
    """The state file cannot be opened or used; the message says what to do."""


class Store:
    """A SQLite state file shared safely by threads and processes."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        if str(path) != ":memory:":
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(
                    f"Cannot create the folder for the state file {self.path}: {error.strerror}."
                ) from error
        try:
            self._conn = sqlite3.connect(
                str(path),
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,
                check_same_thread=False,
            )
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"The state file {self.path} cannot be used ({error}). "
                "Check the path and permissions, or restore it from a backup."
            ) from error

    def ensure_tables(self, statements: Iterable[str]) -> None:
        """Create the given tables and indexes if they do not exist yet."""
        with self.transaction() as conn:
            for statement in statements:
                conn.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block atomically. ``BEGIN IMMEDIATE`` takes the write lock up
        front, so two processes claiming the same row cannot both succeed."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Run a read and return all rows."""
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchall()

    def close(self) -> None:
        with self._lock:
            self._conn.close()
