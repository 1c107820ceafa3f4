"""The discussion modals as the bot reads them: what was chosen, what is wrong with it,
and whether the bot can post where the pack should go.

:class:`StartChoice` and :class:`HeldChoice` turn a submitted view's state into
plain values and the errors to show in the modal (``response_action: errors``);
:func:`check_channel` asks Slack whether the bot can post in a channel;
:class:`AckDecisions` carries each submission's verdict from its ack to its lazy
listener. The listeners are in :mod:`bot.listeners.supervision`.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from bot.blocks.ids import (
    DISCUSSION_CHANNEL_BLOCK,
    DISCUSSION_FORMAT_BLOCK,
    DISCUSSION_PACE_BLOCK,
    DISCUSSION_QUESTIONS_BLOCK,
    DISCUSSION_SUBJECT_BLOCK,
    DISCUSSION_WHERE_BLOCK,
    HELD_ACTIONS_BLOCK,
    HELD_DATE_BLOCK,
    HELD_FORMAT_BLOCK,
    HELD_PEOPLE_BLOCK,
    PACE_ONE,
    WHERE_CHANNEL,
    WHERE_DM,
)
from bot.blocks.primitives import context, modal, sections
from bot.commands.supervision import start_modal
from bot.listeners.failures import slack_error
from bot.messages.supervision import (
    DISCUSS_CHANNEL_ARCHIVED,
    DISCUSS_CHANNEL_UNCHECKED,
    DISCUSS_NO_CHANNEL,
    DISCUSS_NO_FORMAT,
    DISCUSS_NO_QUESTIONS,
    DISCUSS_NO_SUBJECT,
    DISCUSS_NOT_IN_CHANNEL,
    DISCUSS_QUESTIONS_STALE,
    HELD_ACTIONS_PERSONAL,
    HELD_ACTIONS_TOO_LONG,
    HELD_DATE_FUTURE,
    HELD_DATE_MISSING,
    HELD_PEOPLE_INVALID,
)
from bot.refs import Engine
from index.pack import FORMATS, GROUP_ID, Pack, Subject, compose_pack, subject_of, with_questions
from index.privacy import find_personal_data
from index.usage import DATE_GRACE, MAX_ACTIONS, MAX_PEOPLE, MIN_PEOPLE, Discussion

log = logging.getLogger(__name__)

_NOT_A_MEMBER = {"not_in_channel", "channel_not_found"}


def view_state(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return (view.get("state") or {}).get("values") or {}


def _element(values: dict[str, dict[str, Any]], block_id: str) -> tuple[str | None, dict[str, Any]]:
    """The block (matched by id, or by ``<id>:`` prefix) and its one element's state."""
    for found_id, elements in values.items():
        if found_id == block_id or found_id.startswith(f"{block_id}:"):
            return found_id, next(iter(elements.values()), {})
    return None, {}


def chosen(values: dict[str, dict[str, Any]], block_id: str) -> str | None:
    option = _element(values, block_id)[1].get("selected_option") or {}
    return option.get("value")


def subject_from(engine: Engine, ref: str | None) -> Subject | None:
    """The theme or case ``theme:<id>``/``case:<id>`` names, if it still exists."""
    kind, _, item = (ref or "").partition(":")
    try:
        return subject_of(engine.knowledge, kind, item)
    except KeyError:
        return None


def discussion_pack(engine: Engine, discussion: Discussion) -> Pack:
    """The pack a recorded discussion was started with (KeyError if its theme or case
    is no longer in the knowledge)."""
    kb = engine.knowledge
    subject = subject_of(kb, discussion.kind, discussion.item)
    pack_format = discussion.format if discussion.format in FORMATS else GROUP_ID
    return with_questions(compose_pack(kb, subject, pack_format), discussion.question_ids, kb)


class StartChoice:
    """What the *Start a discussion* modal was submitted with, and what is wrong with it."""

    def __init__(self, engine: Engine, view: dict[str, Any]) -> None:
        values = view_state(view)
        self.subject = subject_from(engine, chosen(values, DISCUSSION_SUBJECT_BLOCK))
        block, ticked = _element(values, DISCUSSION_QUESTIONS_BLOCK)
        self.questions_block = block
        self.question_ids = [o.get("value", "") for o in ticked.get("selected_options") or []]
        self.format = chosen(values, DISCUSSION_FORMAT_BLOCK) or GROUP_ID
        self.pace = chosen(values, DISCUSSION_PACE_BLOCK) or PACE_ONE
        self.where = chosen(values, DISCUSSION_WHERE_BLOCK) or WHERE_DM
        channel = _element(values, DISCUSSION_CHANNEL_BLOCK)[1]
        self.channel = channel.get("selected_conversation") or channel.get("selected_channel")

    def errors(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.subject is None:
            found[DISCUSSION_SUBJECT_BLOCK] = DISCUSS_NO_SUBJECT
        elif self.questions_block != f"{DISCUSSION_QUESTIONS_BLOCK}:{self.subject.ref}":
            # The questions shown belong to another choice (the window did not catch up).
            found[DISCUSSION_SUBJECT_BLOCK] = DISCUSS_QUESTIONS_STALE
        elif not self.question_ids:
            found[self.questions_block] = DISCUSS_NO_QUESTIONS
        if self.where == WHERE_CHANNEL and not self.channel:
            found[DISCUSSION_CHANNEL_BLOCK] = DISCUSS_NO_CHANNEL
        if self.format not in FORMATS:
            found[DISCUSSION_FORMAT_BLOCK] = DISCUSS_NO_FORMAT
        return found


def start_modal_saying(engine: Engine, choice: StartChoice, note: str) -> View:
    """The *Start a discussion* modal as submitted, saying ``note`` above the channel.

    Its inputs have the same block and action ids as the modal submitted, so Slack
    keeps what the person chose when the modal is updated to this one.
    """
    view = start_modal(engine, choice.subject, pack_format=choice.format)
    shown = list(view.blocks or [])
    at = next(
        (
            number
            for number, block in enumerate(shown)
            if getattr(block, "block_id", None) == DISCUSSION_CHANNEL_BLOCK
        ),
        len(shown),
    )
    shown.insert(at, context(note))
    view.blocks = shown
    return view


def notice_modal(title: str, text: str) -> View:
    """A modal that only says ``text``, with a button to close it."""
    return modal(title, sections(text))


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
            return ChannelCheck(DISCUSS_NOT_IN_CHANNEL.format(bot=bot), refused=True)
        if code == "missing_scope":
            # An app installed without channels:read can't ask; posting will tell.
            log.warning("Cannot check channels before posting: add channels:read and groups:read.")
            return ChannelCheck()
        log.warning("Could not check a channel before posting: Slack said %s.", code)
        return ChannelCheck(DISCUSS_CHANNEL_UNCHECKED)
    except Exception as error:
        log.warning("Could not check a channel before posting (%s).", type(error).__name__)
        return ChannelCheck(DISCUSS_CHANNEL_UNCHECKED)
    if info.get("is_archived"):
        return ChannelCheck(DISCUSS_CHANNEL_ARCHIVED, refused=True)
    if not info.get("is_member") and not info.get("is_im"):
        return ChannelCheck(DISCUSS_NOT_IN_CHANNEL.format(bot=bot), refused=True)
    return ChannelCheck()


class HeldChoice:
    """What the *Mark as held* modal was submitted with, and what is wrong with it."""

    def __init__(self, view: dict[str, Any], today: date) -> None:
        values = view_state(view)
        self.today = today
        raw_date = _element(values, HELD_DATE_BLOCK)[1].get("selected_date")
        try:
            self.held_on: date | None = date.fromisoformat(raw_date) if raw_date else None
        except ValueError:
            self.held_on = None
        self.format = chosen(values, HELD_FORMAT_BLOCK) or GROUP_ID
        self.people_text = (_element(values, HELD_PEOPLE_BLOCK)[1].get("value") or "").strip()
        self.actions = _element(values, HELD_ACTIONS_BLOCK)[1].get("value") or ""

    @property
    def people(self) -> int | None:
        return int(self.people_text) if self.people_text.isdigit() else None

    def errors(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.held_on is None:
            found[HELD_DATE_BLOCK] = HELD_DATE_MISSING
        elif self.held_on > self.today + DATE_GRACE:
            found[HELD_DATE_BLOCK] = HELD_DATE_FUTURE
        if self.format not in FORMATS:
            found[HELD_FORMAT_BLOCK] = DISCUSS_NO_FORMAT
        people = self.people
        if people is None or not MIN_PEOPLE <= people <= MAX_PEOPLE:
            found[HELD_PEOPLE_BLOCK] = HELD_PEOPLE_INVALID.format(low=MIN_PEOPLE, high=MAX_PEOPLE)
        actions = self.actions.strip()
        if len(actions) > MAX_ACTIONS:
            found[HELD_ACTIONS_BLOCK] = HELD_ACTIONS_TOO_LONG.format(
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
                found[HELD_ACTIONS_BLOCK] = HELD_ACTIONS_PERSONAL.format(kinds=kinds)
        return found


def view_metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def message_ts(body: dict[str, Any]) -> str | None:
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
