"""Helpful / not helpful on every answer, over signed HTTP against the fake Slack:
ordinary buttons on a private answer, Slack's own feedback buttons on a posted one;
counted by theme and week with no user id and no words; "not helpful" asks what
the person was looking for, keeps only its topic after the privacy guard; and
``scrbot report`` shows both, with the topics the reviews do not cover."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot import records
from bot.blocks.ids import ACTION_FEEDBACK, CALLBACK_FEEDBACK, FEEDBACK_BLOCK, FEEDBACK_INPUT
from bot.cli import main
from bot.messages.answers import FEEDBACK_MODAL_TITLE, FEEDBACK_PERSONAL
from index.storage.feedback import Feedback
from tests.fakes import payloads
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.conftest import mention
from tests.storage_support import open_database

THEME = "theme:disguised-compliance"


def feedback_of(settings: Any) -> Feedback:
    assert records.flush()
    return Feedback(open_database(settings.state_path))


def feedback_elements(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for block in blocks:
        for element in block.get("elements") or []:
            if isinstance(element, dict) and ACTION_FEEDBACK in str(element.get("action_id")):
                found.append(element)
    return found


def test_a_private_answer_has_helpful_and_not_helpful_buttons(slack: Any) -> None:
    blocks = slack.slash_command("disguised compliance").json()["blocks"]
    buttons = feedback_elements(blocks)
    assert [b["type"] for b in buttons] == ["button", "button"]
    assert [b["value"] for b in buttons] == [f"helpful|{THEME}", f"not_helpful|{THEME}"]
    assert all("Disguised compliance" in b["accessibility_label"] for b in buttons)


def test_an_answer_in_a_thread_has_slacks_own_feedback_buttons(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    slack.event(mention(fake_slack, "what is disguised compliance?"))
    (posted,) = fake_slack.wait_for("chat.postMessage")
    assert posted.ok, posted.response  # the fake checks context_actions as Slack does
    blocks = posted.json_param("blocks")
    (native,) = [b for b in blocks if b["type"] == "context_actions"]
    element = native["elements"][0]
    assert element["type"] == "feedback_buttons"
    assert element["positive_button"]["value"] == f"helpful|{THEME}"
    assert element["negative_button"]["value"] == f"not_helpful|{THEME}"


def test_helpful_is_counted_by_theme_and_week_with_nothing_about_who(
    slack: Any, fake_slack: FakeSlackAPI, bot_settings: Any
) -> None:
    slack.press(ACTION_FEEDBACK, f"helpful|{THEME}", user_id="U000PRAC")
    fake_slack.wait_for("response_url")  # thanked, privately
    (row,) = feedback_of(bot_settings).answers()
    assert (row.kind, row.item, row.helpful, row.not_helpful) == (
        "theme",
        "disguised-compliance",
        1,
        0,
    )
    assert b"U000PRAC" not in bot_settings.state_path.read_bytes()


def test_not_helpful_asks_what_was_wanted_and_keeps_only_its_topic(
    slack: Any, fake_slack: FakeSlackAPI, bot_settings: Any
) -> None:
    message = {"type": "message", "ts": "1700000000.000100", "text": "", "user": "U000SCRBOT"}
    slack.interaction(
        payloads.block_actions(
            ACTION_FEEDBACK,
            f"not_helpful|{THEME}",
            user_id="U000PRAC",
            message=message,
            action_type="feedback_buttons",
        )
    )
    (opened,) = fake_slack.wait_for("views.open")
    view = opened.json_param("view")
    assert view["title"]["text"] == FEEDBACK_MODAL_TITLE[:24]
    assert view["callback_id"] == CALLBACK_FEEDBACK and view["private_metadata"] == THEME

    typed = "forced marriage for the girl at NR1 2DH"
    values = {FEEDBACK_BLOCK: {FEEDBACK_INPUT: {"type": "plain_text_input", "value": typed}}}
    answer = slack.view_submission(
        CALLBACK_FEEDBACK, values, user_id="U000PRAC", private_metadata=THEME
    )
    assert answer.status == 200 and not answer.body  # the modal closes
    told = fake_slack.wait_for("chat.postMessage")[0]
    assert told.params["text"] == FEEDBACK_PERSONAL.format(kinds="a postcode")

    kept = feedback_of(bot_settings)
    assert [(r.item, r.not_helpful) for r in kept.answers()] == [("disguised-compliance", 1)]
    assert [(t.topic, t.not_helpful) for t in kept.topics()] == [("uncovered:forced-marriage", 1)]
    raw = bot_settings.state_path.read_bytes()
    assert b"NR1" not in raw and b"girl" not in raw and b"U000PRAC" not in raw


def test_the_report_shows_feedback_and_what_the_reviews_do_not_cover(
    slack: Any, fake_slack: FakeSlackAPI, bot_settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    slack.slash_command("forced marriage", user_id="U000PRAC")
    slack.slash_command("forced marriage abroad", user_id="U000LEAD")
    slack.press(ACTION_FEEDBACK, f"helpful|{THEME}")
    slack.press(ACTION_FEEDBACK, "not_helpful|case:case-z")
    fake_slack.wait_for("views.open")
    assert records.flush()
    assert main(["report", "--state", str(bot_settings.state_path)]) == 0
    report = capsys.readouterr().out
    assert "| Disguised compliance | 1 | 0 |" in report
    assert "| Case Z | 0 | 1 |" in report
    assert "| forced marriage (not covered) | 2 | 0 |" in report
    assert "forced marriage abroad" not in json.dumps(report)
