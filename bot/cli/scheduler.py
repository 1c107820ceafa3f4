"""Run the weekly learning prompt on its own, without the bot."""

from __future__ import annotations

import argparse
import signal
import threading


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run the weekly learning prompt on its own, without the bot: for deployments "
        "where the bot runs as several HTTP replicas, set run_with_bot: false under "
        "digest: and run one of these beside them. Stops cleanly on SIGTERM or Ctrl-C."
    )


def run(args: argparse.Namespace) -> int:
    from slack_sdk.errors import SlackApiError

    from bot.cli import options
    from bot.digest.service import digest_client, start_scheduler
    from bot.logs import configure_logging
    from index.digest_config import DigestConfigError
    from index.storage.errors import StorageError

    settings = options.settings(command="scheduler")
    if not settings.installs_with_oauth:
        # Installed into workspaces with OAuth, each posts with its own token (kept in
        # the database); otherwise the one bot token.
        options.settings(command="scheduler", require=("bot_token",))
    configure_logging(settings.log_format, secrets=settings.secret_values())
    knowledge = options.knowledge(settings, command="scheduler")
    client = digest_client(settings)
    try:
        if not settings.installs_with_oauth:
            client.auth_test()
    except SlackApiError as error:
        code = error.response.get("error") if error.response is not None else "error"
        return options.fail(
            f"Slack refused SLACK_BOT_TOKEN ({code}): check the bot token.", command="scheduler"
        )
    except OSError as error:
        where = settings.api_url or "https://slack.com/api/"
        return options.fail(
            f"could not reach Slack at {where}: {error}.", command="scheduler", code=1
        )
    try:
        jobs = start_scheduler(settings, knowledge, client=client, with_bot=False)
    except DigestConfigError as error:
        return options.fail(error.problems)
    except StorageError as error:
        # Unusable, or its schema needs `scrbot db upgrade`: a matter of configuration.
        return options.fail(str(error), command="scheduler")
    if jobs is None:
        return options.fail(
            "no channels are set up under digest: channels: in the config file.",
            command="scheduler",
        )
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        stop.wait()
    finally:
        jobs.shutdown()
    return 0
