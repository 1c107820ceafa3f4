"""Supervision and team discussions: the *Start a discussion* modal, posting the pack
with its questions in a thread, *Next question*, and *Mark as held*.

Every submission is acknowledged before anything calls Slack or writes to the
state file. Checks that need only what was submitted (is a theme chosen? is the
number of people a number?) run before the ack, so the answer appears in the
modal as ``response_action: errors``. Whether the bot can post in the channel
chosen is Slack's to say (``conversations.info``), so for a channel the ack keeps
the modal open, saying it is checking, and the lazy listener asks Slack: a
problem is shown in the modal (Slack keeps what was chosen), success says where
the pack went. Posting, which calls Slack more than once, runs in the lazy
listener too; if it fails, the person is told by direct message what happened and
what to do. *Mark as held* is written to the state file after its ack as well.

Nothing about people is kept: a discussion is recorded by theme or case, channel
(or just "direct message"), format, questions and, once held, the date, number of
people and agreed actions (see :mod:`index.usage`).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

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
from bot.listeners.failures import reporting, slack_error, tell
from bot.listeners.origin import Origin, show_view
from bot.messages.supervision import (
    DISCUSS_CHECKING,
    DISCUSS_MODAL_TITLE,
    DISCUSS_NOT_POSTED,
    DISCUSS_POSTED,
    DISCUSS_STILL_CHECKING,
    HELD_GONE,
    PACK_ALREADY_MOVED_ON,
)
from bot.posting import post_once
from bot.records import usage_for
from bot.refs import Engine
from bot.supervision import (
    AckDecisions,
    HeldChoice,
    StartChoice,
    check_channel,
    chosen,
    discussion_pack,
    message_ts,
    notice_modal,
    start_modal_saying,
    subject_from,
    view_metadata,
    view_state,
)
from bot.workspaces import workspace_of
from index.pack import compose_pack, subject_of, with_questions
from index.settings import Settings
from index.storage.records import Usage
from index.usage import DIRECT_MESSAGE

log = logging.getLogger(__name__)


def acknowledge(ack: Ack) -> None:
    ack()


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Listen for *Start a discussion*, its modal, *Next question* and *Mark as held*."""
    # Opened now, so a state file that cannot be used stops the bot at start.
    usage_for(settings)
    decisions = AckDecisions()
    #: Submissions whose channel is being checked: the modal is still open, and a
    #: second press of Post must not post the pack twice.
    checking: set[str] = set()

    def usage_in(context: BoltContext) -> Usage:
        """The record of the workspace the request came from."""
        return usage_for(settings, workspace_of(settings, context))

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

    def check_start(ack: Ack, view: dict[str, Any]) -> None:
        choice = StartChoice(engine, view)
        errors = choice.errors()
        if not errors and view.get("id") in checking:
            errors[DISCUSSION_CHANNEL_BLOCK] = DISCUSS_STILL_CHECKING
        decisions.record(view, accepted=not errors)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        if choice.where == WHERE_CHANNEL and choice.channel:
            checking.add(str(view.get("id")))
            note = DISCUSS_CHECKING.format(channel=f"<#{choice.channel}>")
            ack(response_action="update", view=start_modal_saying(engine, choice, note))
            return
        ack()

    def post_discussion(
        body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        try:
            _post_discussion(body, view, client, context)
        finally:
            checking.discard(str(view.get("id")))

    def _post_discussion(
        body: dict[str, Any], view: dict[str, Any], client: WebClient, context: Any
    ) -> None:
        usage = usage_in(context)
        origin = Origin.of(body)
        choice = StartChoice(engine, view)
        accepted = decisions.take(view)
        if accepted is None:
            # The ack's decision is not known here (it cannot happen in one process):
            # decide again from what was submitted.
            accepted = not choice.errors()
        if not accepted or choice.subject is None or origin.user_id is None:
            return  # the modal said what was wrong and stayed open
        in_modal = choice.where == WHERE_CHANNEL and bool(choice.channel)
        if in_modal and choice.channel:
            check = check_channel(client, choice.channel, context.get("bot_user_id"))
            if check.problem:
                _update_modal(client, view, start_modal_saying(engine, choice, check.problem))
                return
        posted: list[str] = []
        with reporting("post a discussion", origin, None, client):
            posted.append(_post_pack(choice, origin.user_id, client, usage))
        if in_modal:
            said = (
                DISCUSS_POSTED.format(channel=f"<#{posted[0]}>") if posted else DISCUSS_NOT_POSTED
            )
            _update_modal(client, view, notice_modal(DISCUSS_MODAL_TITLE, said))

    def _post_pack(choice: StartChoice, user_id: str, client: WebClient, usage: Usage) -> str:
        """Post the pack chosen and its first questions; the channel it went to."""
        assert choice.subject is not None
        kb = engine.knowledge
        pack = with_questions(
            compose_pack(kb, choice.subject, choice.format), choice.question_ids, kb
        )
        to_me = choice.where == WHERE_DM
        # Posting to the person's user id lands in their direct message with the bot.
        target = user_id if to_me else (choice.channel or "")
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
            posted = post_once(client, channel=target, text=parent.text, blocks=parent.blocks)
        except Exception:
            usage.cancel_discussion(discussion_id)  # nothing was posted: nothing started
            raise
        channel, ts = str(posted["channel"]), str(posted["ts"])
        log.info(
            "discussion started kind=%s id=%s format=%s pace=%s questions=%d",
            choice.subject.kind,
            choice.subject.id,
            choice.format,
            choice.pace,
            len(pack.questions),
        )
        if not pack.questions:
            replies = [pack_closing_message(pack)]
        elif choice.pace == PACE_ONE:
            # Counted before posting: the first *Next question* may come at once.
            usage.move_on(discussion_id, 0, 1)
            replies = [pack_question_message(pack, 0, discussion_id=discussion_id, parent_ts=ts)]
        else:
            usage.move_on(discussion_id, 0, len(pack.questions) + 1)
            replies = [pack_all_questions_message(pack), pack_closing_message(pack)]
        for reply in replies:
            post_once(client, channel=channel, thread_ts=ts, text=reply.text, blocks=reply.blocks)
        return channel

    def next_question(
        body: dict[str, Any],
        client: WebClient,
        respond: Any,
        action: dict[str, Any],
        context: BoltContext,
    ) -> None:
        usage = usage_in(context)
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
                post_once(
                    client,
                    channel=channel,
                    thread_ts=parent_ts,
                    text=reply.text,
                    blocks=reply.blocks,
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
        body: dict[str, Any],
        client: WebClient,
        respond: Any,
        action: dict[str, Any],
        context: BoltContext,
    ) -> None:
        usage = usage_in(context)
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

    def check_held(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        usage = usage_in(context)
        choice = HeldChoice(view, usage.today())
        errors = choice.errors()
        number = view_metadata(view).get("d")
        # A read, which never waits for a writer (the state file is in WAL mode);
        # the record itself is written after the ack.
        discussion = usage.discussion(number) if isinstance(number, int) else None
        if discussion is None:
            errors = {HELD_DATE_BLOCK: HELD_GONE}
        decisions.record(view, accepted=not errors)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()

    def record_held(
        body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        usage = usage_in(context)
        origin = Origin.of(body)
        if decisions.take(view) is False:
            return  # the modal said what was wrong; the pack shows the record as it was
        choice = HeldChoice(view, usage.today())
        metadata = view_metadata(view)
        number, channel, ts = metadata.get("d"), metadata.get("c"), metadata.get("ts")
        if not isinstance(number, int) or choice.errors():
            return
        with reporting("keep the record of the discussion", origin, None, client):
            usage.record_held(
                number,
                held_on=choice.held_on or usage.today(),
                pack_format=choice.format,
                people=choice.people or 0,
                actions=choice.actions,
            )
            log.info("discussion held format=%s", choice.format)
            discussion = usage.discussion(number)
            if discussion is None or not discussion.held or not channel or not ts:
                return
            parent = pack_message(
                discussion_pack(engine, discussion), pace=discussion.pace, discussion=discussion
            )
            client.chat_update(channel=channel, ts=ts, text=parent.text, blocks=parent.blocks)

    app.action(action_pattern(ACTION_DISCUSS))(ack=acknowledge, lazy=[open_start])
    app.action(ACTION_DISCUSSION_SUBJECT)(ack=acknowledge, lazy=[change_subject])
    app.action(action_pattern(ACTION_NEXT_QUESTION))(ack=acknowledge, lazy=[next_question])
    app.action(action_pattern(ACTION_MARK_HELD))(ack=acknowledge, lazy=[open_held])
    app.view(CALLBACK_DISCUSSION)(ack=check_start, lazy=[post_discussion])
    app.view(CALLBACK_HELD)(ack=check_held, lazy=[record_held])


def _update_modal(client: WebClient, view: dict[str, Any], updated: Any) -> None:
    """Show ``updated`` in place of the modal still open; if it has been closed
    meanwhile, there is nothing to show it in."""
    try:
        client.views_update(view_id=view.get("id"), view=updated)
    except SlackApiError as error:
        log.info("Could not update the discussion modal (%s).", slack_error(error))


def _next_value(value: str) -> tuple[int, int, str]:
    """``<discussion id>:<question index>:<parent ts>`` from a *Next question* button."""
    number, index, parent_ts = (value.split(":", 2) + ["", "", ""])[:3]
    if not (number.isdigit() and index.isdigit() and parent_ts):
        raise KeyError(value)
    return int(number), int(index), parent_ts
