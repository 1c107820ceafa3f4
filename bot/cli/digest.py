"""Preview, post or check the weekly learning prompt."""

from __future__ import annotations

import argparse
import sys
from typing import Any

#: How a channel is named in the terminal when none is set up yet.
NO_CHANNEL = "your team's channel"
#: The channel id a preview uses when no channel is set up (it is never posted to).
PREVIEW_CHANNEL = "C0PREVIEW"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="digest_action", metavar="ACTION")
    preview = actions.add_parser(
        "preview",
        help="show the next prompt as it will look (nothing is posted)",
        description="Show the next prompt as it will look in the channel. Nothing is posted.",
    )
    preview.add_argument(
        "--channel", metavar="C", help="the channel id (default: the first set up)"
    )
    post = actions.add_parser(
        "post",
        help="post this week's prompt now, if it has not gone out",
        description="Post this week's prompt in a channel now, unless it has gone out already.",
    )
    post.add_argument(
        "--channel", metavar="C", required=True, help="the channel id, e.g. C0123ABCD"
    )
    post.add_argument(
        "--force",
        action="store_true",
        help="post even if this week's prompt has gone out (an extra post, next in the rotation)",
    )
    status = actions.add_parser(
        "status",
        help="the next prompt in each channel, recent posts and anything missed",
        description="The next prompt in each channel, the recent posts and any missed or failed.",
    )
    for action in (preview, post, status):
        action.add_argument(
            "--team",
            metavar="T",
            default="",
            help="the workspace (Slack team id, e.g. T0123ABCD), when the bot is installed "
            "in several",
        )


def run(args: argparse.Namespace) -> int:
    from bot.cli import options
    from bot.digest.service import digest_config
    from index.digest_config import DigestConfigError
    from index.storage.errors import StorageError
    from index.storage.workspace import SINGLE, Workspace

    action = args.digest_action or "status"
    settings = options.settings(command="digest")
    knowledge = options.knowledge(settings, command="digest")
    team = getattr(args, "team", "") or ""
    if settings.installs_with_oauth and not team:
        return options.fail(
            "the bot is installed in several workspaces: say which with --team T0123ABCD.",
            command="digest",
        )
    workspace = Workspace(team) if team else SINGLE
    try:
        config = digest_config(settings, knowledge)
        if settings.installs_with_oauth:
            config = config.for_team(team)  # that workspace's channels
    except DigestConfigError as error:
        return options.fail(error.problems)
    try:
        if action == "post":
            return _post(settings, knowledge, config, args.channel, args.force, workspace)
        runner = _reader(settings, knowledge, config, workspace)
        if action == "preview":
            return _preview(runner, config, args.channel, settings.command)
        return _status(runner, settings)
    except StorageError as error:
        return options.fail(str(error), command="digest")


def _reader(settings: Any, knowledge: Any, config: Any, workspace: Any) -> Any:
    """A runner for looking only: on the database, or in memory when the SQLite
    file does not exist yet, so a preview on a fresh clone creates no files."""
    from bot.digest.service import build_runner
    from index.storage.database import Database
    from index.storage.url import sqlite_path

    path = sqlite_path(settings.database)
    url = "sqlite://" if path is not None and not path.exists() else settings.database
    return build_runner(
        settings, knowledge, config=config, database=Database.open(url), workspace=workspace
    )


def _preview(runner: Any, config: Any, channel: str | None, command: str) -> int:
    from bot.console import render_blocks
    from bot.digest.status import preview_message
    from bot.messages.digest import DIGEST_PREVIEW_NO_CHANNEL

    channel = channel or (config.channel_ids[0] if config.channels else PREVIEW_CHANNEL)
    if channel == PREVIEW_CHANNEL:
        print(DIGEST_PREVIEW_NO_CHANNEL, file=sys.stderr)
    slot = runner.upcoming(channel)
    post = runner.preview(channel)
    label = (lambda c: NO_CHANNEL) if channel == PREVIEW_CHANNEL else str
    shown = preview_message(post, when=slot.describe(), command=command, label=label)
    sys.stdout.write(render_blocks(shown.blocks))
    return 0


def _status(runner: Any, settings: Any) -> int:
    from bot.console import render_blocks
    from bot.digest.service import token_scopes
    from bot.digest.status import status_message
    from scheduler.status import digest_status

    statuses = digest_status(runner)
    # Slack says which scopes the token has: whether restarts can check the channel.
    scopes = token_scopes(settings) if statuses else None
    shown = status_message(statuses, command=settings.command, label=str, scopes=scopes)
    sys.stdout.write(render_blocks(shown.blocks))
    return 0


def _post(
    settings: Any, knowledge: Any, config: Any, channel: str, force: bool, workspace: Any
) -> int:
    from bot.cli import options
    from bot.digest.service import build_runner, digest_client
    from bot.logs import configure_logging
    from index.setting_values import parse_channel_id
    from index.settings import ConfigError
    from index.storage.errors import StorageError
    from index.storage.installations import Installations
    from index.storage.shared import shared_database

    try:
        if not settings.installs_with_oauth:
            settings.require("bot_token")
        channel = parse_channel_id(channel)
    except ConfigError as error:
        return options.fail(error.problems, command="digest")
    except ValueError as error:
        return options.fail(f"--channel {error}.", command="digest")
    configure_logging(settings.log_format, level="INFO", secrets=settings.secret_values())
    try:
        client = digest_client(settings)
        if settings.installs_with_oauth:
            installed = Installations(shared_database(settings.database)).find(
                team_id=workspace.team_id
            )
            if installed is None or not installed.bot_token:
                return options.fail(
                    f"the bot is not installed in workspace {workspace.team_id} (or was "
                    "removed): install it at /slack/install first.",
                    command="digest",
                )
            client.token = installed.bot_token
        runner = build_runner(
            settings, knowledge, client=client, config=config, workspace=workspace
        )
        outcome = runner.post_now(channel, force=force)
    except StorageError as error:
        return options.fail(str(error), command="digest")
    if outcome.status == "posted":
        print(
            f"Posted the prompt for {outcome.when} in {channel}: {outcome.theme} (ts {outcome.ts})."
        )
        return 0
    if outcome.status == "already":
        return options.fail(
            f"{outcome.detail or 'it is being posted'} in {channel} ({outcome.when}). "
            "Add --force to post another one anyway.",
            command="digest",
            code=1,
        )
    return options.fail(
        f"could not post in {channel}: {outcome.detail or outcome.status}.",
        command="digest",
        code=1,
    )
