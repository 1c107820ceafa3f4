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
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks, messages
from bot.commands.supervision import start_modal
from bot.listeners.failures import reporting, slack_error, tell
from bot.listeners.origin import Origin, show_view
from bot.records import usage_for
from bot.refs import Engine
from bot.settings import Settings
from index.pack import FORMATS, GROUP_ID, Pack, Subject, compose_pack, subject_of, with_questions
from index.privacy import find_personal_data
from index.usage import DIRECT_MESSAGE, MAX_ACTIONS, MAX_PEOPLE, MIN_PEOPLE, Discussion, UsageError

log = logging.getLogger(__name__)

_NOT_A_MEMBER = {"not_in_channel", "channel_not_found"}


def acknowledge(ack: Ack) -> None:
    ack()


# --- Reading what was chosen in a modal ----------------------------------------------------


def _state(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return (view.get("state") or {}).get("values") or {}


def _element(values: dict[str, dict[str, Any]], block_id: str) -> tuple[str | None, dict[str, Any]]:
    """The block (matched by id, or by ``<id>:`` prefix) and its one element's state."""
    for found_id, elements in values.items():
        if found_id == block_id or found_id.startswith(f"{block_id}:"):
            return found_id, next(iter(elements.values()), {})
    return None, {}


def _chosen(values: dict[str, dict[str, Any]], block_id: str) -> str | None:
    option = _element(values, block_id)[1].get("selected_option") or {}
    return option.get("value")


def _subject(engine: Engine, ref: str | None) -> Subject | None:
    """The theme or case ``theme:<id>``/``case:<id>`` names, if it still exists."""
    kind, _, item = (ref or "").partition(":")
    try:
        return subject_of(engine.knowledge, kind, item)
    except KeyError:
        return None


def _pack(engine: Engine, discussion: Discussion) -> Pack:
    """The pack a recorded discussion was started with (KeyError if its theme or case
    is no longer in the knowledge)."""
    kb = engine.knowledge
    subject = subject_of(kb, discussion.kind, discussion.item)
    pack_format = discussion.format if discussion.format in FORMATS else GROUP_ID
    return with_questions(compose_pack(kb, subject, pack_format), discussion.question_ids, kb)


class StartChoice:
    """What the *Start a discussion* modal was submitted with, and what is wrong with it."""

    def __init__(self, engine: Engine, view: dict[str, Any]) -> None:
        values = _state(view)
        self.subject = _subject(engine, _chosen(values, blocks.DISCUSSION_SUBJECT_BLOCK))
        block, ticked = _element(values, blocks.DISCUSSION_QUESTIONS_BLOCK)
        self.questions_block = block
        self.question_ids = [o.get("value", "") for o in ticked.get("selected_options") or []]
        self.format = _chosen(values, blocks.DISCUSSION_FORMAT_BLOCK) or GROUP_ID
        self.pace = _chosen(values, blocks.DISCUSSION_PACE_BLOCK) or blocks.PACE_ONE
        self.where = _chosen(values, blocks.DISCUSSION_WHERE_BLOCK) or blocks.WHERE_DM
        channel = _element(values, blocks.DISCUSSION_CHANNEL_BLOCK)[1]
        self.channel = channel.get("selected_conversation") or channel.get("selected_channel")

    def errors(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.subject is None:
            found[blocks.DISCUSSION_SUBJECT_BLOCK] = messages.DISCUSS_NO_SUBJECT
        elif self.questions_block and not self.question_ids:
            found[self.questions_block] = messages.DISCUSS_NO_QUESTIONS
        if self.where == blocks.WHERE_CHANNEL and not self.channel:
            found[blocks.DISCUSSION_CHANNEL_BLOCK] = messages.DISCUSS_NO_CHANNEL
        if self.format not in FORMATS:
            found[blocks.DISCUSSION_FORMAT_BLOCK] = messages.DISCUSS_NO_FORMAT
        return found


@dataclass(frozen=True)
class ChannelCheck:
    """Whether the bot can post in a channel. ``refused`` means Slack said it cannot
    (not a member, archived); ``problem`` is what the modal says, if anything."""

    problem: str | None = None
    refused: bool = False


def check_channel(client: WebClient, channel: str, bot_user_id: str | None) -> ChannelCheck:
    """Ask Slack whether the bot can post in ``channel`` (``conversations.info``)."""
    if channel.startswith("D"):
        return ChannelCheck()  # a direct message: posting is tried, and any failure told
    bot = f"<@{bot_user_id}>" if bot_user_id else "@scrbot"
    try:
        info = client.conversations_info(channel=channel)["channel"] or {}
    except SlackApiError as error:
        code = slack_error(error)
        if code in _NOT_A_MEMBER:
            return ChannelCheck(messages.DISCUSS_NOT_IN_CHANNEL.format(bot=bot), refused=True)
        if code == "missing_scope":
            # An app installed without channels:read can't ask; posting will tell.
            log.warning("Cannot check channels before posting: add channels:read and groups:read.")
            return ChannelCheck()
        log.warning("Could not check a channel before posting: Slack said %s.", code)
        return ChannelCheck(messages.DISCUSS_CHANNEL_UNCHECKED)
    except Exception as error:
        log.warning("Could not check a channel before posting (%s).", type(error).__name__)
        return ChannelCheck(messages.DISCUSS_CHANNEL_UNCHECKED)
    if info.get("is_archived"):
        return ChannelCheck(messages.DISCUSS_CHANNEL_ARCHIVED, refused=True)
    if not info.get("is_member") and not info.get("is_im"):
        return ChannelCheck(messages.DISCUSS_NOT_IN_CHANNEL.format(bot=bot), refused=True)
    return ChannelCheck()


class HeldChoice:
    """What the *Mark as held* modal was submitted with, and what is wrong with it."""

    def __init__(self, view: dict[str, Any], today: date) -> None:
        values = _state(view)
        self.today = today
        raw_date = _element(values, blocks.HELD_DATE_BLOCK)[1].get("selected_date")
        try:
            self.held_on: date | None = date.fromisoformat(raw_date) if raw_date else None
        except ValueError:
            self.held_on = None
        self.format = _chosen(values, blocks.HELD_FORMAT_BLOCK) or GROUP_ID
        self.people_text = (
            _element(values, blocks.HELD_PEOPLE_BLOCK)[1].get("value") or ""
        ).strip()
        self.actions = _element(values, blocks.HELD_ACTIONS_BLOCK)[1].get("value") or ""

    @property
    def people(self) -> int | None:
        return int(self.people_text) if self.people_text.isdigit() else None

    def errors(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.held_on is None:
            found[blocks.HELD_DATE_BLOCK] = messages.HELD_DATE_MISSING
        elif self.held_on > self.today:
            found[blocks.HELD_DATE_BLOCK] = messages.HELD_DATE_FUTURE
        if self.format not in FORMATS:
            found[blocks.HELD_FORMAT_BLOCK] = messages.DISCUSS_NO_FORMAT
        people = self.people
        if people is None or not MIN_PEOPLE <= people <= MAX_PEOPLE:
            found[blocks.HELD_PEOPLE_BLOCK] = messages.HELD_PEOPLE_INVALID.format(
                low=MIN_PEOPLE, high=MAX_PEOPLE
            )
        actions = self.actions.strip()
        if len(actions) > MAX_ACTIONS:
            found[blocks.HELD_ACTIONS_BLOCK] = messages.HELD_ACTIONS_TOO_LONG.format(
                limit=f"{MAX_ACTIONS:,}", length=f"{len(actions):,}"
            )
        else:
            personal = find_personal_data(actions)
            if personal:
                # Not stored, and not logged: only the kinds of detail are named back.
                kinds = (
                    personal[0]
                    if len(personal) == 1
                    else ", ".join(personal[:-1]) + " and " + personal[-1]
                )
                found[blocks.HELD_ACTIONS_BLOCK] = messages.HELD_ACTIONS_PERSONAL.format(
                    kinds=kinds
                )
        return found


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _message_ts(body: dict[str, Any]) -> str | None:
    return (body.get("message") or {}).get("ts") or (body.get("container") or {}).get("message_ts")


class AckDecisions:
    """What the ack of each modal submission decided, for its lazy listener.

    Bolt runs a view submission's lazy listener whatever the ack answered, and the
    listener cannot see that answer; both run in this process, so the ack leaves
    its decision here. Keyed by the view's id and hash, which are unique to one
    submission; only the most recent few hundred are kept.
    """

    KEEP = 500

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._accepted: dict[str, bool] = {}

    @staticmethod
    def _key(view: dict[str, Any]) -> str:
        return f"{view.get('id')}/{view.get('hash')}"

    def record(self, view: dict[str, Any], *, accepted: bool) -> None:
        with self._lock:
            self._accepted[self._key(view)] = accepted
            while len(self._accepted) > self.KEEP:
                self._accepted.pop(next(iter(self._accepted)))

    def take(self, view: dict[str, Any]) -> bool | None:
        """The decision for ``view`` (forgotten once taken), or None if none was made."""
        with self._lock:
            return self._accepted.pop(self._key(view), None)


# --- Listeners ------------------------------------------------------------------------------


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Listen for *Start a discussion*, its modal, *Next question* and *Mark as held*."""
    usage = usage_for(settings)
    decisions = AckDecisions()

    def open_start(
        body: dict[str, Any], client: WebClient, respond: Any, action: dict[str, Any]
    ) -> None:
        origin = Origin.of(body)
        with reporting("open the discussion modal", origin, respond, client):
            subject = _subject(engine, action.get("value"))
            log.info("discussion modal kind=%s", subject.kind if subject else "none")
            show_view(client, origin, start_modal(engine, subject, channel_id=origin.channel_id))

    def change_subject(
        body: dict[str, Any], client: WebClient, respond: Any, action: dict[str, Any]
    ) -> None:
        origin = Origin.of(body)
        view = body.get("view") or {}
        with reporting("show the questions", origin, respond, client):
            subject = _subject(engine, (action.get("selected_option") or {}).get("value"))
            pack_format = _chosen(_state(view), blocks.DISCUSSION_FORMAT_BLOCK)
            updated = start_modal(engine, subject, pack_format=pack_format)
            client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=updated)

    def check_start(ack: Ack, view: dict[str, Any], client: WebClient, context: Any) -> None:
        choice = StartChoice(engine, view)
        errors = choice.errors()
        if not errors and choice.where == blocks.WHERE_CHANNEL and choice.channel:
            check = check_channel(client, choice.channel, context.get("bot_user_id"))
            if check.problem:
                errors[blocks.DISCUSSION_CHANNEL_BLOCK] = check.problem
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
            if choice.where == blocks.WHERE_CHANNEL and choice.channel:
                check = check_channel(client, choice.channel, context.get("bot_user_id"))
            accepted = not choice.errors() and check.problem is None
        if not accepted or choice.subject is None or origin.user_id is None:
            return  # the modal said what was wrong and stayed open
        kb = engine.knowledge
        with reporting("post a discussion", origin, None, client):
            pack = with_questions(
                compose_pack(kb, choice.subject, choice.format), choice.question_ids, kb
            )
            to_me = choice.where == blocks.WHERE_DM
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
            parent = blocks.pack_message(pack, pace=choice.pace, discussion=discussion)
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
                closing = blocks.pack_closing_message(pack)
                client.chat_postMessage(
                    channel=channel, thread_ts=ts, text=closing.text, blocks=closing.blocks
                )
            elif choice.pace == blocks.PACE_ONE:
                # Counted before posting: the first *Next question* may come at once.
                usage.move_on(discussion_id, 0, 1)
                first = blocks.pack_question_message(
                    pack, 0, discussion_id=discussion_id, parent_ts=ts
                )
                client.chat_postMessage(
                    channel=channel, thread_ts=ts, text=first.text, blocks=first.blocks
                )
            else:
                usage.move_on(discussion_id, 0, len(pack.questions) + 1)
                for reply in (
                    blocks.pack_all_questions_message(pack),
                    blocks.pack_closing_message(pack),
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
            pack = _pack(engine, discussion)
            if not usage.move_on(number, index, index + 1):
                tell(origin, respond, client, messages.PACK_ALREADY_MOVED_ON)
                return
            channel = origin.channel_id or ""
            try:
                if index < len(pack.questions):
                    reply = blocks.pack_question_message(
                        pack, index, discussion_id=number, parent_ts=parent_ts
                    )
                else:
                    reply = blocks.pack_closing_message(pack)
                client.chat_postMessage(
                    channel=channel, thread_ts=parent_ts, text=reply.text, blocks=reply.blocks
                )
            except Exception:
                usage.move_on(number, index + 1, index)  # let the button be pressed again
                raise
            pressed = _message_ts(body)
            if pressed and 0 < index <= len(pack.questions):
                # The question just discussed keeps its words but loses its button.
                done = blocks.pack_question_message(pack, index - 1, button_shown=False)
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
                {"d": discussion.id, "c": origin.channel_id, "ts": _message_ts(body)}
            )
            view = blocks.held_modal(
                discussion, title, today=usage.today(), private_metadata=metadata
            )
            client.views_open(trigger_id=origin.trigger_id, view=view)

    def check_held(ack: Ack, view: dict[str, Any]) -> None:
        choice = HeldChoice(view, usage.today())
        errors = choice.errors()
        number = _metadata(view).get("d")
        discussion = usage.discussion(number) if isinstance(number, int) else None
        if discussion is None:
            errors = {blocks.HELD_DATE_BLOCK: messages.HELD_GONE}
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
                errors[blocks.HELD_DATE_BLOCK] = str(error)
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
        metadata = _metadata(view)
        number, channel, ts = metadata.get("d"), metadata.get("c"), metadata.get("ts")
        if not isinstance(number, int) or not channel or not ts:
            return
        discussion = usage.discussion(number)
        if discussion is None or not discussion.held:
            return  # the modal said what was wrong
        with reporting("show the record on the pack", origin, None, client):
            parent = blocks.pack_message(
                _pack(engine, discussion), pace=discussion.pace, discussion=discussion
            )
            client.chat_update(channel=channel, ts=ts, text=parent.text, blocks=parent.blocks)

    app.action(blocks.action_pattern(blocks.ACTION_DISCUSS))(ack=acknowledge, lazy=[open_start])
    app.action(blocks.ACTION_DISCUSSION_SUBJECT)(ack=acknowledge, lazy=[change_subject])
    app.action(blocks.action_pattern(blocks.ACTION_NEXT_QUESTION))(
        ack=acknowledge, lazy=[next_question]
    )
    app.action(blocks.action_pattern(blocks.ACTION_MARK_HELD))(ack=acknowledge, lazy=[open_held])
    app.view(blocks.CALLBACK_DISCUSSION)(ack=check_start, lazy=[post_discussion])
    app.view(blocks.CALLBACK_HELD)(ack=check_held, lazy=[show_held])


def _next_value(value: str) -> tuple[int, int, str]:
    """``<discussion id>:<question index>:<parent ts>`` from a *Next question* button."""
    number, index, parent_ts = (value.split(":", 2) + ["", "", ""])[:3]
    if not (number.isdigit() and index.isdigit() and parent_ts):
        raise KeyError(value)
    return int(number), int(index), parent_ts
