"""The weekly learning prompt: what's next and what went out; admins can pause, skip or pin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from bot.blocks.digest import long_date
from bot.blocks.primitives import Message, escape_mrkdwn, notice_message, truncate
from bot.commands import CommandRequest, Reply
from bot.messages.answers import DID_YOU_MEAN
from bot.messages.digest import (
    DIGEST_ADMIN_ONLY,
    DIGEST_ALREADY_PAUSED,
    DIGEST_ALREADY_SKIPPED,
    DIGEST_CONFIG_BROKEN,
    DIGEST_HELP,
    DIGEST_NO_ADMINS,
    DIGEST_NOT_PAUSED,
    DIGEST_NOT_SET_UP,
    DIGEST_PAUSED,
    DIGEST_PIN_UNKNOWN,
    DIGEST_PIN_WHICH,
    DIGEST_PINNED,
    DIGEST_PREVIEW_NOT_SET_UP,
    DIGEST_RESUMED,
    DIGEST_SKIPPED,
    DIGEST_UNKNOWN_ACTION,
    DIGEST_WHICH_CHANNEL,
)
from index.digest_config import DigestConfig, DigestConfigError
from index.model import Knowledge
from index.setting_values import parse_week
from index.settings import Settings
from index.storage.workspace import Workspace
from scheduler.runner import DigestRunner, UnknownTheme

EXAMPLE = "digest status"
ALIASES = ("weekly",)
#: It reads and writes the state file (or builds the index): answered after the ack.
AFTER_ACK = True

#: What can follow ``digest``; the last four change things, so only admins may.
ACTIONS = ("status", "preview", "pause", "resume", "skip", "pin")
CHANGING = ("pause", "resume", "skip", "pin")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>|^([CG][A-Z0-9]{2,})$")
_WEEK = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _notice(text: str) -> Reply:
    return Reply.of(notice_message(text))


def _admins_line(settings: Settings) -> str:
    if not settings.admins:
        return DIGEST_NO_ADMINS
    return ", ".join(f"<@{admin}>" for admin in settings.admins)


@contextmanager
def _runner(
    settings: Settings, knowledge: Knowledge, config: DigestConfig, workspace: Workspace
) -> Iterator[DigestRunner]:
    from bot.digest.service import build_runner

    yield build_runner(settings, knowledge, config=config, workspace=workspace)


def _target(
    request: CommandRequest, config: DigestConfig, words: list[str]
) -> tuple[str | None, list[str]]:
    """The digest channel the command is about, and the words left over.

    A channel named in the text wins; then the channel it was typed in; then the
    only digest channel there is.
    """
    rest = []
    named = None
    for word in words:
        match = _CHANNEL.search(word)
        if match and (match.group(1) or match.group(2)) in config.channel_ids:
            named = match.group(1) or match.group(2)
        else:
            rest.append(word)
    if named:
        return named, rest
    if request.channel_id in config.channel_ids:
        return request.channel_id, rest
    if len(config.channels) == 1:
        return config.channels[0].channel, rest
    return None, rest


def find_theme(knowledge: Knowledge, text: str) -> str | None:
    """The theme ``text`` names: its id, its title or one of its aliases."""
    wanted = " ".join(re.sub(r"[-_]+", " ", text.casefold()).split())
    for theme in knowledge.themes.values():
        names = (theme.id, theme.title, *theme.aliases)
        if any(
            " ".join(re.sub(r"[-_]+", " ", name.casefold()).split()) == wanted for name in names
        ):
            return theme.id
    return None


def _searched_themes(request: CommandRequest, typed: str) -> list[str]:
    """Themes a lookup for ``typed`` finds, to suggest when no theme is named exactly."""
    found: list[str] = []
    for result in request.engine.search(typed, limit=5).results:
        theme_id = result.id if result.kind == "theme" else result.theme_id
        if theme_id in request.engine.knowledge.themes and theme_id not in found:
            found.append(theme_id)
    return found[:3]


def _help(command: str, notice: str | None = None) -> Reply:
    text = DIGEST_HELP.format(command=command)
    if notice:
        text = f"{notice}\n\n{text}"
    return _notice(text)


def _pin(runner: DigestRunner, channel: str, words: list[str], request: CommandRequest) -> Reply:
    command = request.command
    week: date | None = None
    for word in [w for w in words if _WEEK.match(w)]:
        try:
            week = parse_week(word)
            words.remove(word)
        except ValueError:
            continue  # not a real date: left in, and reported as an unknown theme
    typed = " ".join(words).strip()
    if not typed:
        return _notice(DIGEST_PIN_WHICH.format(command=command))
    theme_id = find_theme(runner.knowledge, typed)
    try:
        pinned_week = runner.pin(channel, theme_id or typed, by=request.user_id, week=week)
    except UnknownTheme as unknown:
        suggestions = ""
        close = list(unknown.suggestions) or _searched_themes(request, typed)
        if close:
            titles = [runner.knowledge.themes[t].title for t in close]
            suggestions = " " + DID_YOU_MEAN.format(
                suggestions=" or ".join(f"*{escape_mrkdwn(t)}*" for t in titles)
            )
        return _notice(
            DIGEST_PIN_UNKNOWN.format(
                theme=escape_mrkdwn(truncate(typed, 80)), suggestions=suggestions, command=command
            )
        )
    title = runner.knowledge.themes[theme_id or typed].title
    return _notice(
        DIGEST_PINNED.format(
            theme=escape_mrkdwn(title), week=long_date(pinned_week), channel=channel
        )
    )


def handle(request: CommandRequest) -> Reply:
    """Status and preview for anyone; pause, resume, skip and pin for admins only."""
    from bot.digest.service import digest_config
    from bot.digest.status import preview_message, status_message
    from scheduler.status import digest_status

    words = request.text.split()
    action = words[0].casefold() if words else "status"
    command = request.command
    if action == "help":
        return _help(command)
    if action not in ACTIONS:
        unknown = DIGEST_UNKNOWN_ACTION.format(action=escape_mrkdwn(truncate(action, 40)))
        return _help(command, unknown)
    settings = request.settings or Settings(command=command)
    knowledge = request.engine.knowledge
    try:
        # The channels of the workspace the command came from (all of them, with one token).
        config = digest_config(settings, knowledge).for_team(request.workspace.team_id)
    except DigestConfigError as error:
        return _notice(DIGEST_CONFIG_BROKEN.format(problem=escape_mrkdwn(error.problems[0])))
    if action in CHANGING and request.user_id not in settings.admins:
        return _notice(DIGEST_ADMIN_ONLY.format(action=action, admins=_admins_line(settings)))

    with _runner(settings, knowledge, config, request.workspace) as runner:
        if action == "status":
            return Reply.of(
                status_message(
                    digest_status(runner), command=command, scopes=request.granted_scopes
                )
            )
        channel, rest = _target(request, config, words[1:])
        if channel is None and action == "preview" and request.channel_id:
            channel = request.channel_id  # a preview of how it would look here
        if channel is None:
            if not config.channels:
                return _notice(DIGEST_NOT_SET_UP.format(action=action))
            channels = ", ".join(f"<#{c}>" for c in config.channel_ids)
            return _notice(DIGEST_WHICH_CHANNEL.format(channels=channels))
        if action == "preview":
            when = runner.upcoming(channel).describe()
            shown = preview_message(runner.preview(channel), when=when, command=command)
            if not config.channels:  # a look at it here, but it goes nowhere yet
                said = notice_message(DIGEST_PREVIEW_NOT_SET_UP)
                shown = Message(f"{said.text}\n{shown.text}", [*said.blocks, *shown.blocks])
            return Reply.of(shown)
        if action == "pause":
            paused = runner.pause(channel, by=request.user_id)
            template = DIGEST_PAUSED if paused else DIGEST_ALREADY_PAUSED
            return _notice(template.format(channel=channel, command=command))
        if action == "resume":
            template = DIGEST_RESUMED if runner.resume(channel) else DIGEST_NOT_PAUSED
            when = runner.upcoming(channel).describe()
            return _notice(template.format(channel=channel, when=when))
        if action == "skip":
            slot, changed = runner.skip(channel, by=request.user_id)
            template = DIGEST_SKIPPED if changed else DIGEST_ALREADY_SKIPPED
            return _notice(template.format(channel=channel, when=slot.describe()))
        return _pin(runner, channel, rest, request)
