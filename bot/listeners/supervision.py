"""Supervision and team discussions: the *Start a discussion* modal, posting the pack
with its questions in a thread, *Next question*, and *Mark as held*.

Where a check decides what the modal says (is the bot in that channel? is the
number of people a number?), it runs before the ack, so the answer appears in the
modal as ``response_action: errors``; nothing fails silently. Posting, which
calls Slack more than once, runs in a lazy listener after the modal has closed;
if it fails, the person is told by direct message what happened and what to do.

Nothing about people is kept: a discussion is recorded by theme or case, channel
(or just "direct message"), format, questions and, once held, the date, number of
people and agreed actions (see :mod:`index.usage`).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.ids import (
    ACTION_DISCUSS,
    ACTION_DISCUSSION_SUBJECT,
    ACTION_MARK_HELD,
    ACTION_NEXT_QUESTION,
    CALLBACK_DISCUSSION,
    CALLBACK_HELD,
    DISCUSSION_CHANNEL_BLOCK,
    DISCUSSION_FORMAT_BLOCK,
    HELD_DATE_BLOCK,
    PACE_ONE,
    WHERE_CHANNEL,
    WHERE_DM,
    action_pattern,
)
from bot.blocks.packs import (
    pack_all_questions_message,
    pack_closing_message,
    pack_message,
    pack_question_message,
)
from bot.blocks.supervision import held_modal
from bot.commands.supervision import start_modal
from bot.listeners.failures import reporting, tell
from bot.listeners.origin import Origin, show_view
from bot.messages.supervision import HELD_GONE, PACK_ALREADY_MOVED_ON
from bot.records import usage_for
from bot.refs import Engine
from bot.supervision import (
    AckDecisions,
    ChannelCheck,
    HeldChoice,
    StartChoice,
    check_channel,
    chosen,
    discussion_pack,
    message_ts,
    subject_from,
    view_metadata,
    view_state,
)
from index.pack import compose_pack, subject_of, with_questions
from index.settings import Settings
from index.usage import DIRECT_MESSAGE, UsageError

log = logging.getLogger(__name__)


def acknowledge(ack: Ack) -> None:
    ack()


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Listen for *Start a discussion*, its modal, *Next question* and *Mark as held*."""
    usage = usage_for(settings)
    decisions = AckDecisions()

    def open_start(
        body: dict[str, Any], client: WebClient, respond: Any, action: dict[str, Any]
    ) -> None:
        origin = Origin.of(body)
        with reporting("open the discussion modal", origin, respond, client):
            subject = subject_from(engine, action.get("value"))
            log.info("discussion modal kind=%s", subject.kind if subject else "none")
            show_view(client, origin, start_modal(engine, subject, channel_id=origin.channel_id))

    def change_subject(
        body: dict[str, Any], client: WebClient, respond: Any, action: dict[str, Any]
    ) -> None:
        origin = Origin.of(body)
        view = body.get("view") or {}
        with reporting("show the questions", origin, respond, client):
            subject = subject_from(engine, (action.get("selected_option") or {}).get("value"))
            pack_format = chosen(view_state(view), DISCUSSION_FORMAT_BLOCK)
            updated = start_modal(engine, subject, pack_format=pack_format)
            client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=updated)

    def check_start(ack: Ack, view: dict[str, Any], client: WebClient, context: Any) -> None:
        choice = StartChoice(engine, view)
        errors = choice.errors()
        if not errors and choice.where == WHERE_CHANNEL and choice.channel:
            check = check_channel(client, choice.channel, context.get("bot_user_id"))
            if check.problem:
                errors[DISCUSSION_CHANNEL_BLOCK] = check.problem
        decisions.record(view, accepted=not errors)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()

    def post_discussion(
        body: dict[str, Any], view: dict[str, Any], client: WebClient, context: Any
    ) -> None:
        origin = Origin.of(body)
        choice = StartChoice(engine, view)
        accepted = decisions.take(view)
        if accepted is None:
            # The ack's decision is not known here (it cannot happen in one process):
            # decide again, and post only where nothing at all is in doubt.
            check = ChannelCheck()
            if choice.where == WHERE_CHANNEL and choice.channel:
                check = check_channel(client, choice.channel, context.get("bot_user_id"))
            accepted = not choice.errors() and check.problem is None
        if not accepted or choice.subject is None or origin.user_id is None:
            return  # the modal said what was wrong and stayed open
        kb = engine.knowledge
        with reporting("post a discussion", origin, None, client):
            pack = with_questions(
                compose_pack(kb, choice.subject, choice.format), choice.question_ids, kb
            )
            to_me = choice.where == WHERE_DM
            # Posting to the person's user id lands in their direct message with the bot.
            target = origin.user_id if to_me else (choice.channel or "")
            discussion_id = usage.start_discussion(
                choice.subject.kind,
                choice.subject.id,
                DIRECT_MESSAGE if to_me else target,
                choice.format,
                [q.id for q in pack.questions],
                pace=choice.pace,
            )
            discussion = usage.discussion(discussion_id)
            parent = pack_message(pack, pace=choice.pace, discussion=discussion)
            try:
                posted = client.chat_postMessage(
                    channel=target, text=parent.text, blocks=parent.blocks
                )
            except Exception:
                usage.cancel_discussion(discussion_id)  # nothing was posted: nothing started
                raise
            channel, ts = posted["channel"], posted["ts"]
            log.info(
                "discussion started kind=%s id=%s format=%s pace=%s questions=%d",
                choice.subject.kind,
                choice.subject.id,
                choice.format,
                choice.pace,
                len(pack.questions),
            )
            if not pack.questions:
                closing = pack_closing_message(pack)
                client.chat_postMessage(
                    channel=channel, thread_ts=ts, text=closing.text, blocks=closing.blocks
                )
            elif choice.pace == PACE_ONE:
                # Counted before posting: the first *Next question* may come at once.
                usage.move_on(discussion_id, 0, 1)
                first = pack_question_message(pack, 0, discussion_id=discussion_id, parent_ts=ts)
                client.chat_postMessage(
                    channel=channel, thread_ts=ts, text=first.text, blocks=first.blocks
                )
            else:
                usage.move_on(discussion_id, 0, len(pack.questions) + 1)
                for reply in (
                    pack_all_questions_message(pack),
                    pack_closing_message(pack),
                ):
                    client.chat_postMessage(
                        channel=channel, thread_ts=ts, text=reply.text, blocks=reply.blocks
                    )

    def next_question(
        body: dict[str, Any], client: WebClient, respond: Any, action: dict[str, Any]
    ) -> None:
        origin = Origin.of(body)
        with reporting("post the next question", origin, respond, client):
            number, index, parent_ts = _next_value(action.get("value", ""))
            discussion = usage.discussion(number)
            if discussion is None:
                raise KeyError(number)
            pack = discussion_pack(engine, discussion)
            if not usage.move_on(number, index, index + 1):
                tell(origin, respond, client, PACK_ALREADY_MOVED_ON)
                return
            channel = origin.channel_id or ""
            try:
                if index < len(pack.questions):
                    reply = pack_question_message(
                        pack, index, discussion_id=number, parent_ts=parent_ts
                    )
                else:
                    reply = pack_closing_message(pack)
                client.chat_postMessage(
                    channel=channel, thread_ts=parent_ts, text=reply.text, blocks=reply.blocks
                )
            except Exception:
                usage.move_on(number, index + 1, index)  # let the button be pressed again
                raise
            pressed = message_ts(body)
            if pressed and 0 < index <= len(pack.questions):
                # The question just discussed keeps its words but loses its button.
                done = pack_question_message(pack, index - 1, button_shown=False)
                client.chat_update(channel=channel, ts=pressed, text=done.text, blocks=done.blocks)

    def open_held(
        body: dict[str, Any], client: WebClient, respond: Any, action: dict[str, Any]
    ) -> None:
        origin = Origin.of(body)
        with reporting("open the record of the discussion", origin, respond, client):
            value = action.get("value", "")
            discussion = usage.discussion(int(value)) if value.isdigit() else None
            if discussion is None:
                raise KeyError(value)
            title = subject_of(engine.knowledge, discussion.kind, discussion.item).title
            metadata = json.dumps(
                {"d": discussion.id, "c": origin.channel_id, "ts": message_ts(body)}
            )
            view = held_modal(discussion, title, today=usage.today(), private_metadata=metadata)
            client.views_open(trigger_id=origin.trigger_id, view=view)

    def check_held(ack: Ack, view: dict[str, Any]) -> None:
        choice = HeldChoice(view, usage.today())
        errors = choice.errors()
        number = view_metadata(view).get("d")
        discussion = usage.discussion(number) if isinstance(number, int) else None
        if discussion is None:
            errors = {HELD_DATE_BLOCK: HELD_GONE}
        if not errors and discussion is not None:
            try:
                usage.record_held(
                    discussion.id,
                    held_on=choice.held_on or usage.today(),
                    pack_format=choice.format,
                    people=choice.people or 0,
                    actions=choice.actions,
                )
            except UsageError as error:  # checked above; this is the store's last word
                errors[HELD_DATE_BLOCK] = str(error)
        decisions.record(view, accepted=not errors)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        log.info("discussion held format=%s", choice.format)
        ack()

    def show_held(body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        origin = Origin.of(body)
        if decisions.take(view) is False:
            return  # the modal said what was wrong; the pack shows the record as it was
        metadata = view_metadata(view)
        number, channel, ts = metadata.get("d"), metadata.get("c"), metadata.get("ts")
        if not isinstance(number, int) or not channel or not ts:
            return
        discussion = usage.discussion(number)
        if discussion is None or not discussion.held:
            return  # the modal said what was wrong
        with reporting("show the record on the pack", origin, None, client):
            parent = pack_message(
                discussion_pack(engine, discussion), pace=discussion.pace, discussion=discussion
            )
            client.chat_update(channel=channel, ts=ts, text=parent.text, blocks=parent.blocks)

    app.action(action_pattern(ACTION_DISCUSS))(ack=acknowledge, lazy=[open_start])
    app.action(ACTION_DISCUSSION_SUBJECT)(ack=acknowledge, lazy=[change_subject])
    app.action(action_pattern(ACTION_NEXT_QUESTION))(ack=acknowledge, lazy=[next_question])
    app.action(action_pattern(ACTION_MARK_HELD))(ack=acknowledge, lazy=[open_held])
    app.view(CALLBACK_DISCUSSION)(ack=check_start, lazy=[post_discussion])
    app.view(CALLBACK_HELD)(ack=check_held, lazy=[show_held])


def _next_value(value: str) -> tuple[int, int, str]:
    """``<discussion id>:<question index>:<parent ts>`` from a *Next question* button."""
    number, index, parent_ts = (value.split(":", 2) + ["", "", ""])[:3]
    if not (number.isdigit() and index.isdigit() and parent_ts):
        raise KeyError(value)
    return int(number), int(index), parent_ts
