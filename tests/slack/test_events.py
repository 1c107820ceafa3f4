"""Mentions and direct messages: answered in a thread or in the DM, once each,
however many times Slack delivers the event."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from bot.dedupe import EventDeduplicator
from tests.fakes import payloads
from tests.fakes.slack_api import BOT_ID, BOT_USER_ID, FakeSlackAPI
from tests.slack.conftest import mention, team_answers_once_settled


def test_a_mention_is_answered_in_a_thread_under_it(slack: Any, fake_slack: FakeSlackAPI) -> None:
    event = mention(fake_slack, "what is disguised compliance?")
    assert slack.event(event).status == 200
    posted = fake_slack.wait_for("chat.postMessage")[0]
    assert posted.ok
    assert posted.params["channel"] == "C000TEAM"
    assert posted.params["thread_ts"] == event["ts"]
    assert posted.params["text"].startswith("Disguised compliance")
    assert '"share"' not in json.dumps(posted.json_param("blocks")), (
        "a thread answer is already shared"
    )


def test_a_mention_inside_a_thread_is_answered_in_that_thread(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    parent = fake_slack.add_message("C000TEAM", "A fictional discussion")
    event = mention(fake_slack, "MASH", thread_ts=parent)
    slack.event(event)
    assert fake_slack.wait_for("chat.postMessage")[0].params["thread_ts"] == parent


def test_a_direct_message_is_answered_in_the_dm(slack: Any, fake_slack: FakeSlackAPI) -> None:
    slack.event(payloads.direct_message("case z", user="U000PRAC"))
    posted = fake_slack.wait_for("chat.postMessage")[0]
    assert posted.ok and posted.params["channel"] == "D000PRAC"
    assert posted.params["text"].startswith("Case Z")


def test_a_retried_event_is_answered_once(
    slack: Any, fake_slack: FakeSlackAPI, caplog: Any
) -> None:
    caplog.set_level(logging.INFO, logger="bot.dedupe")
    callback = payloads.event_callback(mention(fake_slack, "neglect"))
    assert slack.event_callback(callback).status == 200
    assert slack.event_callback(callback, retry_num=1).status == 200
    assert slack.event_callback(callback, retry_num=2).status == 200
    fake_slack.wait_for("chat.postMessage")
    assert len(team_answers_once_settled(slack, fake_slack)) == 1
    assert caplog.text.count("Dropped a repeated delivery") == 2


def test_the_bots_own_messages_edits_and_other_bots_are_ignored(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    own = payloads.direct_message("Disguised compliance: …")
    own.update(user=BOT_USER_ID, bot_id=BOT_ID)
    edited = payloads.direct_message("neglect")
    edited["subtype"] = "message_changed"
    other_bot = payloads.direct_message("neglect")
    other_bot["bot_id"] = "B000OTHER"
    channel_message = payloads.direct_message("neglect")
    channel_message.update(channel_type="channel", channel="C000TEAM")
    for event in (own, edited, other_bot, channel_message):
        assert slack.event(event).status == 200
    slack.event(payloads.direct_message("help", user="U000ADMIN"))
    fake_slack.wait_for("chat.postMessage")
    assert [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")] == ["D000ADMIN"]


def test_a_failed_answer_is_explained_privately(slack: Any, fake_slack: FakeSlackAPI) -> None:
    fake_slack.fail_with_error("chat.postMessage", "restricted_action_thread_only_channel")
    slack.event(mention(fake_slack, "neglect", user="U000PRAC"))
    told = fake_slack.wait_for("chat.postEphemeral")[0]
    assert told.ok and told.params["user"] == "U000PRAC"
    assert "only lets some people post" in told.params["text"]


def test_the_deduplicator_lets_exactly_one_of_many_threads_through() -> None:
    dedupe = EventDeduplicator()
    results: list[bool] = []
    start = threading.Barrier(16)

    def deliver() -> None:
        start.wait()
        results.append(dedupe.first_time("Ev000FICTION"))

    threads = [threading.Thread(target=deliver) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1


def test_the_deduplicator_remembers_a_bounded_number_of_events() -> None:
    dedupe = EventDeduplicator(capacity=3)
    for n in range(10):
        assert dedupe.first_time(f"Ev{n}")
    assert len(dedupe) == 3
    assert not dedupe.first_time("Ev9")
    assert dedupe.first_time("Ev0"), "the oldest were forgotten"
