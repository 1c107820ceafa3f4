"""Which workspace a request is from, as the bot keeps its rows.

With one bot token the bot serves one workspace and keeps its rows under
:data:`~index.storage.workspace.SINGLE`, exactly as before it could serve more.
When it installs into workspaces with OAuth, each request's team (and Enterprise
Grid organisation), as Bolt read them from the payload, name the workspace.

Example::

    def answer(ack, context):
        workspace = workspace_of(settings, context)     # Workspace("T0123ABCD") or SINGLE
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from index.settings import Settings
from index.storage.workspace import SINGLE, Workspace


def workspace_of(settings: Settings | None, context: Mapping[str, Any]) -> Workspace:
    """The workspace of the request whose Bolt ``context`` this is."""
    if settings is None or not settings.installs_with_oauth:
        return SINGLE
    return Workspace(context.get("team_id") or "", context.get("enterprise_id"))
