"""Settings a workspace's admins choose in Slack, kept per workspace.

The settings file holds what the operator decides for every workspace; this
holds what differs from one installed workspace to the next (its weekly prompt's
channel, say), as named text values.

Example::

    chosen = WorkspaceSettings(database, Workspace("T0123"))
    chosen.set("digest_channel", "C0123TEAM")
    chosen.get("digest_channel")        # 'C0123TEAM'
    chosen.all()                        # {'digest_channel': 'C0123TEAM'}
"""

from __future__ import annotations

from sqlalchemy import delete, select

from index.storage.database import Database
from index.storage.moments import database_now
from index.storage.tables import workspace_settings
from index.storage.upsert import insert_or
from index.storage.workspace import SINGLE, Workspace


class WorkspaceSettings:
    """One workspace's own settings."""

    def __init__(self, database: Database, workspace: Workspace = SINGLE) -> None:
        self.database = database
        self.workspace = workspace
        self._ours = workspace_settings.c.team_id == workspace.team_id

    def get(self, name: str) -> str | None:
        with self.database.read() as conn:
            value: str | None = conn.execute(
                select(workspace_settings.c.value).where(
                    self._ours, workspace_settings.c.name == name
                )
            ).scalar()
        return value

    def set(self, name: str, value: str) -> None:
        with self.database.write() as conn:
            statement = insert_or(conn, workspace_settings).values(
                team_id=self.workspace.team_id,
                enterprise_id=self.workspace.enterprise_id,
                name=name,
                value=value,
                updated_at=database_now(),
            )
            conn.execute(
                statement.on_conflict_do_update(
                    index_elements=["team_id", "name"],
                    set_={"value": statement.excluded.value, "updated_at": database_now()},
                )
            )

    def remove(self, name: str) -> bool:
        """Forget ``name``; True if it was set."""
        with self.database.write() as conn:
            result = conn.execute(
                delete(workspace_settings).where(self._ours, workspace_settings.c.name == name)
            )
        return bool(result.rowcount)

    def all(self) -> dict[str, str]:
        with self.database.read() as conn:
            rows = conn.execute(
                select(workspace_settings.c.name, workspace_settings.c.value)
                .where(self._ours)
                .order_by(workspace_settings.c.name)
            ).all()
        return {row.name: row.value for row in rows}
