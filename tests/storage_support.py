"""Databases for tests: real SQLite files on disk (and, where a test asks for it,
a real PostgreSQL server; see tests/conftest.py)."""

from __future__ import annotations

import multiprocessing
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

from index.storage.database import Database
from index.storage.url import sqlite_url


def open_database(path: Path | str) -> Database:
    """The bot's database in the SQLite file at ``path`` (created if need be)."""
    return Database.open(sqlite_url(Path(path)))


def query(database: Database, sql: str) -> list[dict[str, Any]]:
    """Rows of a SQL statement, as dicts: for tests that look inside the database."""
    with database.read() as conn:
        return [dict(row._mapping) for row in conn.execute(text(sql))]


def columns_of(database: Database, table: str) -> list[str]:
    """The names of ``table``'s columns, in order."""
    with database.read() as conn:
        return [column["name"] for column in inspect(conn).get_columns(table)]


@contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server at ``server_url``, dropped after."""
    import psycopg

    name = f"scrbot_test_{uuid.uuid4().hex[:16]}"
    base, _, _ = server_url.rpartition("/")
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def race_processes(
    target: Callable[..., None], argument_sets: Sequence[tuple[Any, ...]], timeout: float = 120
) -> list[Any]:
    """Start ``target(*arguments, start, results)`` in a new process for each of
    ``argument_sets``, let them all go at once (``start`` is an event each waits
    for), and return what each put on the ``results`` queue."""
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [
        context.Process(target=target, args=(*arguments, start, results))
        for arguments in argument_sets
    ]
    for worker in workers:
        worker.start()
    start.set()
    found = [results.get(timeout=timeout) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    return found
