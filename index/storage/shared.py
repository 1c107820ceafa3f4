"""One :class:`~index.storage.database.Database` per database per process.

Every listener, verb and job of a process shares one connection pool per
database, however its URL was spelled (``sqlite:///var/scrbot.sqlite3`` and
``sqlite:////srv/bot/var/scrbot.sqlite3`` are the same file when run from
``/srv/bot``).

Example::

    database = shared_database(settings.database)     # opened, schema checked, once
"""

from __future__ import annotations

import threading

from index.storage.database import Database
from index.storage.url import sqlite_path, sqlite_url

_lock = threading.Lock()
_open: dict[str, Database] = {}
#: By the URL as given, so a second use needs no file-system call.
_by_given: dict[str, Database] = {}


def _canonical(url: str) -> str:
    path = sqlite_path(url)
    return sqlite_url(path.resolve()) if path is not None else url.strip()


def shared_database(url: str) -> Database:
    """The database at ``url``, opened (and its schema checked) once per process.

    Raises :class:`~index.storage.errors.StorageError` if it cannot be used.
    """
    found = _by_given.get(url)
    if found is not None:
        return found
    with _lock:
        key = _canonical(url)
        if key not in _open:
            _open[key] = Database.open(url)
        _by_given[url] = _open[key]
        return _open[key]


def forget_shared() -> None:
    """Close and forget every shared database (for tests, and at shutdown)."""
    with _lock:
        for database in _open.values():
            database.close()
        _open.clear()
        _by_given.clear()
