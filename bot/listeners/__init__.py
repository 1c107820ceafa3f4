"""Bolt listeners, one module per Slack surface.

Each module has ``register(app, engine, settings)``. They translate Slack
payloads into calls on the verbs (:mod:`bot.commands`) and the knowledge, and
the results into Block Kit (:mod:`bot.blocks`); no answer is worked out here.
"""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import (
    actions,
    assistant,
    commands,
    events,
    feedback,
    home,
    shortcuts,
    supervision,
    views,
)
from bot.refs import Engine
from index.settings import Settings

#: The surfaces, in the order their listeners are registered.
#: The assistant pane's middleware comes first: it takes replies in the app's DM threads.
SURFACES = (assistant, commands, events, actions, views, home, shortcuts, supervision, feedback)


def register_listeners(app: App, engine: Engine, settings: Settings) -> None:
    """Register every surface's listeners on ``app``."""
    for surface in SURFACES:
        surface.register(app, engine, settings)
