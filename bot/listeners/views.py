"""Modal submissions: the search modal shows what it found in place.

A view submission must be answered in the ack itself (``response_action``), so
the search runs on the request thread; it is local and takes milliseconds.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import records
from bot.blocks.home import search_modal
from bot.blocks.ids import CALLBACK_SEARCH, SEARCH_BLOCK, SEARCH_INPUT
from bot.commands.search import lookup
from bot.messages.home import SEARCH_EMPTY, SEARCH_FAILED
from bot.refs import Engine
from bot.safety import FrontDoor
from bot.workspaces import workspace_of
from index.settings import Settings

log = logging.getLogger(__name__)


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Listen for the search modal's submissions."""

    def search_submitted(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        values = (view.get("state") or {}).get("values") or {}
        typed = str(((values.get(SEARCH_BLOCK) or {}).get(SEARCH_INPUT) or {}).get("value") or "")
        if not typed.strip():
            ack(response_action="errors", errors={SEARCH_BLOCK: SEARCH_EMPTY})
            return
        try:
            response, notice = lookup(engine, typed)
            records.count_lookup(
                settings,
                response.top,
                surface="modal",
                workspace=workspace_of(settings, context),
            )
            updated = search_modal(
                engine.knowledge,
                command=settings.command,
                response=response,
                notice=notice,
                door=FrontDoor.of(settings),
            )
        except Exception:
            log.exception("The search modal failed.")
            ack(response_action="errors", errors={SEARCH_BLOCK: SEARCH_FAILED})
            return
        ack(response_action="update", view=updated)

    app.view(CALLBACK_SEARCH)(search_submitted)
