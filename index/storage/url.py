"""The database URL: which database to use, in one setting.

``sqlite:///PATH`` (a file; relative paths from the working folder) or
``postgresql://user:password@host:port/name``. A plain ``postgresql://`` (or
``postgres://``, as some platforms write it) is given the psycopg 3 driver, the
one scrbot ships with. Anything else is refused with a message saying what to
write instead.

Example::

    engine_url("postgresql://scrbot@db/scrbot")   # 'postgresql+psycopg://scrbot@db/scrbot'
    sqlite_url(Path("var/scrbot.sqlite3"))       # 'sqlite:///var/scrbot.sqlite3'
    shown("postgresql://scrbot:secret@db/scrbot")  # 'postgresql://scrbot:***@db/scrbot'
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from index.storage.errors import StorageError

#: The driver for PostgreSQL: psycopg 3 (binary wheels, so no libpq to install).
POSTGRESQL_DRIVER = "postgresql+psycopg"
_POSTGRESQL = re.compile(r"^(postgresql|postgres|postgresql\+psycopg)://", re.IGNORECASE)
_SQLITE = re.compile(r"^sqlite://(/.*)?$", re.IGNORECASE)
_PASSWORD = re.compile(r"^([a-z0-9+]+://[^:/@]*):[^@]*@", re.IGNORECASE)


def sqlite_url(path: Path) -> str:
    """The URL of the SQLite file at ``path``."""
    return f"sqlite:///{path.as_posix()}"


def shown(url: str) -> str:
    """``url`` with any password masked, for messages and logs."""
    return _PASSWORD.sub(r"\1:***@", url.strip())


def engine_url(url: str) -> str:
    """The URL SQLAlchemy is given for ``url``; raises :class:`StorageError` if it is
    not a SQLite or PostgreSQL URL."""
    text = url.strip()
    if _SQLITE.match(text):
        return text
    if _POSTGRESQL.match(text):
        return POSTGRESQL_DRIVER + text[text.index("://") :]
    scheme = text.split("://", 1)[0] if "://" in text else text
    raise StorageError(
        f"The database URL {shown(text)!r} is not one scrbot can use "
        f"({scheme!r} is not a database it knows): write sqlite:///PATH for a file, "
        "or postgresql://USER:PASSWORD@HOST:PORT/NAME for PostgreSQL."
    )


def password(url: str) -> str | None:
    """The password in ``url``, if it has one (to keep it out of every log line)."""
    match = re.match(r"^[a-z0-9+]+://[^:/@]*:([^@]*)@", url.strip(), re.IGNORECASE)
    return unquote(match.group(1)) if match and match.group(1) else None


def sqlite_path(url: str) -> Path | None:
    """The file a ``sqlite:///PATH`` URL names; None for other databases (and for
    SQLite in memory)."""
    match = _SQLITE.match(url.strip())
    if not match or not match.group(1) or match.group(1) in ("/", "/:memory:"):
        return None
    return Path(match.group(1)[1:])
