"""deploy/manifest.yml and the app agree: the command, the shortcut, the events
and the verbs. Each item the manifest names is sent to the app, which must handle it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.commands import VERBS, verb_module
from bot.installations import BOT_SCOPES
from index.settings import Settings
from tests.fakes import payloads
from tests.fakes.slack_api import FakeSlackAPI

MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "manifest.yml"


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_the_slash_command_is_the_apps(
    manifest: dict[str, Any], slack: Any, bot_settings: Any
) -> None:
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == bot_settings.command == Settings().command
    assert slack.slash_command("help", command=command["command"]).status == 200


def test_the_usage_hint_names_every_listed_verb(manifest: dict[str, Any]) -> None:
    hint = manifest["features"]["slash_commands"][0]["usage_hint"]
    for name in VERBS:
        module = verb_module(name)
        if getattr(module, "LISTED", True):
            assert module.EXAMPLE in hint


def test_the_shortcut_is_handled(
    manifest: dict[str, Any], slack: Any, fake_slack: FakeSlackAPI
) -> None:
    (shortcut,) = manifest["features"]["shortcuts"]
    assert shortcut["type"] == "message"
    answer = slack.interaction(payloads.message_shortcut(shortcut["callback_id"], "neglect"))
    assert answer.status == 200
    assert fake_slack.wait_for("views.open")[0].ok


EVENT_SAMPLES = {
    "app_mention": lambda: payloads.app_mention("help"),
    "message.im": lambda: payloads.direct_message("help"),
    "app_home_opened": lambda: payloads.app_home_opened(),
    "assistant_thread_started": lambda: payloads.assistant_thread_started(),
    "assistant_thread_context_changed": lambda: payloads.assistant_thread_started(
        "assistant_thread_context_changed"
    ),
}


def test_every_event_subscribed_to_is_handled(
    manifest: dict[str, Any], slack: Any, fake_slack: FakeSlackAPI
) -> None:
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert sorted(events) == sorted(EVENT_SAMPLES)
    for name in events:
        # Bolt answers 404 to an event no listener takes.
        assert slack.event(EVENT_SAMPLES[name]()).status == 200, name
    # Two answers (mention, DM) and the home tab: the work after each ack was done too.
    fake_slack.wait_for("chat.postMessage", 2)
    fake_slack.wait_for("views.publish")


def test_the_app_is_set_up_as_the_bot_expects(manifest: dict[str, Any]) -> None:
    features, settings = manifest["features"], manifest["settings"]
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert scopes == {
        "commands",
        "chat:write",
        "app_mentions:read",
        "im:history",
        "channels:read",
        "groups:read",
        "assistant:write",
    }
    # The assistant pane, and the actions the feedback buttons send.
    assert features["assistant_view"]["assistant_description"]
    assert settings["interactivity"]["is_enabled"]
    # Reading every public channel is asked for, not required (the README says why).
    assert manifest["oauth_config"]["scopes"]["bot_optional"] == ["channels:history"]
    # The scopes asked for at install (bot.installations.BOT_SCOPES) are the manifest's.
    assert scopes == set(BOT_SCOPES)
