"""Moments in time, stored with their time zone and read from the database's clock.

:class:`Moment` is a column type: ``TIMESTAMP WITH TIME ZONE`` on PostgreSQL, and
on SQLite (which has no date type) UTC text in one fixed format, so that text
order is time order and files written by earlier versions read unchanged.
Values go in and come out as aware :class:`~datetime.datetime` in UTC.

:func:`database_now` and :func:`database_later` are SQL expressions for the
database server's own clock, so every replica and scheduler measures leases and
ages against one clock rather than its own.

Example::

    table = Table("example", metadata, Column("seen_at", Moment, nullable=False))
    conn.execute(insert(table).values(seen_at=database_now()))
    conn.execute(delete(table).where(table.c.seen_at < database_later(-600)))
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Float, String, literal
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import TypeDecorator, TypeEngine

#: How SQLite holds a moment: UTC, microseconds, a Z (the format of the first version).
SQLITE_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def moment_text(moment: datetime) -> str:
    """``moment`` as SQLite holds it."""
    if moment.tzinfo is None:
        raise ValueError("a moment must carry its time zone")
    return moment.astimezone(UTC).strftime(SQLITE_FORMAT)


def parse_moment(text: str) -> datetime:
    """A moment from SQLite text (this module's format, or any ISO 8601 form)."""
    try:
        return datetime.strptime(text, SQLITE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        parsed = datetime.fromisoformat(text)
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


class Moment(TypeDecorator[datetime]):
    """An aware datetime: ``timestamptz`` on PostgreSQL, fixed-format UTC text on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(32))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return moment_text(value)
        if value.tzinfo is None:
            raise ValueError("a moment must carry its time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            return parse_moment(value)
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class database_later(FunctionElement[datetime]):
    """The database clock's now, ``seconds`` on (or back, if negative)."""

    type = Moment()
    inherit_cache = True

    def __init__(self, seconds: float = 0.0) -> None:
        # A bound parameter, so one compiled statement serves every number of seconds.
        super().__init__(literal(float(seconds), Float()))


def database_now() -> database_later:
    """The database clock's now."""
    return database_later(0.0)


@compiles(database_later, "postgresql")
def _postgresql_later(element: database_later, compiler: SQLCompiler, **kw: Any) -> str:
    # statement_timestamp(), not now(): a long transaction must not see time stand still.
    seconds = compiler.process(element.clauses, **kw)
    return f"(statement_timestamp() + make_interval(secs => CAST({seconds} AS float8)))"


@compiles(database_later, "sqlite")
def _sqlite_later(element: database_later, compiler: SQLCompiler, **kw: Any) -> str:
    # %f gives milliseconds; three zeros keep the fixed width of SQLITE_FORMAT.
    seconds = compiler.process(element.clauses, **kw)
    return f"(strftime('%Y-%m-%dT%H:%M:%f', 'now', printf('%+.3f seconds', {seconds})) || '000Z')"
