"""Create the database's tables, or upgrade them, and know which version they are.

The schema's version is kept in the ``schema_version`` table, one row per version
applied. Why not Alembic: the schema is a dozen small tables, the one upgrade so
far (from the unversioned file of the first release) is a data copy that Alembic
would not write for us, and a migrations folder with its own configuration file
would have to travel inside the wheel. A list of numbered Python functions, each
run once in a transaction, does the same job in one module.

- An empty database gets today's tables at once, stamped :data:`LATEST`.
- A SQLite file written before versions existed (version 0) has its rows copied
  into today's tables, nothing lost (see :func:`_from_version_0`).
- A database at version N runs :data:`UPGRADES` N+1 … :data:`LATEST` in order.

Two processes may upgrade at once: on PostgreSQL the upgrade holds a
transaction-level advisory lock, on SQLite ``BEGIN IMMEDIATE`` (the file's write
lock); the second finds the work done. DDL is transactional on both, so an
upgrade that fails leaves the database as it was.

Example::

    database = Database.connect("postgresql://scrbot@db/scrbot")
    upgrade(database)           # [1] on an empty database; [] when current
    ensure_current(database)    # raises SchemaOutOfDate when an upgrade is needed
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import insert, inspect, select
from sqlalchemy.engine import Connection

from index.storage.database import Database
from index.storage.errors import SchemaOutOfDate, StorageError
from index.storage.tables import asked_topics, feedback, knowledge_version, metadata, schema_version

log = logging.getLogger(__name__)

#: The schema this version of scrbot uses.
LATEST = 3
#: What each version brought, for the ``schema_version`` table and ``scrbot db status``.
DESCRIPTIONS = {
    1: "one storage layer: workspace ids on every workspace's rows, times with time zone",
    2: "the knowledge every replica serves, so that a change reaches them all",
    3: "feedback on answers and the topics asked about, by week (counts only)",
}


def _knowledge_version(conn: Connection) -> None:
    knowledge_version.create(conn, checkfirst=True)


def _add_feedback(conn: Connection) -> None:
    feedback.create(conn, checkfirst=True)
    asked_topics.create(conn, checkfirst=True)


#: Upgrades from version N-1 to N, for N > 1 (version 1 is created whole, see above).
UPGRADES: dict[int, Callable[[Connection], None]] = {2: _knowledge_version, 3: _add_feedback}
#: The advisory lock key that serialises upgrades on PostgreSQL ("scrbot" in ASCII).
UPGRADE_LOCK = 0x736372626F74
#: The tables of the first release, kept in a SQLite file without a version.
VERSION_0_TABLES = (
    "digest_slots",
    "digest_channels",
    "digest_pins",
    "digest_skips",
    "usage_lookups",
    "usage_discussions",
    "seen_event",
    "seen_request",
)
_VERSION_0_INDEXES = (
    "digest_slots_by_time",
    "usage_discussions_held",
    "seen_event_age",
    "seen_request_age",
)


def version_of(conn: Connection) -> int | None:
    """The schema version; 0 for a file from before versions; None when empty."""
    tables = set(inspect(conn).get_table_names())
    if schema_version.name in tables:
        found = conn.execute(
            select(schema_version.c.version).order_by(schema_version.c.version.desc()).limit(1)
        ).scalar()
        return int(found) if found is not None else 0
    if tables & set(VERSION_0_TABLES):
        return 0
    return None


def current_version(database: Database) -> int | None:
    """The database's schema version (see :func:`version_of`)."""
    with database.read() as conn:
        return version_of(conn)


def upgrade(database: Database) -> list[int]:
    """Bring the schema to :data:`LATEST`; the versions applied (none if current).

    Raises :class:`SchemaOutOfDate` if the database is newer than this scrbot.
    """
    with database.write() as conn:
        if database.dialect == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({UPGRADE_LOCK})")
        found = version_of(conn)
        if found is not None and found > LATEST:
            raise _too_new(database, found)
        if found == LATEST:
            return []
        if found is None:
            metadata.create_all(conn)
            _stamp(conn, LATEST)
            log.info("Created the database tables (schema version %d).", LATEST)
            return [LATEST]
        if found == 0:
            _from_version_0(conn)
            _stamp(conn, LATEST)
            log.info("Upgraded the database from the first release to version %d.", LATEST)
            return [LATEST]
        applied = []
        for version in range(found + 1, LATEST + 1):
            UPGRADES[version](conn)
            _stamp(conn, version)
            applied.append(version)
            log.info("Upgraded the database to version %d: %s.", version, DESCRIPTIONS[version])
        return applied


def ensure_current(database: Database, *, create: bool = True) -> None:
    """Make sure the schema is :data:`LATEST`: an empty database gets its tables
    (if ``create``); an older or newer one raises :class:`SchemaOutOfDate`."""
    found = current_version(database)
    if found == LATEST:
        return
    if found is None and create:
        upgrade(database)
        return
    if found is not None and found > LATEST:
        raise _too_new(database, found)
    where = database.shown_url()
    state = "has no tables yet" if found is None else f"is at schema version {found}"
    raise SchemaOutOfDate(
        f"The database {where} {state}; this scrbot needs version {LATEST}. Back it up, "
        "then run: scrbot db upgrade"
    )


def _too_new(database: Database, found: int) -> StorageError:
    return SchemaOutOfDate(
        f"The database {database.shown_url()} is at schema version {found}, newer than "
        f"this scrbot knows ({LATEST}): run the newer scrbot, or restore a backup."
    )


def _stamp(conn: Connection, version: int) -> None:
    conn.execute(insert(schema_version).values(version=version, description=DESCRIPTIONS[version]))


def _from_version_0(conn: Connection) -> None:
    """Move the first release's SQLite tables into today's, row for row.

    Each old table is renamed aside, today's tables are created, the rows are
    copied (the single workspace's team, times in the same UTC text as before;
    the two "seen" tables held seconds since 1970), and the old tables dropped.
    Discussion ids are kept, so buttons already posted still find their record.
    """
    present = [name for name in VERSION_0_TABLES if name in inspect(conn).get_table_names()]
    for name in _VERSION_0_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    for name in present:
        conn.exec_driver_sql(f"ALTER TABLE {name} RENAME TO v0_{name}")
    metadata.create_all(conn)
    for name in present:
        conn.exec_driver_sql(_COPY_FROM_VERSION_0[name])
        conn.exec_driver_sql(f"DROP TABLE v0_{name}")


def _epoch_text(column: str) -> str:
    """SQLite: seconds since 1970 as the fixed UTC text of :mod:`index.storage.moments`."""
    return f"strftime('%Y-%m-%dT%H:%M:%f', {column}, 'unixepoch') || '000Z'"


_COPY_FROM_VERSION_0 = {
    "digest_slots": """INSERT INTO digest_slots (team_id, channel, slot, scheduled_at, status,
        theme, example, round, pinned, claimed_at, claimed_by, lease_until, attempts,
        posted_at, ts, error, updated_at)
        SELECT '', channel, slot, scheduled_at, status, theme, example, round, pinned,
        claimed_at, claimed_by, lease_until, attempts, posted_at, ts, error, updated_at
        FROM v0_digest_slots""",
    "digest_channels": """INSERT INTO digest_channels (team_id, channel, first_seen,
        paused_at, paused_by)
        SELECT '', channel, first_seen, paused_at, paused_by FROM v0_digest_channels""",
    "digest_pins": """INSERT INTO digest_pins (team_id, channel, week, theme, pinned_by,
        pinned_at)
        SELECT '', channel, week, theme, pinned_by, pinned_at FROM v0_digest_pins""",
    "digest_skips": """INSERT INTO digest_skips (team_id, channel, slot, skipped_by,
        skipped_at)
        SELECT '', channel, slot, skipped_by, skipped_at FROM v0_digest_skips""",
    "usage_lookups": """INSERT INTO usage_lookups (team_id, month, kind, item, lookups)
        SELECT '', month, kind, item, lookups FROM v0_usage_lookups""",
    "usage_discussions": """INSERT INTO usage_discussions (id, team_id, kind, item, channel,
        format, pace, questions, asked, started_on, held_on, held_format, people, actions,
        recorded_on)
        SELECT id, '', kind, item, channel, format, pace, questions, asked, started_on,
        held_on, held_format, people, actions, recorded_on FROM v0_usage_discussions""",
    "seen_event": f"""INSERT INTO seen_event (event_id, seen_at)
        SELECT event_id, {_epoch_text("seen_at")} FROM v0_seen_event""",
    "seen_request": f"""INSERT INTO seen_request (signature, request_timestamp, seen_at)
        SELECT signature, request_timestamp, {_epoch_text("seen_at")} FROM v0_seen_request""",
}
