"""Buttons and menus: open a case, more questions, share, and moving from one
answer to the next (*Start a discussion* is in :mod:`bot.listeners.supervision`).

Each is acknowledged at once and done in a lazy listener. Answers shown from a
private message replace it; from a message everyone sees, they come as a new
private message; from a modal they are pushed on top; from the home tab they
open a modal.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.blocks.answers import answer_message, answer_modal
from bot.blocks.cases import case_modal, questions_view
from bot.blocks.feedback import BUTTONS, NATIVE
from bot.blocks.home import search_modal
from bot.blocks.ids import (
    ACTION_ANOTHER_QUESTION,
    ACTION_MORE_QUESTIONS,
    ACTION_OPEN_CASE,
    ACTION_OPEN_SEARCH,
    ACTION_PICK_THEME,
    ACTION_SEARCH_FOR,
    ACTION_SHARE,
    ACTION_SHOW,
    action_pattern,
)
from bot.blocks.primitives import Message, notice_message
from bot.commands import CommandRequest, verb_handler
from bot.commands.question import question_reply
from bot.listeners.failures import reporting
from bot.listeners.origin import Origin, show_message, show_view
from bot.messages.answers import SHARE_DIRECT_MESSAGE, SHARED
from bot.posting import post_once
from bot.refs import Engine, Ref, resolve
from bot.safety import FrontDoor
from bot.workspaces import workspace_of
from index.settings import Settings

log = logging.getLogger(__name__)


def acknowledge(ack: Ack) -> None:
    ack()


def register(app: App, engine: Engine, settings: Settings) -> None:
    """Listen for every button and menu the bot's messages and views carry."""

    def show_answer(body: dict[str, Any], client: WebClient, respond: Any, ref: Ref) -> None:
        origin = Origin.of(body)
        with reporting("show an answer", origin, respond, client):
            kb = engine.knowledge
            result = resolve(engine, ref)
            log.info("opened kind=%s id=%s", ref.kind, ref.id)
            if origin.kind in ("modal", "home"):
                show_view(client, origin, answer_modal(result, kb, FrontDoor.of(settings)))
            else:
                show_message(
                    respond,
                    client,
                    origin,
                    answer_message(
                        result, kb, shareable=True, door=FrontDoor.of(settings), feedback=BUTTONS
                    ),
                )

    def show(body: dict[str, Any], client: WebClient, respond: Any, action: dict[str, Any]) -> None:
        show_answer(body, client, respond, Ref.parse(action.get("value", "")))

    def pick_theme(
        body: dict[str, Any], client: WebClient, respond: Any, action: dict[str, Any]
    ) -> None:
        chosen = (action.get("selected_option") or {}).get("value", "")
        show_answer(body, client, respond, Ref("theme", chosen))

    def open_case(
        body: dict[str, Any], client: WebClient, respond: Any, action: dict[str, Any]
    ) -> None:
        origin = Origin.of(body)
        with reporting("open a case", origin, respond, client):
            kb = engine.knowledge
            case = kb.cases[action.get("value", "")]
            log.info("opened kind=case id=%s", case.id)
            show_view(client, origin, case_modal(case, kb))

    def more_questions(
        body: dict[str, Any], client: WebClient, respond: Any, action: dict[str, Any]
    ) -> None:
        origin = Origin.of(body)
        with reporting("show more questions", origin, respond, client):
            show_view(
                client, origin, questions_view(engine.knowledge, Ref.parse(action.get("value", "")))
            )

    def share(
        body: dict[str, Any],
        client: WebClient,
        respond: Any,
        action: dict[str, Any],
        context: BoltContext,
    ) -> None:
        origin = Origin.of(body)
        bot = context.get("bot_user_id")
        shared = False
        if origin.channel_id is None:
            # Share is offered under an answer in a conversation; a payload without
            # one has nowhere to share to.
            show_message(respond, client, origin, notice_message(SHARE_DIRECT_MESSAGE))
            return
        with reporting("share an answer", origin, respond, client, bot_user_id=bot):
            ref = Ref.parse(action.get("value", ""))
            result = resolve(engine, ref)
            message = answer_message(
                result,
                engine.knowledge,
                shared_by=origin.user_id,
                door=FrontDoor.of(settings),
                feedback=NATIVE,
            )
            post_once(
                client, channel=origin.channel_id or "", text=message.text, blocks=message.blocks
            )
            shared = True
            log.info("shared kind=%s id=%s", ref.kind, ref.id)
        if shared and origin.kind == "ephemeral" and origin.response_url:
            done = notice_message(SHARED)
            try:
                # The private copy has done its job; say where the answer went.
                respond(text=done.text, blocks=done.blocks, replace_original=True)
            except Exception as error:  # the share worked, so this is not worth a message
                log.info("Could not replace the private answer (%s).", type(error).__name__)

    def another_question(
        body: dict[str, Any], client: WebClient, respond: Any, action: dict[str, Any]
    ) -> None:
        origin = Origin.of(body)
        with reporting("show another question", origin, respond, client):
            reply = question_reply(engine.knowledge, int(action.get("value") or 0))
            show_message(respond, client, origin, Message(reply.text, reply.blocks))

    def search_for(
        body: dict[str, Any],
        client: WebClient,
        respond: Any,
        action: dict[str, Any],
        context: BoltContext,
    ) -> None:
        origin = Origin.of(body)
        with reporting("search", origin, respond, client):
            query = action.get("value", "")
            if origin.kind == "modal" and origin.view_id:
                response = engine.search(query, limit=5)
                view = search_modal(
                    engine.knowledge,
                    command=settings.command,
                    response=response,
                    door=FrontDoor.of(settings),
                )
                client.views_update(view_id=origin.view_id, view=view)
                return
            request = CommandRequest(
                text=query,
                engine=engine,
                command=settings.command,
                settings=settings,
                workspace=workspace_of(settings, context),
            )
            reply = verb_handler("search")(request)
            show_message(respond, client, origin, Message(reply.text, reply.blocks))

    def open_search(body: dict[str, Any], client: WebClient, respond: Any) -> None:
        origin = Origin.of(body)
        with reporting("open search", origin, respond, client):
            show_view(client, origin, search_modal(engine.knowledge, command=settings.command))

    listeners = {
        ACTION_SHOW: show,
        ACTION_PICK_THEME: pick_theme,
        ACTION_OPEN_CASE: open_case,
        ACTION_MORE_QUESTIONS: more_questions,
        ACTION_SHARE: share,
        ACTION_ANOTHER_QUESTION: another_question,
        ACTION_SEARCH_FOR: search_for,
        ACTION_OPEN_SEARCH: open_search,
    }
    for action_id, listener in listeners.items():
        app.action(action_pattern(action_id))(ack=acknowledge, lazy=[listener])
