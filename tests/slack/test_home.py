"""The App Home tab and the search modal it opens."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

from bot.blocks.ids import CALLBACK_SEARCH, SEARCH_BLOCK, SEARCH_INPUT
from bot.listeners.home import featured_by_week, weekly_theme
from bot.messages.home import HOME_PROMPT_FEATURED, SEARCH_EMPTY
from tests.fakes import payloads
from tests.fakes.block_kit import check_view
from tests.fakes.slack_api import FakeSlackAPI


def search_values(text: str | None) -> dict[str, Any]:
    return {SEARCH_BLOCK: {SEARCH_INPUT: {"type": "plain_text_input", "value": text}}}


def test_opening_the_home_tab_publishes_it(
    slack: Any, fake_slack: FakeSlackAPI, search_engine: Any
) -> None:
    assert slack.event(payloads.app_home_opened(user="U000PRAC")).status == 200
    published = fake_slack.wait_for("views.publish")[0]
    assert published.ok and published.params["user_id"] == "U000PRAC"
    view = published.json_param("view")
    shown = json.dumps(view, ensure_ascii=False)
    assert "This week's learning prompt" in shown
    assert HOME_PROMPT_FEATURED in shown, "no digest is set up in these settings, and it says so"
    for case in search_engine.knowledge.cases.values():
        assert case.title in shown
    buttons = [b["accessory"]["value"] for b in view["blocks"] if b.get("accessory")]
    assert {f"theme:{t}" for t in search_engine.knowledge.themes} <= set(buttons)
    assert "open_search" in shown


def test_the_messages_tab_needs_nothing(slack: Any, fake_slack: FakeSlackAPI) -> None:
    slack.event(payloads.app_home_opened(tab="messages"))
    slack.event(payloads.direct_message("help"))
    fake_slack.wait_for("chat.postMessage")
    assert fake_slack.calls_to("views.publish") == []


def test_search_from_the_home_tab_opens_the_search_modal(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    home = {"id": "V000HOME", "type": "home", "blocks": []}
    slack.interaction(payloads.block_actions("open_search", "home", view=home))
    view = fake_slack.wait_for("views.open")[0].json_param("view")
    assert view["callback_id"] == CALLBACK_SEARCH
    assert view["blocks"][0]["type"] == "input"


def test_submitting_a_search_shows_the_results_in_the_modal(slack: Any) -> None:
    answer = slack.interaction(payloads.view_submission("search", search_values("case y")))
    assert answer.status == 200
    body = answer.json()
    assert body["response_action"] == "update"
    assert check_view(body["view"]) == []
    shown = json.dumps(body["view"], ensure_ascii=False)
    assert "Results for “case y”" in shown
    assert "Case Y" in shown
    assert body["view"]["blocks"][0]["type"] == "input", "ready for another search"


def test_an_empty_search_is_sent_back_with_a_hint(slack: Any) -> None:
    body = slack.interaction(payloads.view_submission("search", search_values("   "))).json()
    assert body == {
        "response_action": "errors",
        "errors": {SEARCH_BLOCK: SEARCH_EMPTY},
    }


def test_a_search_with_a_mention_in_it_shows_it_as_text(slack: Any) -> None:
    body = slack.interaction(
        payloads.view_submission("search", search_values("<!here> zzqxv"))
    ).json()
    shown = json.dumps(body["view"])
    assert "<!here>" not in shown and "&lt;!here&gt;" in shown


def test_the_featured_theme_stays_all_week_and_changes_the_next(search_engine: Any) -> None:
    kb = search_engine.knowledge
    monday, sunday, next_monday = date(2026, 11, 23), date(2026, 11, 29), date(2026, 11, 30)
    assert featured_by_week(kb, monday) == featured_by_week(kb, sunday)
    assert featured_by_week(kb, monday) != featured_by_week(kb, next_monday)


def test_with_a_digest_channel_the_rotation_chooses(search_engine: Any, bot_settings: Any) -> None:
    from scheduler.rotation import choose_next

    kb = search_engine.knowledge
    settings = dataclasses.replace(bot_settings, digest={"channel": "C000DIGEST"})
    theme, from_rotation = weekly_theme(kb, settings, date(2026, 11, 23))
    assert from_rotation
    assert theme.id == choose_next(kb, []).theme


def test_a_broken_digest_setting_still_gives_a_home_tab(
    search_engine: Any, bot_settings: Any
) -> None:
    kb = search_engine.knowledge
    settings = dataclasses.replace(bot_settings, digest={"channel": "not a channel"})
    theme, from_rotation = weekly_theme(kb, settings, date(2026, 11, 23))
    assert theme is not None and not from_rotation
