"""The Bolt app factory: ``build_app(settings)`` makes a fresh, fully wired app.

Example::

    from bot.app import build_app
    from index.setting_file import load_settings
    app = build_app(load_settings())    # checks the bot token with Slack (auth.test)

The app is built with ``process_before_response=True`` (see the measurements in
:mod:`bot.http_server`): acks are the HTTP answer, with no polling, and anything
that calls Slack's Web API runs in a lazy listener after the ack.
"""

from __future__ import annotations

import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.dedupe import EventDeduplicator
from bot.listeners import register_listeners
from bot.refs import Engine
from bot.replay import ReplayGuard
from bot.respond import use_retrying_respond
from bot.retries import retry_handlers
from index.settings import Settings
from index.storage.errors import StorageError
from index.storage.seen import Seen
from index.storage.shared import shared_database

log = logging.getLogger(__name__)

#: Threads for lazy listeners (posting answers, opening DMs, digests). Bolt's
#: default of 5 lets a few slow calls, such as retries waiting out a rate limit,
#: hold up every other lazy listener queued behind them.
LAZY_WORKERS = 16


def attach_retry_handlers(client: WebClient) -> WebClient:
    """Make ``client`` retry calls only where a repeat is harmless (see
    :mod:`bot.retries`): a short rate limit, or a 5xx on a call that posts nothing."""
    client.retry_handlers = retry_handlers()
    return client


def build_app(
    settings: Settings, engine: Engine | None = None, *, client: WebClient | None = None
) -> App:
    """A new Bolt app with every listener registered.

    ``engine`` defaults to a :class:`index.engine.LookupEngine` over the settings'
    knowledge and index folders; ``client`` to a ``WebClient`` for the bot token
    (at ``settings.api_url`` when set). With a client id and secret instead of a
    bot token the app installs into workspaces with OAuth (:mod:`bot.installations`)
    and answers each with its own token. Raises :class:`index.settings.ConfigError`
    without a bot token, ``SlackApiError`` if Slack refuses the token, and, over
    HTTP, :class:`index.storage.errors.StorageError` if the database cannot be used.
    """
    oauth = settings.installs_with_oauth
    settings.require(
        *(("client_id", "client_secret", "signing_secret") if oauth else ("bot_token",))
    )
    if engine is None:
        from index.engine import LookupEngine

        engine = LookupEngine.open(settings.knowledge_paths or None, settings.index_dir)
    if client is None:
        options: dict[str, Any] = {"token": None if oauth else settings.bot_token}
        if settings.api_url:
            options["base_url"] = settings.api_url
        client = WebClient(**options)
    elif client.token is None and not oauth:
        client.token = settings.bot_token
    attach_retry_handlers(client)
    installing: dict[str, Any] = {}
    if oauth:
        from bot.installations import installing_options

        installing = installing_options(settings, shared_database(settings.database), client)
    try:
        app = App(
            # The token comes with the client (Bolt warns if both are given), or
            # with OAuth from the installation of the workspace a request is from.
            # Without a signing secret (Socket Mode needs none) an unguessable one
            # makes sure no HTTP request can pass verification.
            signing_secret=settings.signing_secret or secrets.token_hex(32),
            client=client,
            process_before_response=True,
            listener_executor=ThreadPoolExecutor(
                max_workers=LAZY_WORKERS, thread_name_prefix="scrbot-lazy"
            ),
            **installing,
        )
    except BoltError as error:
        # Bolt wraps auth.test's refusal; hand on Slack's own error, which names the problem.
        if isinstance(error.__context__, SlackApiError):
            raise error.__context__ from None
        raise
    dedupe, replays = _remembering(settings)
    app.use(dedupe.middleware)
    app.use(use_retrying_respond)
    if replays is not None:
        app.use(replays.middleware)
    register_listeners(app, engine, settings)
    if oauth:
        # app_uninstalled and tokens_revoked: the workspace's token is deleted, so
        # nothing more is answered or posted there (its weekly prompt stops too).
        app.enable_token_revocation_listeners()
    app.error(_log_listener_error)
    return app


def _remembering(settings: Settings) -> tuple[EventDeduplicator, ReplayGuard | None]:
    """The middleware that remember what they saw, in the database shared with
    any other replicas: events (each answered once, see :mod:`bot.dedupe`) and,
    over HTTP, signed requests (a replay refused, see :mod:`bot.replay`).

    Over HTTP the database is needed to refuse replays, so a :class:`StorageError`
    is raised; in Socket Mode the bot runs without it, recognising repeated
    events within this process only.
    """
    try:
        seen = Seen(shared_database(settings.database))
        replays = ReplayGuard(seen) if settings.signing_secret else None
        return EventDeduplicator(seen), replays
    except StorageError as error:
        if settings.signing_secret:
            raise
        log.warning("Repeated events are recognised only within this process: %s", error)
        return EventDeduplicator(), None


def _log_listener_error(error: Exception) -> None:
    # The payload holds what someone typed and who they are: log neither.
    log.error("A listener failed: %s.", type(error).__name__, exc_info=error)
