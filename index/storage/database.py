"""One connection to the bot's database, shared by every thread of a process.

:meth:`Database.open` takes the URL (see :mod:`index.storage.url`), connects
once to say at start-up, in one line, what is wrong (an unknown scheme, a
server that cannot be reached, a wrong password, a damaged file), and checks the
schema (see :mod:`index.storage.migrations`). Statements run inside
:meth:`Database.write` or :meth:`Database.read`; any SQLAlchemy error there
comes out as a :class:`~index.storage.errors.StorageError`.

SQLite is shared safely by threads and processes: WAL mode, a busy timeout,
``BEGIN IMMEDIATE`` for writes (so two writers never both read then write) and
one writer at a time within a process. PostgreSQL relies on its own locking and
on statements that are atomic by themselves (``INSERT … ON CONFLICT``).

Example::

    database = Database.open("sqlite:///var/scrbot.sqlite3")
    with database.write() as conn:
        conn.execute(insert(seen_event).values(event_id="Ev0001"))
    database.now()          # the database server's clock
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime
from typing import Any

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from index.storage.errors import StorageError
from index.storage.moments import database_now
from index.storage.url import engine_url, shown, sqlite_path

log = logging.getLogger(__name__)

#: How long a SQLite writer waits for another process's lock before giving up.
BUSY_TIMEOUT_SECONDS = 10.0
#: How long connecting to a database server may take before it counts as unreachable.
CONNECT_TIMEOUT_SECONDS = 5
#: The oldest SQLite with INSERT … RETURNING, which every claim uses.
SQLITE_NEEDED = (3, 35, 0)
#: Connections each process keeps open to a database server.
POOL_SIZE, POOL_OVERFLOW = 5, 10


def problem(error: BaseException) -> str:
    """The database's own words for ``error``, on one line."""
    cause = getattr(error, "orig", None) or error
    text = " ".join(str(cause).split())
    return text or type(cause).__name__


class Database:
    """The bot's database: an SQLAlchemy engine and how to use it safely."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.dialect = engine.dialect.name
        # SQLite takes one writer at a time; waiting on a lock here is cheaper and
        # fairer than the busy handler's sleeps between threads of one process. The
        # lock's holder writes on the one connection kept for writing: no pool
        # round trip for the writes made on every request.
        self._write_lock: threading.Lock | None = (
            threading.Lock() if self.dialect == "sqlite" else None
        )
        self._writer: Connection | None = None

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def connect(cls, url: str) -> Database:
        """Open ``url`` and check it can be reached, without looking at the schema."""
        target = engine_url(url)
        if target.startswith("sqlite"):
            engine = _sqlite_engine(target)
        else:
            engine = create_engine(
                target,
                pool_size=POOL_SIZE,
                max_overflow=POOL_OVERFLOW,
                pool_pre_ping=True,
                connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
            )
        database = cls(url, engine)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except SQLAlchemyError as error:
            engine.dispose()
            raise StorageError(database.cannot(error)) from None
        return database

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> Database:
        """Open ``url`` ready for use: an empty database gets the tables (unless
        ``create`` is false); one whose schema is out of date is refused with
        :class:`~index.storage.errors.SchemaOutOfDate` (run ``scrbot db upgrade``)."""
        from index.storage.migrations import ensure_current

        database = cls.connect(url)
        try:
            ensure_current(database, create=create)
        except BaseException:
            database.close()
            raise
        return database

    def cannot(self, error: BaseException) -> str:
        """One line saying the database cannot be used, why, and what to do."""
        path = sqlite_path(self.url)
        if path is not None:
            return (
                f"The state file {path} cannot be used ({problem(error)}). "
                "Check the path and permissions, or restore it from a backup."
            )
        return (
            f"Cannot use the database at {shown(self.url)} ({problem(error)}). Check "
            "database_url (SCRBOT_DATABASE_URL) and that the server is running."
        )

    # -- using -------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction for writing; committed when the block ends, rolled back on error."""
        if self._write_lock is None:
            with self._errors(), self.engine.connect() as conn, conn.begin():
                yield conn
            return
        with self._write_lock, self._errors():
            if self._writer is None or self._writer.invalidated or self._writer.closed:
                self._writer = self.engine.connect().execution_options(scrbot_write=True)
            with self._writer.begin():
                yield self._writer

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A transaction for reading (it sees one consistent snapshot)."""
        with self._errors(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as error:
            raise StorageError(self.cannot(error)) from error

    def now(self) -> datetime:
        """The database clock's time now (UTC, aware): one clock for every process."""
        with self.read() as conn:
            moment = conn.execute(select(database_now())).scalar_one()
        assert isinstance(moment, datetime)
        return moment

    def shown_url(self) -> str:
        """The URL with any password masked."""
        return shown(self.url)

    def close(self) -> None:
        """Close every pooled connection (the object can still be used: it reconnects)."""
        with self._write_lock or nullcontext():
            if self._writer is not None:
                self._writer.close()
                self._writer = None
            self.engine.dispose()


def _sqlite_engine(url: str) -> Engine:
    import sqlite3

    if sqlite3.sqlite_version_info < SQLITE_NEEDED:
        needed = ".".join(map(str, SQLITE_NEEDED))
        raise StorageError(
            f"This Python's SQLite is {sqlite3.sqlite_version}; scrbot needs {needed} or "
            "newer (Python 3.11+ from python.org or a current Linux has it), or set "
            "database_url to a PostgreSQL database."
        )
    path = sqlite_path(url)
    options: dict[str, Any] = {}
    if path is None:
        # In memory: one connection, shared, or each would see its own empty database.
        options["poolclass"] = StaticPool
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(
                f"Cannot create the folder for the state file {path}: {error.strerror}."
            ) from None
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        **options,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        # Transactions are begun by _on_begin below, not by the driver's guesswork.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the file's write lock up front: two processes claiming the
        # same row then queue instead of both reading it as free.
        immediate = conn.get_execution_options().get("scrbot_write", False)
        # Straight to the driver: this runs before every statement batch, and going
        # through SQLAlchemy's execution machinery again would double its cost.
        driver: Any = conn.connection.driver_connection
        driver.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _use_wal(cursor: Any) -> None:
    """Put the file in WAL mode, waiting (up to the busy timeout) for another process
    doing the same. Switching a new file needs it to itself, and SQLite reports
    "database is locked" at once, without its busy handler, to the second of two
    processes that open a new state file together (two ``scrbot db upgrade``, or a
    bot and its scheduler starting side by side)."""
    import sqlite3

    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
