"""Putting the weekly prompt together from the bot's settings, and starting it.

``scrbot serve`` calls :func:`start_scheduler` once the app is loaded (unless the
config says ``run_with_bot: false``); ``scrbot scheduler`` does the same on its
own. Both refuse a broken ``digest`` section at start with one line per problem
(:class:`index.digest_config.DigestConfigError`).

Example::

    jobs = start_scheduler(settings, engine.knowledge)   # None if no channels
    ...
    if jobs:
        jobs.shutdown()
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.digest.poster import DigestPoster
from index.digest_config import DigestConfig, parse_digest_config
from index.model import Knowledge
from index.settings import DEFAULT_CONFIG_PATH, Settings
from index.storage.database import Database
from index.storage.leader import describe, leader_lock
from index.storage.shared import shared_database
from index.storage.workspace import SINGLE, Workspace
from scheduler.jobs import DigestJobs
from scheduler.leadership import Jobs, Leadership
from scheduler.runner import DigestRunner

log = logging.getLogger(__name__)

#: Seconds one Slack call may take. Well inside the runner's claim lease, so a
#: slow call is never mistaken for a crashed process.
SLACK_TIMEOUT = 30


def config_where(settings: Settings) -> str:
    """Where the digest settings come from, for error lines: ``scrbot.yaml: digest``."""
    return f"{settings.source or DEFAULT_CONFIG_PATH}: digest"


def digest_config(settings: Settings, knowledge: Knowledge) -> DigestConfig:
    """The checked digest settings; raises :class:`index.digest_config.DigestConfigError`."""
    return parse_digest_config(settings.digest, knowledge.themes, where=config_where(settings))


def digest_client(settings: Settings) -> WebClient:
    """A Web API client for posting prompts that never retries by itself: the
    runner decides when to retry, after checking the channel."""
    options: dict[str, Any] = {
        "token": settings.bot_token,
        "timeout": SLACK_TIMEOUT,
        "retry_handlers": [],
    }
    if settings.api_url:
        options["base_url"] = settings.api_url
    return WebClient(**options)


def token_scopes(settings: Settings) -> frozenset[str] | None:
    """The bot token's scopes, as Slack reports them on ``auth.test``; None without a
    token or when Slack cannot be asked (for ``scrbot digest status``)."""
    if not settings.bot_token:
        return None
    client = digest_client(settings)
    client.timeout = 10
    try:
        answer = client.auth_test()
    except Exception as error:
        log.info("Could not ask Slack which scopes the bot has (%s).", type(error).__name__)
        return None
    for name, value in (answer.headers or {}).items():
        if name.lower() == "x-oauth-scopes":
            text = value[0] if isinstance(value, list) else str(value)
            return frozenset(scope.strip() for scope in text.split(",") if scope.strip())
    return None


def build_runner(
    settings: Settings,
    knowledge: Knowledge,
    *,
    client: WebClient | None = None,
    database: Database | None = None,
    workspace: Workspace = SINGLE,
    config: DigestConfig | None = None,
    clock: Callable[[], datetime] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> DigestRunner:
    """A :class:`DigestRunner` for ``workspace`` posting through Slack with the
    settings' token (or ``client``'s), its state in the settings' database (unless
    another ``database`` is given), its time the database's clock. ``clock`` and
    ``sleep`` are for tests that move time by hand. Raises
    :class:`~index.storage.errors.StorageError` if the database cannot be used."""
    poster = DigestPoster(
        client or digest_client(settings),
        admins=settings.admins,
        command=settings.command,
        config_path=settings.source,
    )
    return DigestRunner(
        database or shared_database(settings.database),
        config or digest_config(settings, knowledge),
        knowledge,
        post=poster.post,
        find_existing=poster.find_existing,
        clock=clock,
        notify_admins=poster.notify_admins,
        sleep=sleep,
        workspace=workspace,
    )


def start_scheduler(
    settings: Settings,
    knowledge: Knowledge,
    *,
    client: WebClient | None = None,
    with_bot: bool = True,
) -> Leadership | None:
    """Start the weekly prompt's jobs in the background, in whichever process leads
    (see :mod:`scheduler.leadership`); None when there is nothing to run (no
    channels, or ``run_with_bot: false`` and ``with_bot``). Raises
    :class:`index.digest_config.DigestConfigError` for a broken config and
    :class:`~index.storage.errors.StorageError` for an unusable database."""
    config = digest_config(settings, knowledge)
    if not config.channels:
        log.info("The weekly learning prompt has no channels set up (digest: channels:).")
        return None
    if with_bot and not config.run_with_bot:
        log.info("The weekly learning prompt is left to `scrbot scheduler` (run_with_bot: false).")
        return None
    database = shared_database(settings.database)
    lock = leader_lock(database, role="scheduler", holder=process_name())
    start_jobs: Callable[[], Jobs]
    if settings.installs_with_oauth:
        from bot.digest.workspaces import WorkspaceJobs, WorkspaceRunners

        # Every installed workspace's channels, each posted with its own token.
        runners = WorkspaceRunners(settings, knowledge, database)
        start_jobs = lambda: WorkspaceJobs(runners)  # noqa: E731
    else:
        start_jobs = lambda: DigestJobs(  # noqa: E731
            build_runner(settings, knowledge, client=client, config=config, database=database)
        )
    leadership = Leadership(lock, start_jobs=start_jobs, how=describe(lock))
    leadership.start()
    return leadership


def process_name() -> str:
    """This process among all those sharing the database: host, process id, a nonce."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class DigestService:
    """The weekly prompt inside ``scrbot serve``: checked before the app is built,
    started once it is, and stopped with it.

    Example::

        digest = DigestService(settings)
        digest.check(engine.knowledge)     # DigestConfigError: refuse to start
        app = build_app(settings, engine=engine)
        digest.start()
        ...
        digest.stop()
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.knowledge: Knowledge | None = None
        self.jobs: Leadership | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def check(self, knowledge: Knowledge) -> None:
        """Check the digest settings against the knowledge; raises
        :class:`index.digest_config.DigestConfigError`, one line per problem."""
        digest_config(self.settings, knowledge)
        self.knowledge = knowledge

    def start(self) -> None:
        """Start the jobs (if any channels are set up and the bot is to run them)."""
        if self.knowledge is None:
            raise RuntimeError("DigestService.check() must come before start()")
        with self._lock:
            # The bot may be told to stop while it is still loading: then don't start.
            if not self._stopped:
                self.jobs = start_scheduler(self.settings, self.knowledge)

    def stop(self) -> None:
        """Stop the jobs; a post waiting to retry is resolved at the next start."""
        with self._lock:
            self._stopped = True
            if self.jobs is not None:
                self.jobs.shutdown()
                self.jobs = None
