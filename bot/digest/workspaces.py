"""The weekly prompt in every workspace the bot serves, each posted with its own token.

With one bot token there is one workspace and one runner, as before. When the bot
installs into workspaces with OAuth, each channel in ``digest: channels:`` names
its workspace (``team:``), and each installed workspace with channels gets its own
:class:`~scheduler.runner.DigestRunner`: its slots, pauses and pins kept apart
in the database, its posts made with its own bot token. The set follows the
installs: a new install gets its runner at the next look, and a workspace that
removed the app (its token deleted, see :mod:`bot.installations`) gets none, so
its prompt stops.

Example::

    runners = WorkspaceRunners(settings, knowledge, database)
    for runner in runners.current().values():
        runner.run_due()

    jobs = WorkspaceJobs(runners)      # the same on APScheduler, kept in step
    jobs.start()
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.digest.service import build_runner, digest_client, digest_config
from index.digest_config import DigestConfig, DigestConfigError
from index.model import Knowledge
from index.settings import Settings
from index.storage.database import Database
from index.storage.errors import StorageError
from index.storage.installations import Installations
from index.storage.workspace import SINGLE, Workspace
from scheduler.jobs import DigestJobs
from scheduler.runner import DigestRunner

log = logging.getLogger(__name__)

#: How often the installs are looked at again for new and removed workspaces.
REFRESH_EVERY = timedelta(minutes=1)


class WorkspaceRunners:
    """A :class:`DigestRunner` for each workspace with prompt channels and a token."""

    def __init__(
        self,
        settings: Settings,
        knowledge: Knowledge,
        database: Database,
        *,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.settings = settings
        self.knowledge = knowledge
        self.database = database
        self.config = workspace_config(settings, knowledge)
        self.clock = clock
        self.sleep = sleep
        self._runners: dict[tuple[Workspace, str], DigestRunner] = {}
        self._waiting: set[str] = set()

    def current(self) -> dict[Workspace, DigestRunner]:
        """The runners for the workspaces served now (made once per workspace and token)."""
        if not self.settings.installs_with_oauth:
            return {SINGLE: self._runner(SINGLE, self.settings.bot_token, self.config)}
        found: dict[Workspace, DigestRunner] = {}
        installed = {i.team_id: i for i in Installations(self.database).all() if i.bot_token}
        for team in self.config.teams:
            install = installed.get(team)
            if install is None:
                if team not in self._waiting:
                    log.info("The weekly prompt waits for workspace %s to install the bot.", team)
                    self._waiting.add(team)
                continue
            self._waiting.discard(team)
            assert install.bot_token is not None
            found[install.workspace] = self._runner(
                install.workspace, install.bot_token, self.config.for_team(team)
            )
        # The runners of removed installs (or of replaced tokens) are let go.
        live = {id(runner) for runner in found.values()}
        for key, runner in list(self._runners.items()):
            if id(runner) not in live:
                del self._runners[key]
                runner.stop()
        return found

    def _runner(
        self, workspace: Workspace, token: str | None, config: DigestConfig
    ) -> DigestRunner:
        key = (workspace, token or "")
        runner = self._runners.get(key)
        if runner is None:
            client = digest_client(self.settings)
            client.token = token
            runner = build_runner(
                self.settings,
                self.knowledge,
                client=client,
                database=self.database,
                config=config,
                clock=self.clock,
                sleep=self.sleep,
                workspace=workspace,
            )
            self._runners[key] = runner
        return runner

    def stop(self) -> None:
        for runner in self._runners.values():
            runner.stop()


def workspace_config(settings: Settings, knowledge: Knowledge) -> DigestConfig:
    """The digest settings, checked for the way the bot is installed: with OAuth
    every channel must say which workspace it is in; with one token none may."""
    config = digest_config(settings, knowledge)
    oauth = settings.installs_with_oauth
    problems = [
        f"digest.channels: {schedule.channel} needs 'team:' (the workspace it is in), "
        "because the bot installs into several workspaces."
        if oauth
        else f"digest.channels: {schedule.channel} has 'team: {schedule.team}', but the bot "
        "serves one workspace with SLACK_BOT_TOKEN: leave 'team:' out."
        for schedule in config.channels
        if bool(schedule.team) != oauth
    ]
    if problems:
        raise DigestConfigError(problems)
    return config


class WorkspaceJobs:
    """The weekly prompt's jobs (:class:`scheduler.jobs.DigestJobs`) for every workspace
    served, started and stopped as workspaces install and remove the bot."""

    def __init__(self, runners: WorkspaceRunners, *, refresh_every: timedelta = REFRESH_EVERY):
        self.runners = runners
        self.refresh_every = refresh_every
        self._jobs: dict[Workspace, tuple[DigestRunner, DigestJobs]] = {}
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the jobs of every workspace served now, and keep them in step."""
        self.refresh()
        self._thread = threading.Thread(target=self._keep_in_step, name="digest-workspaces")
        self._thread.daemon = True
        self._thread.start()

    def refresh(self) -> None:
        """Start the jobs of workspaces newly served; stop those of workspaces gone."""
        current = self.runners.current()
        for workspace, (runner, jobs) in list(self._jobs.items()):
            if current.get(workspace) is not runner:
                jobs.shutdown(wait=False)
                del self._jobs[workspace]
                if workspace not in current:
                    log.info(
                        "Stopped the weekly prompt in %s: the bot was removed.",
                        workspace.describe(),
                    )
        for workspace, runner in current.items():
            if workspace not in self._jobs and runner.config.channels:
                jobs = DigestJobs(runner)
                jobs.start()
                self._jobs[workspace] = (runner, jobs)

    @property
    def workspaces(self) -> set[Workspace]:
        """The workspaces whose jobs are running."""
        return set(self._jobs)

    def next_runs(self) -> dict[str, datetime | None]:
        """Each channel's next weekly run, in every workspace."""
        found: dict[str, datetime | None] = {}
        for _, jobs in self._jobs.values():
            found.update(jobs.next_runs())
        return found

    def _keep_in_step(self) -> None:
        while not self._stopping.wait(self.refresh_every.total_seconds()):
            try:
                self.refresh()
            except StorageError as error:  # the next look tries again; the jobs running go on
                log.warning(
                    "Could not look for workspaces that installed or removed the bot: %s", error
                )
            except Exception:  # as above, for a fault of our own: with its traceback
                log.exception("Could not look for workspaces that installed or removed the bot.")

    def shutdown(self, wait: bool = True) -> None:
        self._stopping.set()
        for _, jobs in self._jobs.values():
            jobs.shutdown(wait=wait)
        self._jobs.clear()
        self.runners.stop()
