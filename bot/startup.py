"""Bringing the bot's parts up, in order: the database, the knowledge index (kept in
step with the other replicas), the Bolt app and the weekly learning prompt.

Each step that fails raises :class:`StartupError` with one line saying what to do
and the exit code to leave with (2 for configuration, 1 when the work failed). The
imports are inside the functions: ``scrbot`` loads every subcommand's options,
and a lookup must not pay for Slack's.
"""

from __future__ import annotations

from typing import Any


class StartupError(Exception):
    """The bot cannot start; the message is one line saying what to do."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def open_database(settings: Any) -> None:
    """Open the database (records, the weekly prompt's state, the requests seen) before
    anything else, so that an unusable one, or one whose schema needs ``scrbot db
    upgrade``, stops the bot at once with one line (exit 2)."""
    from index.storage.errors import StorageError
    from index.storage.shared import shared_database

    try:
        shared_database(settings.database)
    except StorageError as error:
        raise StartupError(str(error)) from None


def open_engine(settings: Any) -> Any:
    """Open the search index over the settings' knowledge (building it if need be)."""
    from index.engine import LookupEngine
    from index.knowledge_problems import KnowledgeError

    try:
        engine = LookupEngine.open(settings.knowledge_paths or None, settings.index_dir)
        # Read every term's scores before /healthz says ready, so the first
        # requests after start-up never share the cores with that work.
        engine.warm()
        _follow_published_knowledge(settings, engine)
        return engine
    except KnowledgeError as error:
        count = len(error.problems)
        raise StartupError(
            f"The knowledge files have {count} problem{'s' if count != 1 else ''}, so the bot "
            "cannot start: run scrbot validate to see them.",
            1,
        ) from None
    except OSError as error:
        raise StartupError(
            f"Could not read the knowledge or the search index: {error}.", 1
        ) from None


def _follow_published_knowledge(settings: Any, engine: Any) -> None:
    """Publish this replica's knowledge changes in the database and follow every
    other replica's (see :mod:`bot.knowledge_sync`); the thread ends with the process."""
    from bot.knowledge_sync import KnowledgeSync
    from index.storage.errors import StorageError
    from index.storage.knowledge import KnowledgeVersions
    from index.storage.shared import shared_database

    try:
        KnowledgeSync(engine, KnowledgeVersions(shared_database(settings.database))).start()
    except StorageError as error:
        raise StartupError(str(error)) from None


def digest_service(settings: Any) -> Any:
    """The weekly learning prompt's service, not yet started."""
    from bot.digest.service import DigestService

    return DigestService(settings)


def load_app(settings: Any, engine: Any, digest: Any = None) -> Any:
    """Build the Bolt app on ``engine`` (which checks the bot token with Slack), then
    start the weekly learning prompt (``digest``) if one is given."""
    from slack_sdk.errors import SlackApiError

    from bot.app import build_app
    from bot.credentials import BOT_TOKEN_HELP
    from index.storage.errors import StorageError

    if digest is not None:
        from index.digest_config import DigestConfigError

        try:
            digest.check(engine.knowledge)
        except DigestConfigError as error:
            raise StartupError("\n".join(error.problems)) from None
    try:
        app = build_app(settings, engine=engine)
    except SlackApiError as error:
        raise rejected("SLACK_BOT_TOKEN", error, BOT_TOKEN_HELP) from None
    except StorageError as error:
        raise StartupError(str(error)) from None
    except OSError as error:
        where = settings.api_url or "https://slack.com/api/"
        raise StartupError(f"Could not reach Slack at {where}: {error}.", 1) from None
    if digest is not None:
        try:
            digest.start()
        except StorageError as error:
            raise StartupError(str(error)) from None
    return app


def rejected(variable: str, error: Any, help_text: str) -> StartupError:
    """Slack refused a credential: which, Slack's error code, and where to find it."""
    code = error.response.get("error") if error.response is not None else "error"
    return StartupError(f"Slack refused {variable} ({code}): set it to {help_text}.")
