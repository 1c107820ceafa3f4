"""Supervision and team discussions, as Slack drives them: the command and every
*Start a discussion* button open the modal; the pack is posted to a direct message
or a channel with its questions in the thread; *Next question* moves on once;
*Mark as held* is stored and shown, and ``scrbot report`` lists it; every kind of
bad input is said in the modal or answered with "did you mean".

Real Bolt app over HTTP on loopback, signed requests, the fake Slack Web API.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot import records
from bot.blocks.digest import digest_message
from bot.blocks.ids import (
    ACTION_DISCUSS,
    ACTION_DISCUSSION_SUBJECT,
    ACTION_MARK_HELD,
    ACTION_NEXT_QUESTION,
    CALLBACK_DISCUSSION,
    CALLBACK_HELD,
    DISCUSSION_CHANNEL_BLOCK,
    DISCUSSION_PACE_BLOCK,
    DISCUSSION_QUESTIONS_BLOCK,
    DISCUSSION_WHERE_BLOCK,
    HELD_ACTIONS_BLOCK,
    HELD_DATE_BLOCK,
    HELD_PEOPLE_BLOCK,
    PACE_ALL,
    WHERE_CHANNEL,
)
from bot.blocks.packs import (
    pack_all_questions_message,
    pack_closing_message,
    pack_message,
    pack_preview_message,
    pack_question_message,
)
from bot.blocks.supervision import held_modal
from bot.cli import main
from bot.commands import run_command
from bot.commands.supervision import start_modal
from bot.console import render_blocks
from bot.messages.answers import SHARE_ARCHIVED
from bot.messages.failures import GONE
from bot.messages.supervision import (
    BUTTON_CHANGE_HELD,
    BUTTON_CLOSING_QUESTIONS,
    BUTTON_NEXT_QUESTION,
    DISCUSS_CHANNEL_UNCHECKED,
    DISCUSS_CHECKING,
    DISCUSS_CHOOSE_FIRST,
    DISCUSS_MODAL_TITLE,
    DISCUSS_NO_CHANNEL,
    DISCUSS_NO_QUESTIONS,
    DISCUSS_NO_SUBJECT,
    DISCUSS_NOT_IN_CHANNEL,
    DISCUSS_POSTED,
    DISCUSS_QUESTIONS_STALE,
    DISCUSS_STILL_CHECKING,
    HELD_ACTIONS_PERSONAL,
    HELD_ACTIONS_TOO_LONG,
    HELD_DATE_FUTURE,
    HELD_PEOPLE_INVALID,
    HELD_PRIVACY,
    PACK_ALREADY_MOVED_ON,
)
from index.knowledge import load_knowledge
from index.pack import GROUP, SUPERVISION, compose_pack, find_subject
from index.storage.records import Usage
from index.usage import DIRECT_MESSAGE, MAX_ACTIONS, Discussion
from scheduler.post import compose_post
from scheduler.slots import Slot
from tests.fakes import payloads
from tests.fakes.block_kit import check_blocks, check_view
from tests.fakes.slack_api import BOT_USER_ID, FakeSlackAPI
from tests.storage_support import open_database, query

THEME = "theme:disguised-compliance"


def everything(data: Any) -> str:
    """Every piece of text in a message, view or payload, one per line."""
    if isinstance(data, str):
        return data
    if isinstance(data, dict):
        return "\n".join(everything(v) for v in data.values())
    if isinstance(data, list):
        return "\n".join(everything(v) for v in data)
    return ""


def usage_of(settings: Any) -> Usage:
    """The record of use as kept so far (once the background writer has caught up)."""
    assert records.flush()
    return Usage(open_database(settings.state_path))


def discussions(settings: Any) -> list[Discussion]:
    usage = usage_of(settings)
    rows = query(usage.database, "SELECT id FROM usage_discussions ORDER BY id")
    return [d for d in (usage.discussion(r["id"]) for r in rows) if d is not None]


def opened(fake: FakeSlackAPI, count: int = 1, method: str = "views.open") -> dict[str, Any]:
    """The latest modal the bot opened (or updated), as the fake stored it (id, hash)."""
    call = fake.wait_for(method, count)[-1]
    assert call.ok, call.response
    return call.response["view"]


def input_block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    for block in view["blocks"]:
        if block["type"] == "input" and (
            block["block_id"] == block_id or block["block_id"].startswith(f"{block_id}:")
        ):
            return block
    raise AssertionError(f"no input block {block_id} in the view")


def untouched(view: dict[str, Any], current_channel: str | None = None) -> dict[str, Any]:
    """``state.values`` as Slack sends them for a modal submitted as it opened."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        kind = element["type"]
        state: dict[str, Any] = {"type": kind}
        if kind in ("static_select", "radio_buttons"):
            state["selected_option"] = element.get("initial_option")
        elif kind == "checkboxes":
            state["selected_options"] = element.get("initial_options", [])
        elif kind == "conversations_select":
            default = element.get("default_to_current_conversation")
            state["selected_conversation"] = current_channel if default else None
        elif kind == "datepicker":
            state["selected_date"] = element.get("initial_date")
        elif kind == "plain_text_input":
            state["value"] = element.get("initial_value")
        values[block["block_id"]] = {element["action_id"]: state}
    return values


def choose(values: dict[str, Any], view: dict[str, Any], block_id: str, **state: Any) -> None:
    """Change one input's state, as the person would in the modal."""
    block = input_block(view, block_id)
    values[block["block_id"]][block["element"]["action_id"]].update(state)


def option(value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": value}, "value": value}


def submit(slack: Any, callback: str, values: dict[str, Any], **options: Any) -> Any:
    answer = slack.view_submission(callback, values, **options)
    assert answer.status == 200, answer.text
    return answer.json() or {}


def start(
    slack: Any, fake: FakeSlackAPI, text: str = "supervision disguised compliance", **options: Any
) -> dict[str, Any]:
    answer = slack.slash_command(text, **options)
    assert answer.status == 200, answer.text
    return opened(fake)


def post_pack(
    slack: Any,
    fake: FakeSlackAPI,
    *,
    where: str = "dm",
    channel: str | None = None,
    pace: str = "one",
    text: str = "supervision disguised compliance",
) -> tuple[str, dict[str, Any]]:
    """Start a discussion and post it; the channel it landed in and its parent message."""
    view = start(slack, fake, text)
    values = untouched(view, "C000TEAM")
    choose(values, view, DISCUSSION_WHERE_BLOCK, selected_option=option(where))
    choose(values, view, DISCUSSION_PACE_BLOCK, selected_option=option(pace))
    if channel is not None:
        choose(values, view, DISCUSSION_CHANNEL_BLOCK, selected_conversation=channel)
    answer = submit(slack, CALLBACK_DISCUSSION, values, view_id=view["id"])
    if where == WHERE_CHANNEL:
        # The modal stays open, saying it is checking the channel, until the pack is posted.
        assert answer["response_action"] == "update"
        checking = DISCUSS_CHECKING.format(channel=f"<#{channel}>")
        assert checking in everything(answer["view"])
    else:
        assert answer == {}
    replies = 1 if pace == "one" else 2
    posted = fake.wait_for("chat.postMessage", 1 + replies)
    assert all(call.ok for call in posted), [call.response for call in posted]
    landed = posted[0].response["channel"]
    return landed, fake.messages(landed)[0]


def submit_to_channel(slack: Any, fake: FakeSlackAPI, channel: str | None) -> Any:
    """Open the modal, choose to post in ``channel`` (or choose none) and submit it."""
    view = start(slack, fake)
    values = untouched(view)
    choose(values, view, DISCUSSION_WHERE_BLOCK, selected_option=option(WHERE_CHANNEL))
    if channel is not None:
        choose(values, view, DISCUSSION_CHANNEL_BLOCK, selected_conversation=channel)
    return submit(slack, CALLBACK_DISCUSSION, values, view_id=view["id"])


def nothing_posted(fake: FakeSlackAPI, within: float = 0.5) -> bool:
    """True when no message is posted for ``within`` seconds (lazy work included)."""
    try:
        fake.wait_for("chat.postMessage", timeout=within)
    except AssertionError:
        return True
    return False


def thread(fake: FakeSlackAPI, channel: str, parent: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in fake.messages(channel) if m.get("thread_ts") == parent["ts"]]


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in message.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


def press_in(slack: Any, channel: str, message: dict[str, Any], action_id: str) -> None:
    found = [b for b in buttons(message) if b["action_id"].split("#")[0] == action_id]
    assert found, f"no {action_id} button on the message"
    answer = slack.interaction(
        payloads.block_actions(action_id, found[0]["value"], channel_id=channel, message=message)
    )
    assert answer.status == 200, answer.text


# --- Opening the modal -----------------------------------------------------------------------


def test_the_command_opens_the_modal_with_the_suggested_questions_ticked(
    slack: Any, fake_slack: FakeSlackAPI, search_engine: Any
) -> None:
    view = start(slack, fake_slack)
    assert view["callback_id"] == CALLBACK_DISCUSSION
    assert view["title"]["text"] == DISCUSS_MODAL_TITLE
    subject = input_block(view, ACTION_DISCUSSION_SUBJECT)
    assert subject["element"]["initial_option"]["value"] == THEME
    questions = input_block(view, DISCUSSION_QUESTIONS_BLOCK)["element"]
    pack = compose_pack(search_engine.knowledge, "disguised-compliance")
    assert [o["value"] for o in questions["initial_options"]] == [q.id for q in pack.questions]
    shown = everything(view)
    for question in pack.questions:
        assert question.text in shown, "the full wording is in the modal"
    assert "(from Case Y)" in shown
    where = input_block(view, DISCUSSION_WHERE_BLOCK)["element"]
    assert where["initial_option"]["value"] == "dm"
    assert input_block(view, "discussion_format")["element"]["initial_option"]["value"] == "group"


def test_discuss_is_the_same_command_and_a_case_works_too(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    view = start(slack, fake_slack, "discuss case z")
    subject = input_block(view, ACTION_DISCUSSION_SUBJECT)["element"]["initial_option"]
    assert subject["value"] == "case:case-z"


def test_in_a_direct_message_the_modal_suggests_one_to_one_supervision(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    view = start(slack, fake_slack, "supervision case z", channel_id="D000LEAD")
    fmt = input_block(view, "discussion_format")["element"]["initial_option"]["value"]
    assert fmt == "supervision"


def test_the_command_alone_opens_the_modal_to_choose_a_theme_or_case(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    view = start(slack, fake_slack, "supervision")
    assert "initial_option" not in input_block(view, ACTION_DISCUSSION_SUBJECT)["element"]
    assert DISCUSS_CHOOSE_FIRST in everything(view)
    answer = submit(slack, CALLBACK_DISCUSSION, untouched(view))
    assert answer["errors"] == {ACTION_DISCUSSION_SUBJECT: DISCUSS_NO_SUBJECT}


def press_discuss(slack: Any, fake: FakeSlackAPI, message: dict[str, Any]) -> dict[str, Any]:
    found = [b for b in buttons(message) if b["action_id"].split("#")[0] == ACTION_DISCUSS]
    assert found, "the message has a Start a discussion button"
    slack.interaction(
        payloads.block_actions(found[0]["action_id"], found[0]["value"], message=message)
    )
    return opened(fake)


def test_the_button_on_a_lookup_answer_opens_the_modal(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    answer = slack.slash_command("disguised compliance").json()
    view = press_discuss(slack, fake_slack, answer)
    assert view["callback_id"] == CALLBACK_DISCUSSION
    assert (
        input_block(view, ACTION_DISCUSSION_SUBJECT)["element"]["initial_option"]["value"] == THEME
    )


def test_the_button_on_a_weekly_prompt_opens_the_modal(
    slack: Any, fake_slack: FakeSlackAPI, search_engine: Any
) -> None:
    when = datetime(2025, 3, 10, 9, 30, tzinfo=UTC)
    slot = Slot(at=when, channel="C000DIGEST", local=when.replace(tzinfo=None), timezone="UTC")
    post = compose_post(search_engine.knowledge, "professional-curiosity", None, slot)
    view = press_discuss(slack, fake_slack, digest_message(post).to_dict())
    subject = input_block(view, ACTION_DISCUSSION_SUBJECT)["element"]["initial_option"]
    assert subject["value"] == "theme:professional-curiosity"


def test_the_button_on_the_home_tab_opens_the_modal(slack: Any, fake_slack: FakeSlackAPI) -> None:
    slack.event(payloads.app_home_opened())
    home = fake_slack.wait_for("views.publish")[0].json_param("view")
    found = [b for b in buttons(home) if b["action_id"] == ACTION_DISCUSS]
    assert found
    slack.interaction(
        payloads.block_actions(ACTION_DISCUSS, found[0]["value"], view={**home, "id": "VHOME"})
    )
    assert opened(fake_slack)["callback_id"] == CALLBACK_DISCUSSION


def test_choosing_another_subject_in_the_modal_shows_its_questions(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    view = start(slack, fake_slack)
    slack.interaction(
        payloads.block_actions(
            ACTION_DISCUSSION_SUBJECT, "case:case-z", view=view, action_type="static_select"
        )
    )
    updated = opened(fake_slack, method="views.update")
    questions = input_block(updated, DISCUSSION_QUESTIONS_BLOCK)
    assert questions["block_id"].endswith(":case:case-z"), "fresh ticks for the new subject"
    assert [o["value"] for o in questions["element"]["initial_options"]][0] == "case-z-q1"


# --- Posting ----------------------------------------------------------------------------------


def test_posting_to_myself_sends_the_pack_to_my_direct_message(
    slack: Any, fake_slack: FakeSlackAPI, bot_settings: Any
) -> None:
    channel, parent = post_pack(slack, fake_slack, where="dm")
    assert channel == "D000LEAD"
    assert parent["blocks"][0]["text"]["text"] == "Team discussion: Disguised compliance"
    shown = everything(parent["blocks"])
    for title in ("1. What happened", "2. Why it matters", "3. What good practice looks like"):
        assert title in shown
    assert "*Case Y:*" in shown and "*Sources*" in shown
    assert [b["action_id"] for b in buttons(parent)] == [ACTION_MARK_HELD]
    recorded = discussions(bot_settings)
    assert len(recorded) == 1
    assert recorded[0].channel == DIRECT_MESSAGE, "a DM is never recorded by its id"
    assert (recorded[0].kind, recorded[0].item, recorded[0].format) == (
        "theme",
        "disguised-compliance",
        "group",
    )


def test_posting_to_a_channel_puts_the_pack_there_with_the_first_question_in_its_thread(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    channel, parent = post_pack(slack, fake_slack, where=WHERE_CHANNEL, channel="C000TEAM")
    assert channel == "C000TEAM"
    assert fake_slack.wait_for("conversations.info")[0].params["channel"] == "C000TEAM"
    done = opened(fake_slack, method="views.update")
    assert DISCUSS_POSTED.format(channel="<#C000TEAM>") in everything(done)
    replies = thread(fake_slack, channel, parent)
    assert len(replies) == 1
    assert "*Question 1 of 4*" in everything(replies[0]["blocks"])
    assert [b["text"]["text"] for b in buttons(replies[0])] == [BUTTON_NEXT_QUESTION]


def test_questions_come_one_at_a_time_and_end_with_the_closing_questions(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    channel, parent = post_pack(slack, fake_slack, where=WHERE_CHANNEL, channel="C000TEAM")
    for number in range(2, 5):
        current = thread(fake_slack, channel, parent)[-1]
        press_in(slack, channel, current, ACTION_NEXT_QUESTION)
        fake_slack.wait_for("chat.update", number - 1)
        replies = thread(fake_slack, channel, parent)
        assert len(replies) == number
        assert f"*Question {number} of 4*" in everything(replies[-1]["blocks"])
        assert buttons(replies[-2]) == [], "the question discussed loses its button"
    last = thread(fake_slack, channel, parent)[-1]
    assert buttons(last)[0]["text"]["text"] == BUTTON_CLOSING_QUESTIONS
    press_in(slack, channel, last, ACTION_NEXT_QUESTION)
    fake_slack.wait_for("chat.update", 4)
    closing = thread(fake_slack, channel, parent)[-1]
    shown = everything(closing["blocks"])
    assert "*Embedding the learning* (10 min)" in shown
    assert "What are our key reflections" in shown
    levels = [
        everything(m["blocks"]).split("· ")[1].split("\n")[0]
        for m in thread(fake_slack, channel, parent)[:4]
    ]
    assert levels == ["To understand", "To reflect on", "To reflect on", "To apply in practice"]


def test_a_second_press_of_the_same_next_question_posts_nothing_twice(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    channel, parent = post_pack(slack, fake_slack, where=WHERE_CHANNEL, channel="C000TEAM")
    first = thread(fake_slack, channel, parent)[0]
    press_in(slack, channel, first, ACTION_NEXT_QUESTION)
    fake_slack.wait_for("chat.update")
    press_in(slack, channel, first, ACTION_NEXT_QUESTION)
    told = fake_slack.wait_for("response_url")[0]
    assert PACK_ALREADY_MOVED_ON in told.params["text"]
    assert len(thread(fake_slack, channel, parent)) == 2


def test_all_at_once_posts_every_question_then_the_closing_ones(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    channel, parent = post_pack(slack, fake_slack, pace=PACE_ALL)
    replies = thread(fake_slack, channel, parent)
    assert len(replies) == 2
    questions = everything(replies[0]["blocks"])
    assert questions.index("_To understand_") < questions.index("_To reflect on_")
    assert questions.index("_To reflect on_") < questions.index("_To apply in practice_")
    assert "Embedding the learning" in everything(replies[1]["blocks"])
    assert not any(buttons(m) for m in replies)


def test_only_the_ticked_questions_are_posted(slack: Any, fake_slack: FakeSlackAPI) -> None:
    view = start(slack, fake_slack, "supervision case z")
    values = untouched(view)
    choose(values, view, DISCUSSION_QUESTIONS_BLOCK, selected_options=[option("case-z-q6")])
    choose(values, view, DISCUSSION_PACE_BLOCK, selected_option=option(PACE_ALL))
    assert submit(slack, CALLBACK_DISCUSSION, values) == {}
    posted = fake_slack.wait_for("chat.postMessage", 3)
    shown = everything(posted[1].json_param("blocks"))
    assert "over the weekend and beyond" in shown
    assert "exploitation and sexual abuse" not in shown


# --- Bad input --------------------------------------------------------------------------------


def said_in_the_modal(fake: FakeSlackAPI, answer: Any) -> str:
    """What the modal says once the bot has checked the channel (after the ack, which
    kept the modal open with the same inputs, so Slack keeps what was chosen)."""
    assert answer["response_action"] == "update"
    updated = opened(fake, method="views.update")
    assert [b.get("block_id") for b in updated["blocks"] if b["type"] == "input"] == [
        b.get("block_id") for b in answer["view"]["blocks"] if b["type"] == "input"
    ]
    return everything(updated)


def test_a_channel_the_bot_is_not_in_is_said_in_the_modal(
    slack: Any, fake_slack: FakeSlackAPI, bot_settings: Any
) -> None:
    answer = submit_to_channel(slack, fake_slack, "C000OTHER")
    said = DISCUSS_NOT_IN_CHANNEL.format(bot=f"<@{BOT_USER_ID}>")
    assert said in said_in_the_modal(fake_slack, answer)
    assert nothing_posted(fake_slack)
    assert discussions(bot_settings) == []


def test_if_slack_cannot_say_whether_the_bot_is_in_the_channel_the_modal_asks_to_retry(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    fake_slack.fail_with_error("conversations.info", "internal_error")
    answer = submit_to_channel(slack, fake_slack, "C000TEAM")
    assert DISCUSS_CHANNEL_UNCHECKED in said_in_the_modal(fake_slack, answer)
    assert nothing_posted(fake_slack)


def test_pressing_post_again_while_the_channel_is_checked_posts_nothing_twice(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    fake_slack.delay("conversations.info", 1.0)
    view = start(slack, fake_slack)
    values = untouched(view)
    choose(values, view, DISCUSSION_WHERE_BLOCK, selected_option=option(WHERE_CHANNEL))
    choose(values, view, DISCUSSION_CHANNEL_BLOCK, selected_conversation="C000TEAM")
    first = submit(slack, CALLBACK_DISCUSSION, values, view_id=view["id"])
    again = submit(slack, CALLBACK_DISCUSSION, values, view_id=view["id"])
    assert first["response_action"] == "update"
    assert again["errors"] == {DISCUSSION_CHANNEL_BLOCK: DISCUSS_STILL_CHECKING}
    fake_slack.wait_for("chat.postMessage", 2)
    assert len(fake_slack.messages("C000TEAM")) == 2  # the pack and its first question


def test_without_leave_to_check_channels_a_refused_post_is_told_not_lost(
    slack: Any, fake_slack: FakeSlackAPI, bot_settings: Any
) -> None:
    fake_slack.fail_with_error("conversations.info", "missing_scope")
    assert submit_to_channel(slack, fake_slack, "C000OTHER")["response_action"] == "update"
    refused, told = fake_slack.wait_for("chat.postMessage", 2)
    assert refused.error == "not_in_channel"
    assert told.ok and told.params["channel"] == "U000LEAD"
    assert "I'm not a member of this channel" in told.params["text"]
    assert discussions(bot_settings) == []


def test_posting_to_a_channel_needs_a_channel(slack: Any, fake_slack: FakeSlackAPI) -> None:
    answer = submit_to_channel(slack, fake_slack, None)
    assert answer["errors"] == {DISCUSSION_CHANNEL_BLOCK: DISCUSS_NO_CHANNEL}


def test_a_discussion_needs_at_least_one_question(slack: Any, fake_slack: FakeSlackAPI) -> None:
    view = start(slack, fake_slack)
    values = untouched(view)
    choose(values, view, DISCUSSION_QUESTIONS_BLOCK, selected_options=[])
    answer = submit(slack, CALLBACK_DISCUSSION, values)
    block = input_block(view, DISCUSSION_QUESTIONS_BLOCK)["block_id"]
    assert answer["errors"] == {block: DISCUSS_NO_QUESTIONS}


def test_questions_for_another_subject_are_not_posted_under_this_one(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    view = start(slack, fake_slack)
    values = untouched(view)
    choose(values, view, ACTION_DISCUSSION_SUBJECT, selected_option=option("case:case-z"))
    answer = submit(slack, CALLBACK_DISCUSSION, values)
    assert answer["errors"] == {ACTION_DISCUSSION_SUBJECT: DISCUSS_QUESTIONS_STALE}
    assert nothing_posted(fake_slack)


def test_if_slack_refuses_the_post_the_person_is_told_and_nothing_is_recorded(
    slack: Any, fake_slack: FakeSlackAPI, bot_settings: Any
) -> None:
    fake_slack.fail_with_error("chat.postMessage", "is_archived")
    view = start(slack, fake_slack)
    assert submit(slack, CALLBACK_DISCUSSION, untouched(view)) == {}
    told = fake_slack.wait_for("chat.postMessage", 2)[1]
    assert told.ok and told.params["channel"] == "U000LEAD"
    assert SHARE_ARCHIVED in told.params["text"]
    assert discussions(bot_settings) == []


def test_an_unknown_theme_gets_did_you_mean_with_a_button_for_each(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    answer = slack.slash_command("supervision disguised complience").json()
    assert "Did you mean *Disguised compliance*" in everything(answer["blocks"])
    offered = [(b["action_id"], b["value"]) for b in buttons(answer)]
    assert (ACTION_DISCUSS, THEME) in offered
    assert fake_slack.calls_to("views.open") == []
    view = press_discuss(slack, fake_slack, answer)
    assert (
        input_block(view, ACTION_DISCUSSION_SUBJECT)["element"]["initial_option"]["value"] == THEME
    )


def test_a_name_that_matches_nothing_says_how_to_find_one(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    answer = slack.slash_command("supervision qqqq zzzz").json()
    text = everything(answer["blocks"])
    assert "I don't know a theme or case called “qqqq zzzz”." in text
    assert "`/scr themes`" in text


def test_a_mention_offers_the_button_rather_than_a_modal(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    event = payloads.app_mention("discuss case z")
    event["ts"] = event["event_ts"] = fake_slack.add_message(
        "C000TEAM", event["text"], user="U000LEAD"
    )
    slack.event(event)
    posted = fake_slack.wait_for("chat.postMessage")[0]
    offered = [
        (b["action_id"], b["value"]) for b in buttons({"blocks": posted.json_param("blocks")})
    ]
    assert offered == [(ACTION_DISCUSS, "case:case-z")]


# --- Mark as held -----------------------------------------------------------------------------


def open_held(
    slack: Any, fake: FakeSlackAPI, channel: str, parent: dict[str, Any]
) -> dict[str, Any]:
    press_in(slack, channel, parent, ACTION_MARK_HELD)
    return opened(fake, 2)


def held_values(
    view: dict[str, Any], *, people: str = "7", actions: str | None = None, day: str | None = None
) -> dict[str, Any]:
    values = untouched(view)
    choose(values, view, HELD_PEOPLE_BLOCK, value=people)
    choose(values, view, HELD_ACTIONS_BLOCK, value=actions)
    if day is not None:
        choose(values, view, HELD_DATE_BLOCK, selected_date=day)
    return values


def test_mark_as_held_is_stored_shown_on_the_pack_and_listed_in_the_report(
    slack: Any,
    fake_slack: FakeSlackAPI,
    bot_settings: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    channel, parent = post_pack(slack, fake_slack, where=WHERE_CHANNEL, channel="C000TEAM")
    view = open_held(slack, fake_slack, channel, parent)
    assert view["callback_id"] == CALLBACK_HELD
    assert HELD_PRIVACY in everything(view)
    assert input_block(view, HELD_DATE_BLOCK)["element"]["initial_date"] == date.today().isoformat()
    assert input_block(view, HELD_ACTIONS_BLOCK)["element"]["max_length"] == MAX_ACTIONS
    typed = "<!channel> Add a prompt on checking what parents tell us to the audit form"
    answer = submit(
        slack,
        CALLBACK_HELD,
        held_values(view, actions=typed),
        private_metadata=view["private_metadata"],
    )
    assert answer == {}
    updated = fake_slack.wait_for("chat.update")[0]
    assert updated.ok and updated.params["ts"] == parent["ts"]
    shown = everything(fake_slack.messages(channel)[0]["blocks"])
    assert "group session or team meeting · 7 people" in shown
    assert "&lt;!channel&gt; Add a prompt" in shown and "<!channel>" not in shown
    assert BUTTON_CHANGE_HELD in shown
    held = discussions(bot_settings)[0]
    assert (held.people, held.held_format, held.actions) == (7, "group", typed)

    assert main(["report", "--state", str(bot_settings.state_path), "--format", "md"]) == 0
    report = capsys.readouterr().out
    assert (
        "| Disguised compliance | 0 | 0 | 1 | 1 | 7 | group session or team meeting x1 |" in report
    )
    assert "Agreed actions: &lt;!channel&gt; Add a prompt" in report


def test_marking_held_again_corrects_the_record(
    slack: Any, fake_slack: FakeSlackAPI, bot_settings: Any
) -> None:
    channel, parent = post_pack(slack, fake_slack)
    view = open_held(slack, fake_slack, channel, parent)
    meta = view["private_metadata"]
    submit(slack, CALLBACK_HELD, held_values(view, people="2"), private_metadata=meta)
    fake_slack.wait_for("chat.update")
    submit(slack, CALLBACK_HELD, held_values(view, people="3"), private_metadata=meta)
    fake_slack.wait_for("chat.update", 2)
    rows = usage_of(bot_settings).rows()
    assert [(r.discussions_held, r.people) for r in rows] == [(1, 3)]


@pytest.mark.parametrize(
    ("change", "block", "said"),
    [
        (
            {"people": "seven"},
            HELD_PEOPLE_BLOCK,
            HELD_PEOPLE_INVALID.format(low=1, high=500),
        ),
        ({"people": "0"}, HELD_PEOPLE_BLOCK, HELD_PEOPLE_INVALID.format(low=1, high=500)),
        ({"day": "2999-01-01"}, HELD_DATE_BLOCK, HELD_DATE_FUTURE),
        (
            {"actions": "x" * (MAX_ACTIONS + 1)},
            HELD_ACTIONS_BLOCK,
            HELD_ACTIONS_TOO_LONG.format(limit="1,000", length="1,001"),
        ),
    ],
)
def test_a_record_that_cannot_be_right_is_said_in_the_modal_and_not_stored(
    slack: Any,
    fake_slack: FakeSlackAPI,
    bot_settings: Any,
    change: dict[str, str],
    block: str,
    said: str,
) -> None:
    channel, parent = post_pack(slack, fake_slack)
    view = open_held(slack, fake_slack, channel, parent)
    answer = submit(
        slack, CALLBACK_HELD, held_values(view, **change), private_metadata=view["private_metadata"]
    )
    assert answer == {"response_action": "errors", "errors": {block: said}}
    assert not discussions(bot_settings)[0].held


def test_personal_details_in_the_actions_are_refused_and_not_stored(
    slack: Any, fake_slack: FakeSlackAPI, bot_settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    channel, parent = post_pack(slack, fake_slack)
    view = open_held(slack, fake_slack, channel, parent)
    typed = "Visit the family at NR99 9ZZ about the child born 01/02/2019"
    answer = submit(
        slack,
        CALLBACK_HELD,
        held_values(view, actions=typed),
        private_metadata=view["private_metadata"],
    )
    said = answer["errors"][HELD_ACTIONS_BLOCK]
    assert said == HELD_ACTIONS_PERSONAL.format(kinds="a date of birth and a postcode")
    assert not discussions(bot_settings)[0].held
    with open(bot_settings.state_path, "rb") as state:
        assert b"NR99" not in state.read()
    assert "NR99" not in caplog.text


def test_mark_as_held_for_a_discussion_no_longer_recorded_says_so(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    message = {"type": "message", "ts": "1741600000.000100", "text": "", "user": BOT_USER_ID}
    message["blocks"] = [
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": ACTION_MARK_HELD,
                    "value": "404",
                    "text": {"type": "plain_text", "text": "x"},
                }
            ],
        }
    ]
    press_in(slack, "C000TEAM", message, ACTION_MARK_HELD)
    told = fake_slack.wait_for("response_url")[0]
    assert GONE in told.params["text"]
    assert fake_slack.calls_to("views.open") == []


# --- The record of lookups, and the console -----------------------------------------------------


def test_a_lookup_is_counted_by_theme_and_month_only(
    slack: Any, fake_slack: FakeSlackAPI, bot_settings: Any
) -> None:
    slack.slash_command("what to do when parents pretend to cooperate", user_id="U000PRAC")
    slack.slash_command("case z", user_id="U000PRAC")
    rows = {(r.kind, r.item): r.lookups for r in usage_of(bot_settings).rows()}
    assert rows == {("theme", "disguised-compliance"): 1, ("case", "case-z"): 1}
    with open(bot_settings.state_path, "rb") as state:
        raw = state.read()
    assert b"U000PRAC" not in raw and b"pretend" not in raw


def test_the_console_shows_the_whole_pack(search_engine: Any, bot_settings: Any) -> None:
    reply = run_command(
        "supervision disguised compliance", search_engine, surface="console", settings=bot_settings
    )
    shown = render_blocks(reply.blocks)
    for title in ("1. What happened", "4. Questions to discuss", "5. Embedding the learning"):
        assert title in shown
    assert "What are our key reflections" in shown
    assert "[ Mark as held ]" not in shown, "nothing to press in a terminal"
    reply = run_command("discuss", search_engine, surface="console", settings=bot_settings)
    assert "supervision disguised compliance" in render_blocks(reply.blocks)


# --- Within Slack's limits, for every theme and case ----------------------------------------


def every_subject() -> list[str]:
    kb = load_knowledge()
    return [f"theme:{i}" for i in kb.themes] + [f"case:{i}" for i in kb.cases]


@pytest.mark.parametrize("ref", every_subject())
def test_every_pack_message_and_modal_is_one_slack_accepts(search_engine: Any, ref: str) -> None:
    kb = search_engine.knowledge
    subject = find_subject(kb, ref)
    assert check_view(start_modal(search_engine, subject).to_dict()) == []
    for pack_format in (SUPERVISION, GROUP):
        pack = compose_pack(kb, subject, pack_format)
        discussion = Discussion(
            id=1,
            kind=subject.kind,
            item=subject.id,
            channel="C000TEAM",
            format=pack_format.id,
            question_ids=tuple(q.id for q in pack.questions),
            started_on=date(2025, 3, 14),
            held_on=date(2025, 3, 14),
            held_format=pack_format.id,
            people=12,
            actions="<!channel> " + "x" * MAX_ACTIONS,
        )
        shown = [
            pack_message(pack, discussion=discussion),
            pack_preview_message(pack),
            pack_all_questions_message(pack),
            pack_closing_message(pack),
            *(
                pack_question_message(pack, i, discussion_id=1, parent_ts="1.2")
                for i in range(len(pack.questions))
            ),
        ]
        for message in shown:
            assert check_blocks([b.to_dict() for b in message.blocks]) == []
            assert message.text.strip()
        held = held_modal(discussion, subject.title, today=date(2025, 3, 14), private_metadata="{}")
        assert check_view(held.to_dict()) == []
