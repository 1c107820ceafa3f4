"""The assistant pane over signed HTTP, against the fake Slack (which keeps what the app
sets on each thread): a new thread offers four prompts, this week's theme first; a
message in the thread gets the lookup's answer with a status while the bot looks and a
title from the answer; every event is acknowledged at once."""

from __future__ import annotations

import time
from typing import Any

from bot.messages.answers import ASSISTANT_STATUS, ASSISTANT_THIS_WEEK
from tests.fakes.slack_api import TEAM_ID, FakeSlackAPI

DM = "D000LEAD"
THREAD = "1764000000.000100"


def thread_started() -> dict[str, Any]:
    return {
        "type": "assistant_thread_started",
        "assistant_thread": {
            "user_id": "U000LEAD",
            "context": {"channel_id": "C000TEAM", "team_id": TEAM_ID, "enterprise_id": None},
            "channel_id": DM,
            "thread_ts": THREAD,
        },
        "event_ts": f"{time.time():.6f}",
    }


def thread_message(text: str) -> dict[str, Any]:
    ts = f"{time.time():.6f}"
    return {
        "type": "message",
        "channel_type": "im",
        "user": "U000LEAD",
        "text": text,
        "ts": ts,
        "thread_ts": THREAD,
        "channel": DM,
        "event_ts": ts,
        "team": TEAM_ID,
    }


def test_a_new_thread_offers_four_prompts_this_weeks_theme_first(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    answer = slack.event(thread_started())
    assert answer.status == 200 and answer.elapsed < 1.0
    (call,) = fake_slack.wait_for("assistant.threads.setSuggestedPrompts")
    assert call.ok, call.response
    prompts = fake_slack.assistant_threads[(DM, THREAD)]["suggested_prompts"]
    titles = [p["title"] for p in prompts]
    assert titles[0] == ASSISTANT_THIS_WEEK
    assert titles[1:] == [
        "What is disguised compliance?",
        "Start a supervision discussion",
        "What's new",
    ]


def test_a_message_in_the_thread_gets_the_lookups_answer_with_status_and_title(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    slack.event(thread_started())
    answer = slack.event(thread_message("What is disguised compliance?"))
    assert answer.status == 200 and answer.elapsed < 1.0
    fake_slack.wait_for("assistant.threads.setTitle")
    thread = fake_slack.assistant_threads[(DM, THREAD)]
    assert thread["statuses"][0] == ASSISTANT_STATUS
    assert thread["title"].startswith("Disguised compliance")
    (posted,) = [
        c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("thread_ts") == THREAD
    ]
    assert posted.ok and "theme:disguised-compliance" in str(posted.params.get("blocks"))
    lookup = slack.slash_command("What is disguised compliance?").json()
    assert lookup["text"] == posted.params["text"], "the same answer as a lookup"


def test_each_prompt_gets_an_answer(slack: Any, fake_slack: FakeSlackAPI) -> None:
    slack.event(thread_started())
    (call,) = fake_slack.wait_for("assistant.threads.setSuggestedPrompts")
    prompts = fake_slack.assistant_threads[(DM, THREAD)]["suggested_prompts"]
    for prompt in prompts:
        assert slack.event(thread_message(prompt["message"])).status == 200
    posted = fake_slack.wait_for("chat.postMessage", len(prompts), timeout=10)
    assert all(c.ok for c in posted)


def test_without_the_assistant_view_direct_messages_work_as_before(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    fake_slack.scopes.discard("assistant:write")
    from tests.fakes import payloads

    assert slack.event(payloads.direct_message("neglect")).status == 200
    (posted,) = fake_slack.wait_for("chat.postMessage")
    assert posted.ok and posted.params["channel"] == DM
