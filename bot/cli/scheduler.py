"""Run the weekly learning prompt on its own, without the bot."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run the weekly learning prompt on its own, without the bot: for deployments "
        "where the bot runs as several HTTP replicas, set run_with_bot: false under "
        "digest: and run one of these beside them. Stops cleanly on SIGTERM or Ctrl-C."
    )


def _fail(message: str, code: int = 2) -> int:
    print(f"scrbot scheduler: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    from slack_sdk.errors import SlackApiError

    from bot.digest.service import digest_client, start_scheduler
    from bot.logs import configure_logging
    from bot.settings import ConfigError, load_settings
    from index.knowledge import load_knowledge
    from index.store import StoreError
    from index.validation import KnowledgeError
    from scheduler.config import DigestConfigError

    try:
        settings = load_settings(env=os.environ)
        settings.require("bot_token")
    except ConfigError as error:
        return _fail(" ".join(error.problems))
    configure_logging(settings.log_format, secrets=(settings.bot_token or "",))
    try:
        knowledge = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as error:
        count = len(error.problems)
        return _fail(
            f"the knowledge files have {count} problem{'s' if count != 1 else ''}: "
            "run scrbot validate to see them.",
            1,
        )
    client = digest_client(settings)
    try:
        client.auth_test()
    except SlackApiError as error:
        code = error.response.get("error") if error.response is not None else "error"
        return _fail(f"Slack refused SLACK_BOT_TOKEN ({code}): check the bot token.")
    except OSError as error:
        return _fail(
            f"could not reach Slack at {settings.api_url or 'https://slack.com/api/'}: {error}.", 1
        )
    try:
        jobs = start_scheduler(settings, knowledge, client=client, with_bot=False)
    except DigestConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    except StoreError as error:
        return _fail(str(error), 1)
    if jobs is None:
        return _fail("no channels are set up under digest: channels: in the config file.")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        stop.wait()
    finally:
        jobs.shutdown()
    return 0
