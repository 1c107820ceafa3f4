"""Buttons and menus, pressed as Slack sends them: modals open at the fake Slack,
answers are shared or replaced, and every failure is explained to the person."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from bot.messages.answers import SHARE_RESTRICTED, SHARED
from bot.messages.failures import GONE, MODAL_EXPIRED, SLACK_BUSY, SLACK_UNAVAILABLE
from bot.retries import RATE_LIMIT_RETRIES, SERVER_ERROR_RETRIES
from index.documents import recommendation_id
from tests.fakes.slack_api import FakeSlackAPI


def opened_view(fake: FakeSlackAPI, method: str = "views.open") -> dict[str, Any]:
    call = fake.wait_for(method)[0]
    assert call.ok, call.response
    return call.json_param("view")


def reply_posts(fake: FakeSlackAPI, count: int = 1) -> list[dict[str, Any]]:
    """What the bot sent to response URLs (private replies), as sent."""
    return [call.params for call in fake.wait_for("response_url", count)]


def everything(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def test_open_case_opens_the_whole_case_in_a_modal(slack: Any, fake_slack: FakeSlackAPI) -> None:
    slack.press("open_case", "case-y")
    view = opened_view(fake_slack)
    assert view["title"]["text"] == "Case Y"
    shown = everything(view)
    for part in ("*Timeline*", "*What the review found*", "*Recommendations*"):
        assert part in shown


def test_more_questions_lists_the_themes_questions(
    slack: Any, fake_slack: FakeSlackAPI, search_engine: Any
) -> None:
    slack.press("more_questions", "theme:disguised-compliance")
    shown = everything(opened_view(fake_slack))
    for question in search_engine.knowledge.themes["disguised-compliance"].questions:
        assert question.text.replace("&", "&amp;") in shown


def test_share_posts_the_answer_saying_who_shared_it(
    slack: Any, fake_slack: FakeSlackAPI, caplog: Any
) -> None:
    caplog.set_level(logging.INFO)
    slack.press("share", "theme:disguised-compliance", user_id="U000PRAC")
    posted = fake_slack.wait_for("chat.postMessage")[0]
    assert posted.ok and posted.params["channel"] == "C000TEAM"
    shared = fake_slack.messages("C000TEAM")[-1]
    assert "Shared by <@U000PRAC>" in everything(shared["blocks"])
    assert shared["text"].startswith("Disguised compliance")
    assert '"share"' not in everything(shared["blocks"]), "no Share button on a shared answer"
    replaced = reply_posts(fake_slack)[0]
    assert replaced.get("replace_original") is True
    assert SHARED in replaced["text"]
    assert "U000PRAC" not in caplog.text


def test_a_question_or_recommendation_can_be_shared(
    slack: Any, fake_slack: FakeSlackAPI, search_engine: Any
) -> None:
    kb = search_engine.knowledge
    question = kb.themes["escalation"].questions[0]
    case = next(c for c in kb.cases.values() if c.recommendations)
    recommendation = recommendation_id(case.id, case.recommendations[0].number)
    slack.press("share", f"question:{question.id}")
    slack.press("share", f"recommendation:{recommendation}")
    fake_slack.wait_for("chat.postMessage", 2)
    shared = everything(fake_slack.messages("C000TEAM"))
    assert question.text.replace("&", "&amp;") in shared
    assert case.title in shared


def test_share_where_the_bot_is_not_a_member_says_how_to_invite_it(
    slack: Any, fake_slack: FakeSlackAPI, caplog: Any
) -> None:
    caplog.set_level(logging.INFO)
    slack.press("share", "theme:disguised-compliance", channel_id="C000OTHER")
    refused = fake_slack.wait_for("chat.postMessage")[0]
    assert refused.error == "not_in_channel"
    told = reply_posts(fake_slack)[0]
    assert told.get("replace_original") is False, "the private answer stays"
    assert "/invite <@U000SCRBOT>" in told["text"]
    assert fake_slack.messages("C000OTHER") == []
    assert "not_in_channel" in caplog.text


def test_share_is_retried_after_a_rate_limit(slack: Any, fake_slack: FakeSlackAPI) -> None:
    fake_slack.rate_limit("chat.postMessage", retry_after=1, times=1)
    slack.press("share", "case:case-z")
    calls = fake_slack.wait_for("chat.postMessage", 2, timeout=10)
    assert [c.status for c in calls] == [429, 200]
    assert len(fake_slack.messages("C000TEAM")) == 1


def test_share_is_retried_after_a_server_error_once_the_channel_shows_it_did_not_go_out(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    fake_slack.fail_with_status("chat.postMessage", 503, times=1)
    slack.press("share", "case:case-z")
    calls = fake_slack.wait_for("chat.postMessage", 2, timeout=10)
    assert [c.status for c in calls] == [503, 200]
    assert fake_slack.calls_to("conversations.history"), "looked before posting again"
    assert len(fake_slack.messages("C000TEAM")) == 1


def test_a_share_slack_made_but_answered_with_a_500_is_not_posted_again(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    fake_slack.fail_after_processing("chat.postMessage", 500)
    slack.press("share", "case:case-z")
    fake_slack.wait_for("conversations.history")
    done = fake_slack.wait_for("response_url")[0]
    assert done.params["text"] == SHARED  # not "Slack had a problem"
    assert len(fake_slack.messages("C000TEAM")) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_lasting_rate_limit_is_explained(slack: Any, fake_slack: FakeSlackAPI) -> None:
    fake_slack.rate_limit("chat.postMessage", retry_after=1, times=5)
    slack.press("share", "theme:chronic-neglect")
    told = [p for p in reply_posts(fake_slack) if p.get("replace_original") is False]
    assert SLACK_BUSY in told[0]["text"]
    assert fake_slack.messages("C000TEAM") == []


@pytest.mark.parametrize(
    ("trouble", "told"),
    [("rate limited", SLACK_BUSY), ("server error", SLACK_UNAVAILABLE)],
    ids=["rate limited", "server error"],
)
def test_a_reply_slack_keeps_refusing_is_explained_as_busy_not_timed_out(
    slack: Any, fake_slack: FakeSlackAPI, trouble: str, told: str
) -> None:
    # More refusals than the reply retries through; the notice goes another way.
    if trouble == "rate limited":
        fake_slack.rate_limit("response_url", retry_after=1, times=10)
    else:
        fake_slack.fail_with_status("response_url", 500, times=10)
    slack.press("show#2", "theme:chronic-neglect")
    (notice,) = fake_slack.wait_for("chat.postEphemeral", timeout=20)
    assert notice.ok and notice.params["user"] == "U000LEAD"
    assert told in notice.params["text"]
    tried = fake_slack.calls_to("response_url")
    assert all(call.status != 200 for call in tried)
    # The reply and its retries only: the notice did not wait on the refused route again.
    assert len(tried) == 1 + RATE_LIMIT_RETRIES == 1 + SERVER_ERROR_RETRIES


def test_any_other_slack_refusal_is_explained(slack: Any, fake_slack: FakeSlackAPI) -> None:
    fake_slack.fail_with_error("chat.postMessage", "restricted_action")
    slack.press("share", "theme:chronic-neglect")
    assert SHARE_RESTRICTED in reply_posts(fake_slack)[0]["text"]


def test_an_expired_trigger_is_explained(slack: Any, fake_slack: FakeSlackAPI) -> None:
    fake_slack.fail_with_error("views.open", "expired_trigger_id")
    slack.press("open_case", "case-z")
    assert MODAL_EXPIRED in reply_posts(fake_slack)[0]["text"]


def test_show_replaces_a_private_answer(slack: Any, fake_slack: FakeSlackAPI) -> None:
    slack.press("show#2", "theme:chronic-neglect")
    sent = reply_posts(fake_slack)[0]
    assert sent["replace_original"] is True
    assert sent["text"].startswith("Chronic neglect")
    assert '"share"' in everything(sent["blocks"]), "a private answer can be shared"


def test_show_under_a_message_everyone_sees_answers_privately(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    message = {"type": "message", "ts": "1700000000.000100", "text": "", "user": "U000SCRBOT"}
    slack.press("show", "case:case-v", message=message)
    sent = reply_posts(fake_slack)[0]
    assert sent["replace_original"] is False and sent["response_type"] == "ephemeral"
    assert sent["text"].startswith("Case V")


def test_picking_a_theme_shows_it(slack: Any, fake_slack: FakeSlackAPI) -> None:
    slack.press("pick_theme", "escalation", action_type="static_select")
    assert reply_posts(fake_slack)[0]["text"].startswith("Escalation")


def test_another_question_gives_a_question(
    slack: Any, fake_slack: FakeSlackAPI, search_engine: Any
) -> None:
    slack.press("another_question", "3")
    sent = reply_posts(fake_slack)[0]
    question = search_engine.knowledge.questions[3].text
    assert sent["text"] == question.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_did_you_mean_searches_for_the_suggestion(slack: Any, fake_slack: FakeSlackAPI) -> None:
    slack.press("search_for", "disguised compliance")
    assert reply_posts(fake_slack)[0]["text"].startswith("Disguised compliance")


def test_a_button_in_a_modal_pushes_the_next_modal(slack: Any, fake_slack: FakeSlackAPI) -> None:
    view = {"id": "V000MODAL", "type": "modal", "callback_id": "search", "blocks": []}
    slack.press("open_case", "case-m", view=view)
    assert opened_view(fake_slack, "views.push")["title"]["text"] == "Case M"


def test_a_button_on_the_home_tab_opens_a_modal(slack: Any, fake_slack: FakeSlackAPI) -> None:
    view = {"id": "V000HOME", "type": "home", "blocks": []}
    slack.press("show", "theme:information-sharing", view=view)
    view = opened_view(fake_slack)
    assert view["blocks"][0]["text"]["text"].startswith("Information sharing")


def test_something_that_no_longer_exists_is_explained(slack: Any, fake_slack: FakeSlackAPI) -> None:
    slack.press("show", "theme:no-such-theme")
    assert GONE in reply_posts(fake_slack)[0]["text"]


def test_the_ack_does_not_wait_for_slacks_web_api(slack: Any, fake_slack: FakeSlackAPI) -> None:
    fake_slack.delay("views.open", 2.0)
    slack.press("open_case", "case-y")
    # The press was answered while views.open was still waiting for its (delayed) answer.
    assert all(call.response is None for call in fake_slack.calls_to("views.open"))
    opened_view(fake_slack)
