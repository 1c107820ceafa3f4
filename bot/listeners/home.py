"""The App Home tab: this week's learning prompt, search, and every theme and case.

The home tab is published (``views.publish``) each time someone opens it, so it
always shows the knowledge and the prompt as they are now.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.home import home_view
from bot.listeners.failures import reporting
from bot.listeners.origin import Origin
from bot.refs import Engine
from bot.workspaces import workspace_of
from index.model import Knowledge, Theme
from index.settings import Settings
from index.storage.workspace import SINGLE, Workspace

log = logging.getLogger(__name__)


def featured_by_week(kb: Knowledge, day: date) -> Theme | None:
    """A theme for ``day``'s ISO week: the same all week, a different one each week."""
    themes = sorted(kb.themes.values(), key=lambda t: t.id)
    if not themes:
        return None
    year, week, _ = day.isocalendar()
    return themes[(year * 53 + week) % len(themes)]


def weekly_theme(
    kb: Knowledge, settings: Settings, day: date, workspace: Workspace = SINGLE
) -> tuple[Theme | None, bool]:
    """This week's learning prompt theme in ``workspace``, and whether the digest
    rotation chose it.

    With a digest channel configured there: the theme posted there this week, else
    the one the rotation would post next. Otherwise a theme featured by the week of
    the year (the home tab says which).
    """
    try:
        from index.digest_config import parse_digest_config
        from index.setting_values import week_start
        from index.storage.digest import DigestState
        from index.storage.digest_records import POSTED, Use
        from index.storage.shared import shared_database
        from index.storage.url import sqlite_path
        from scheduler.rotation import choose_next

        config = parse_digest_config(settings.digest, kb.themes).for_team(workspace.team_id)
        if config.channels:
            channel = config.channels[0].channel
            history: list[Use] = []
            path = sqlite_path(settings.database)
            if path is None or path.exists():
                state = DigestState(shared_database(settings.database), workspace)
                latest = state.recent(channel, limit=1, statuses=(POSTED,))
                if latest and latest[0].theme in kb.themes:
                    if week_start(latest[0].scheduled_at.date()) == week_start(day):
                        return kb.themes[latest[0].theme], True
                history = state.history(channel)
            return kb.themes[choose_next(kb, history).theme], True
    except Exception as error:  # the home tab must open even if the digest is misconfigured
        log.warning("Could not read the weekly prompt rotation (%s).", type(error).__name__)
    return featured_by_week(kb, day), False


def acknowledge(ack: Ack) -> None:
    ack()


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Publish the home tab when someone opens it."""

    def publish_home(
        body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        if event.get("tab") != "home":
            return  # the Messages tab needs nothing from us
        with reporting("publish the home tab", Origin.of(body), None, client):
            kb = engine.knowledge
            workspace = workspace_of(settings, context)
            featured, from_rotation = weekly_theme(kb, settings, date.today(), workspace)
            view = home_view(
                kb, command=settings.command, featured=featured, from_rotation=from_rotation
            )
            client.views_publish(user_id=event["user"], view=view)

    app.event("app_home_opened")(ack=acknowledge, lazy=[publish_home])
