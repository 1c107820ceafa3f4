"""``INSERT … ON CONFLICT`` for the database in use.

SQLAlchemy's generic ``insert`` has no ``ON CONFLICT``; each dialect's own does,
with the same interface (``on_conflict_do_nothing``, ``on_conflict_do_update``,
``excluded``). Claims and counters are written with these, so deciding and
writing is one atomic statement, never a read then a write.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection


def insert_or(conn: Connection | str, table: Table) -> Any:
    """An ``INSERT`` into ``table`` that can say what to do ``ON CONFLICT``, for the
    database of ``conn`` (or the dialect named)."""
    dialect = conn if isinstance(conn, str) else conn.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
