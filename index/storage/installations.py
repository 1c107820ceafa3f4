"""Workspaces installed through Slack's OAuth flow, and the flow's one-time states.

One row per installed workspace (or Enterprise Grid organisation, for an
organisation-wide install): its bot token and ids, and what Slack said about the
install as JSON, so an adapter can rebuild whatever object its library wants
(the bot's installation store does; nothing here imports Slack). Uninstalling
deletes the row, and with it the token.

An OAuth ``state`` is issued when the install button is shown and consumed once
when Slack redirects back: consuming is one ``DELETE … RETURNING`` of a row that
has not expired on the database's clock, so a state works once, on one replica.

Example::

    installations = Installations(database)
    installations.save(Installation(team_id="T0123", bot_token="xoxb-…", data={...}))
    installations.find(team_id="T0123")          # Installation, or None
    installations.issue_state("a1b2c3", expires_in=600)
    installations.consume_state("a1b2c3")        # True once, then False
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, select
from sqlalchemy.engine import RowMapping

from index.storage.database import Database
from index.storage.moments import database_later, database_now
from index.storage.tables import installations, oauth_states
from index.storage.upsert import insert_or
from index.storage.workspace import Workspace

#: The columns of ``installations`` an install may set (the key and the JSON aside).
_DETAILS = ("is_enterprise_install", "app_id", "bot_user_id", "bot_token")


@dataclass(frozen=True)
class Installation:
    """One install of the app: where, its bot token, and Slack's own account of it."""

    team_id: str = ""
    enterprise_id: str | None = None
    is_enterprise_install: bool = False
    app_id: str | None = None
    bot_user_id: str | None = None
    bot_token: str | None = field(default=None, repr=False)
    #: What Slack said about the install (the OAuth response, as the adapter keeps it).
    data: Mapping[str, Any] = field(default_factory=dict, repr=False)
    installed_at: datetime | None = None

    @property
    def workspace(self) -> Workspace:
        return Workspace(self.team_id, self.enterprise_id)

    @classmethod
    def from_row(cls, row: RowMapping) -> Installation:
        return cls(
            team_id=row["team_id"],
            enterprise_id=row["enterprise_id"] or None,
            is_enterprise_install=bool(row["is_enterprise_install"]),
            app_id=row["app_id"],
            bot_user_id=row["bot_user_id"],
            bot_token=row["bot_token"],
            data=json.loads(row["data"]),
            installed_at=row["installed_at"],
        )


class Installations:
    """The installed workspaces and the OAuth flow's states."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @staticmethod
    def _key(team_id: str | None, enterprise_id: str | None, is_enterprise_install: bool) -> Any:
        # An organisation-wide install is found by its enterprise alone.
        team = "" if is_enterprise_install else (team_id or "")
        return and_(
            installations.c.enterprise_id == (enterprise_id or ""),
            installations.c.team_id == team,
        )

    def save(self, installation: Installation) -> None:
        """Keep ``installation``, replacing an earlier one for the same workspace
        (a reinstall, new scopes, a new token)."""
        team = "" if installation.is_enterprise_install else installation.team_id
        values = {
            "team_id": team,
            "enterprise_id": installation.enterprise_id or "",
            "is_enterprise_install": installation.is_enterprise_install,
            "app_id": installation.app_id,
            "bot_user_id": installation.bot_user_id,
            "bot_token": installation.bot_token,
            "data": json.dumps(dict(installation.data), sort_keys=True, default=str),
            "installed_at": database_now(),
        }
        with self.database.write() as conn:
            statement = insert_or(conn, installations).values(**values)
            conn.execute(
                statement.on_conflict_do_update(
                    index_elements=["enterprise_id", "team_id"],
                    set_={
                        name: statement.excluded[name]
                        for name in (*_DETAILS, "data", "installed_at")
                    },
                )
            )

    def find(
        self,
        *,
        team_id: str | None = None,
        enterprise_id: str | None = None,
        is_enterprise_install: bool = False,
    ) -> Installation | None:
        """The install for a workspace (or, with ``is_enterprise_install``, for an
        Enterprise Grid organisation); None if the app is not installed there."""
        with self.database.read() as conn:
            row = conn.execute(
                select(installations).where(
                    self._key(team_id, enterprise_id, is_enterprise_install)
                )
            ).first()
            if row is None and enterprise_id and not is_enterprise_install:
                # A workspace of an organisation where the app was installed org-wide.
                row = conn.execute(
                    select(installations).where(self._key(None, enterprise_id, True))
                ).first()
        return Installation.from_row(row._mapping) if row else None

    def delete(
        self,
        *,
        team_id: str | None = None,
        enterprise_id: str | None = None,
        is_enterprise_install: bool = False,
    ) -> bool:
        """Forget a workspace's install and its token (the app was uninstalled, or its
        tokens revoked); True if there was one."""
        with self.database.write() as conn:
            result = conn.execute(
                delete(installations).where(
                    self._key(team_id, enterprise_id, is_enterprise_install)
                )
            )
        return bool(result.rowcount)

    def all(self) -> list[Installation]:
        """Every install, oldest first (e.g. to run each workspace's weekly prompt)."""
        with self.database.read() as conn:
            rows = conn.execute(
                select(installations).order_by(
                    installations.c.installed_at, installations.c.team_id
                )
            ).all()
        return [Installation.from_row(row._mapping) for row in rows]

    # -- the OAuth flow's states -------------------------------------------------------

    def issue_state(self, state: str, *, expires_in: float) -> None:
        """Remember ``state`` for ``expires_in`` seconds (and forget expired ones)."""
        with self.database.write() as conn:
            conn.execute(delete(oauth_states).where(oauth_states.c.expires_at < database_now()))
            conn.execute(
                oauth_states.insert().values(state=state, expires_at=database_later(expires_in))
            )

    def consume_state(self, state: str) -> bool:
        """True if ``state`` was issued and has not expired; it cannot be used again."""
        with self.database.write() as conn:
            live = conn.execute(
                delete(oauth_states)
                .where(oauth_states.c.state == state)
                .returning((oauth_states.c.expires_at > database_now()).label("live"))
            ).scalar()
        return bool(live)
