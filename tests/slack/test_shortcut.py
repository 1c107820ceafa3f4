"""The *Find related learning* message shortcut."""

from __future__ import annotations

import json
from typing import Any

from bot.listeners.shortcuts import FIND_RELATED_LEARNING
from bot.messages.home import RELATED_EMPTY, RELATED_INTRO, RELATED_NOTHING, RELATED_TITLE
from tests.fakes import payloads
from tests.fakes.slack_api import FakeSlackAPI


def related_view(slack: Any, fake: FakeSlackAPI, text: str) -> dict[str, Any]:
    answer = slack.interaction(payloads.message_shortcut(FIND_RELATED_LEARNING, text))
    assert answer.status == 200
    call = fake.wait_for("views.open")[0]
    assert call.ok, call.response
    return call.json_param("view")


def test_the_learning_that_matches_a_message_opens_in_a_modal(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    text = "Fictional note: the parents say all the right things but nothing changes <!channel>"
    view = related_view(slack, fake_slack, text)
    assert view["title"]["text"] == RELATED_TITLE
    shown = json.dumps(view, ensure_ascii=False)
    assert RELATED_INTRO in shown
    assert view["blocks"][1]["type"] == "header", "an answer follows the introduction"
    assert "Fictional note" not in shown and "nothing changes" not in shown
    assert "<!channel>" not in shown


def test_a_message_with_no_words_offers_search(slack: Any, fake_slack: FakeSlackAPI) -> None:
    view = related_view(slack, fake_slack, "<@U000PRAC> <!here>")
    shown = json.dumps(view, ensure_ascii=False)
    assert RELATED_EMPTY in shown
    assert "open_search" in shown


def test_a_message_that_matches_nothing_still_offers_themes(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    view = related_view(slack, fake_slack, "zzqxv wibble")
    shown = json.dumps(view, ensure_ascii=False)
    assert RELATED_NOTHING in shown
    assert '"value": "theme:' in shown


def test_personal_details_in_the_message_are_not_searched_or_shown(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    view = related_view(slack, fake_slack, "neglect, family at NR1 2DH")
    shown = json.dumps(view, ensure_ascii=False)
    assert "NR1 2DH" not in shown
    assert "Chronic neglect" in shown
