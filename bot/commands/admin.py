"""Admin tasks: reload the knowledge after it was edited (admins only)."""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

from bot.blocks.primitives import escape_mrkdwn, notice_message, truncate
from bot.commands import CommandRequest, Reply, verb_handler
from bot.messages.admin import (
    ADMIN_HELP,
    ADMIN_NO_ADMINS,
    ADMIN_ONLY,
    ADMIN_RELOAD_FAILED,
    ADMIN_RELOAD_REFUSED,
    ADMIN_RELOADED,
)

EXAMPLE = "admin reload"
#: It reads and writes the state file (or builds the index): answered after the ack.
AFTER_ACK = True
#: Not in ``/scr help``: only a few people can use it, and they are told of it.
LISTED = False
#: What can follow ``admin``; anything else is a lookup ("admin in supervision").
ACTIONS = ("reload", "help")
#: Problems shown when a reload is refused; the rest are a ``scrbot validate`` away.
SHOWN_PROBLEMS = 5
#: Longest single problem line shown in Slack.
PROBLEM_LINE = 300

log = logging.getLogger(__name__)


def _admins_line(admins: tuple[str, ...]) -> str:
    if not admins:
        return ADMIN_NO_ADMINS
    return ", ".join(f"<@{admin}>" for admin in admins)


def _notice(text: str) -> Reply:
    return Reply.of(notice_message(text))


def handle(request: CommandRequest) -> Reply:
    """``admin reload``: check the knowledge and answer from it at once; admins only."""
    admins = request.settings.admins if request.settings is not None else ()
    action = (request.text.split() or ["help"])[0].lower()
    if action not in ACTIONS:
        # Someone looking up "admin …", not an admin task: search for all of it.
        lookup = dataclasses.replace(request, text=f"admin {request.text}", verb="search")
        return verb_handler("search")(lookup)
    if request.user_id not in admins:
        what = "reload the knowledge" if action == "reload" else "use admin commands"
        return _notice(ADMIN_ONLY.format(action=what, admins=_admins_line(admins)))
    if action != "reload":
        return _notice(ADMIN_HELP.format(command=request.command))
    return reload_knowledge(request)


def reload_knowledge(request: CommandRequest) -> Reply:
    """Rebuild the index from the knowledge files and switch to it; on any problem
    the index in use keeps serving and the admin is told why."""
    from index.builder import IndexBuildError
    from index.knowledge_problems import KnowledgeError

    engine = request.engine
    try:
        engine.reload()  # type: ignore[attr-defined]  # LookupEngine; checks before switching
    except KnowledgeError as error:
        log.warning("Refused to reload: the knowledge has %d problem(s).", len(error.problems))
        return _notice(_refusal(error.problems, request))
    except (IndexBuildError, OSError) as error:
        log.error("Could not reload the knowledge: %s", error)
        if isinstance(error, OSError):
            reason = "the index folder could not be written"
        else:
            reason = "the new index failed its check"
        return _notice(ADMIN_RELOAD_FAILED.format(reason=reason))
    kb = engine.knowledge
    log.info("Reloaded the knowledge on an admin's request.")
    return _notice(
        ADMIN_RELOADED.format(themes=len(kb.themes), cases=len(kb.cases), terms=len(kb.glossary))
    )


def _where(request: CommandRequest) -> list[str]:
    """The knowledge folders' paths and a separator, to leave out of problem lines:
    ``themes/escalation.yaml:12: …`` says enough, and keeps the server's paths private."""
    from index.knowledge_folder import folders_of

    folders = request.settings.knowledge_paths if request.settings is not None else ()
    return [str(Path(folder)) + os.sep for folder in folders_of(folders or None)]


def _private(problem: object, bases: list[str]) -> str:
    text = str(problem)
    for base in bases:
        text = text.replace(base, "")
    return text


def _refusal(problems: tuple[object, ...], request: CommandRequest) -> str:
    shown = problems[:SHOWN_PROBLEMS]
    bases = _where(request)
    listed = "\n".join(
        f"• {escape_mrkdwn(truncate(_private(p, bases), PROBLEM_LINE))}" for p in shown
    )
    count = len(problems)
    return ADMIN_RELOAD_REFUSED.format(
        count=count,
        problems="problem" if count == 1 else "problems",
        here="Here it is:"
        if count == 1
        else "Here they are:"
        if count == len(shown)
        else f"Here are the first {len(shown)}:",
        listed=listed,
        them="it" if count == 1 else "them",
        command=request.command,
    )
