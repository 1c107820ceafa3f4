"""Every table the bot keeps, one per concern, in one :data:`metadata`.

The definitions are dialect-neutral SQLAlchemy Core: the same ones create the
tables on SQLite and on PostgreSQL. Tables holding one workspace's data carry
``team_id`` (in the primary key) and ``enterprise_id``; what is global to the
process (events and requests seen, the scheduler's leader, the schema's version)
does not. Times are :class:`~index.storage.moments.Moment` (with time zone);
days are dates; months are ``YYYY-MM`` text.

The schema's shape changes only through :mod:`index.storage.migrations`, which
records the version in :data:`schema_version`.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    false,
    text,
)

from index.storage.moments import Moment, database_now
from index.storage.workspace import SINGLE_TEAM

metadata = MetaData()


def _workspace() -> list[Column[str | None]]:
    return [
        Column("team_id", String(32), nullable=False, server_default=SINGLE_TEAM),
        Column("enterprise_id", String(32), nullable=True),
    ]


#: Which migrations have been applied (one row per version).
schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", Moment, nullable=False, server_default=database_now()),
)

# -- the weekly prompt -----------------------------------------------------------------

#: One row per channel and slot: what happened to it, and who holds its claim.
digest_slots = Table(
    "digest_slots",
    metadata,
    *_workspace(),
    Column("channel", String(32), nullable=False),
    Column("slot", String(64), nullable=False),
    Column("scheduled_at", Moment, nullable=False),
    Column("status", String(16), nullable=False),
    Column("theme", Text),
    Column("example", Text),
    Column("round", Integer),
    Column("pinned", Boolean, nullable=False, server_default=false()),
    Column("claimed_at", Moment),
    Column("claimed_by", Text),
    Column("lease_until", Moment),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("posted_at", Moment),
    Column("ts", String(32)),
    Column("error", Text),
    Column("updated_at", Moment, nullable=False, server_default=database_now()),
    PrimaryKeyConstraint("team_id", "channel", "slot"),
)
Index(
    "digest_slots_by_time",
    digest_slots.c.team_id,
    digest_slots.c.channel,
    digest_slots.c.scheduled_at,
)
Index("digest_slots_posted", digest_slots.c.status, digest_slots.c.posted_at)

#: When the scheduler first ran for a channel, and whether an admin paused it.
digest_channels = Table(
    "digest_channels",
    metadata,
    *_workspace(),
    Column("channel", String(32), nullable=False),
    Column("first_seen", Moment, nullable=False),
    Column("paused_at", Moment),
    Column("paused_by", String(32)),
    PrimaryKeyConstraint("team_id", "channel"),
)

#: A theme chosen by an admin for a week (channel ``*`` for every channel).
digest_pins = Table(
    "digest_pins",
    metadata,
    *_workspace(),
    Column("channel", String(32), nullable=False),
    Column("week", Date, nullable=False),
    Column("theme", Text, nullable=False),
    Column("pinned_by", String(32)),
    Column("pinned_at", Moment, nullable=False),
    PrimaryKeyConstraint("team_id", "channel", "week"),
)

#: A slot an admin asked not to post.
digest_skips = Table(
    "digest_skips",
    metadata,
    *_workspace(),
    Column("channel", String(32), nullable=False),
    Column("slot", String(64), nullable=False),
    Column("skipped_by", String(32)),
    Column("skipped_at", Moment, nullable=False),
    PrimaryKeyConstraint("team_id", "channel", "slot"),
)

# -- the record of use -----------------------------------------------------------------

#: Lookups counted by theme or case and month: never who asked or what they typed.
usage_lookups = Table(
    "usage_lookups",
    metadata,
    *_workspace(),
    Column("month", String(7), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("item", Text, nullable=False),
    Column("lookups", Integer, nullable=False, server_default=text("0")),
    PrimaryKeyConstraint("team_id", "month", "kind", "item"),
)

#: Discussions started from a pack and, once marked, held. Never names.
usage_discussions = Table(
    "usage_discussions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_workspace(),
    Column("kind", String(8), nullable=False),
    Column("item", Text, nullable=False),
    Column("channel", String(32), nullable=False),
    Column("format", String(16), nullable=False),
    Column("pace", String(8), nullable=False),
    Column("questions", Text, nullable=False),
    Column("asked", Integer, nullable=False, server_default=text("0")),
    Column("started_on", Date, nullable=False),
    Column("held_on", Date),
    Column("held_format", String(16)),
    Column("people", Integer),
    Column("actions", Text),
    Column("recorded_on", Date),
    # Ids are never reused (a button may still carry an old one).
    sqlite_autoincrement=True,
)
Index("usage_discussions_held", usage_discussions.c.team_id, usage_discussions.c.held_on)
Index("usage_discussions_started", usage_discussions.c.team_id, usage_discussions.c.started_on)

# -- feedback on answers -----------------------------------------------------------------

#: "Helpful" and "not helpful" on answers, by theme or case and ISO week
#: (``2026-W48``). Never who pressed, never what they had asked.
feedback = Table(
    "feedback",
    metadata,
    *_workspace(),
    Column("week", String(8), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("item", Text, nullable=False),
    Column("helpful", Integer, nullable=False, server_default=text("0")),
    Column("not_helpful", Integer, nullable=False, server_default=text("0")),
    PrimaryKeyConstraint("team_id", "week", "kind", "item"),
)

#: Topics people asked about, by ISO week: the topics the reviews do not cover (from
#: a lookup's coverage decision) and what people said they were looking for after
#: "not helpful", each reduced to a topic label (``uncovered:<topic id>``,
#: ``theme:<id>``, ``case:<id>`` or ``unmatched``), never the words typed.
asked_topics = Table(
    "asked_topics",
    metadata,
    *_workspace(),
    Column("week", String(8), nullable=False),
    Column("via", String(16), nullable=False),
    Column("topic", Text, nullable=False),
    Column("asked", Integer, nullable=False, server_default=text("0")),
    PrimaryKeyConstraint("team_id", "week", "via", "topic"),
)

# -- requests and events already handled -------------------------------------------------

#: Slack event ids answered (event ids are unique across workspaces).
seen_event = Table(
    "seen_event",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("seen_at", Moment, nullable=False, server_default=database_now()),
)
Index("seen_event_age", seen_event.c.seen_at)

#: Signed requests accepted: a replay of one is refused.
seen_request = Table(
    "seen_request",
    metadata,
    Column("signature", String(160), primary_key=True),
    Column("request_timestamp", Integer, nullable=False),
    Column("seen_at", Moment, nullable=False, server_default=database_now()),
)
Index("seen_request_age", seen_request.c.seen_at)

# -- the scheduler's leader ----------------------------------------------------------------

#: Who leads each named role, until when (a lease on the database clock).
leader_lease = Table(
    "leader_lease",
    metadata,
    Column("role", String(32), primary_key=True),
    Column("holder", Text, nullable=False),
    Column("acquired_at", Moment, nullable=False),
    Column("expires_at", Moment, nullable=False),
)

# -- workspaces installed through OAuth ------------------------------------------------------

#: One row per installed workspace (or Enterprise Grid organisation): its bot token
#: and what Slack said about the install, as JSON.
installations = Table(
    "installations",
    metadata,
    # Both ids are text, never NULL, so that they can make the key: an Enterprise
    # Grid organisation-wide install has no team id ("").
    Column("team_id", String(32), nullable=False, server_default=SINGLE_TEAM),
    Column("enterprise_id", String(32), nullable=False, server_default=""),
    Column("is_enterprise_install", Boolean, nullable=False, server_default=false()),
    Column("app_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_token", Text),
    Column("installed_at", Moment, nullable=False, server_default=database_now()),
    Column("data", Text, nullable=False),
    PrimaryKeyConstraint("enterprise_id", "team_id"),
)

#: The OAuth flow's ``state`` values, each good once until it expires.
oauth_states = Table(
    "oauth_states",
    metadata,
    Column("state", String(200), primary_key=True),
    Column("expires_at", Moment, nullable=False),
)

#: Per-workspace settings kept by the bot (for example its digest channel).
workspace_settings = Table(
    "workspace_settings",
    metadata,
    *_workspace(),
    Column("name", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("updated_at", Moment, nullable=False, server_default=database_now()),
    PrimaryKeyConstraint("team_id", "name"),
)

# -- the knowledge every replica serves -------------------------------------------------------

#: One row: the fingerprint of the knowledge every replica should answer from
#: (see :mod:`index.storage.knowledge`).
knowledge_version = Table(
    "knowledge_version",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("fingerprint", String(128), nullable=False),
    Column("changed_at", Moment, nullable=False, server_default=database_now()),
)
