"""Which knowledge every replica should answer from: one version row for all.

A replica that rebuilds its index from changed knowledge (an admin's reload, an
approved review, ``scrbot index build``) publishes the new knowledge's
fingerprint here; every other replica sees the row change within a few seconds
(:mod:`bot.knowledge_sync` polls it) and switches to the same knowledge. The
row holds only the fingerprint and when it changed, on the database's clock.

Example::

    versions = KnowledgeVersions(database)
    versions.publish("3f2a…")          # after a reload
    versions.published()               # "3f2a…", in every process on the database
"""

from __future__ import annotations

from sqlalchemy import select

from index.storage.database import Database
from index.storage.moments import database_now
from index.storage.tables import knowledge_version
from index.storage.upsert import insert_or

#: The one row's key: every replica on a database answers from the same knowledge.
CURRENT = "current"


class KnowledgeVersions:
    """The knowledge fingerprint every replica on the database should serve."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def publish(self, fingerprint: str) -> bool:
        """Make ``fingerprint`` the knowledge to serve; False if it already was."""
        with self.database.write() as conn:
            statement = insert_or(conn, knowledge_version).values(
                name=CURRENT, fingerprint=fingerprint, changed_at=database_now()
            )
            changed = conn.execute(
                statement.on_conflict_do_update(
                    index_elements=["name"],
                    set_={"fingerprint": fingerprint, "changed_at": database_now()},
                    where=knowledge_version.c.fingerprint != fingerprint,
                ).returning(knowledge_version.c.name)
            ).first()
        return changed is not None

    def published(self) -> str | None:
        """The fingerprint last published, or None before any."""
        with self.database.read() as conn:
            found = conn.execute(
                select(knowledge_version.c.fingerprint).where(knowledge_version.c.name == CURRENT)
            ).scalar()
        return str(found) if found is not None else None
