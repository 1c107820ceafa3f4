"""Which workspace a stored row belongs to.

With one bot token (today's single-workspace install) the bot does not need to
know its team id, so its rows carry :data:`SINGLE`. Installs through OAuth carry
the Slack team id (and enterprise id for Enterprise Grid).

Example::

    Workspace("T0123ABCD")             # one workspace installed through OAuth
    SINGLE                             # the workspace of a token install
"""

from __future__ import annotations

from dataclasses import dataclass

#: The team id stored for a single-workspace (token) install.
SINGLE_TEAM = ""


@dataclass(frozen=True)
class Workspace:
    """A Slack workspace: its team id and, on Enterprise Grid, its enterprise id."""

    team_id: str = SINGLE_TEAM
    enterprise_id: str | None = None

    def describe(self) -> str:
        """How the workspace is named in messages and logs."""
        return self.team_id or "the single workspace"


#: The workspace of a single-workspace (token) install.
SINGLE = Workspace()
