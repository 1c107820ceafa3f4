"""A pytest plugin that keeps every log record of a test run and fails the run if
any of the tests' credentials (:data:`tests.fakes.credentials.ALL_SECRETS`) shows
up in one.

It puts a handler at DEBUG on the root logger for the whole session, writing to a
temporary file, and puts it back before each test in case a test (or the code
under test) took it away. At the end it reads the file; a run whose logs hold a
token or signing secret fails, naming which one and the first line it was in.
The records are taken before any masking, so the check does not lean on
:class:`bot.logs.SecretFilter`: the secret must never be logged at all.

``tests/conftest.py`` loads it; ``pytest -p tests.log_guard`` loads it elsewhere.
Set ``SCRBOT_TEST_LOG=path`` to keep the records of a run in ``path``.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import pytest

from tests.fakes.credentials import ALL_SECRETS

#: Loggers that production keeps at INFO; reset before each test, so their
#: DEBUG lines are looked through as well.
LIBRARIES = ("slack_bolt", "slack_sdk", "apscheduler", "urllib3", "websockets")
#: Names a file to keep the run's records in (else a temporary file, removed if clean).
KEEP_ENV = "SCRBOT_TEST_LOG"
#: Shown at the end of a run with leaks: the first few lines holding each secret.
SHOWN_PER_SECRET = 3


class _Everything(logging.Formatter):
    """The message, its logger and any traceback, one record after another."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")


class LogGuard:
    """The plugin's state: the file and the handler writing to it."""

    def __init__(self) -> None:
        self.keep = bool(os.environ.get(KEEP_ENV))
        if self.keep:
            self.path = Path(os.environ[KEEP_ENV])
            self.path.write_text("", encoding="utf-8")
        else:
            handle, name = tempfile.mkstemp(prefix="scrbot-test-log-", suffix=".log")
            os.close(handle)
            self.path = Path(name)
        self.handler = logging.FileHandler(self.path, encoding="utf-8")
        self.handler.setLevel(logging.DEBUG)
        self.handler.setFormatter(_Everything())

    def attach(self) -> None:
        root = logging.getLogger()
        if self.handler not in root.handlers:
            # First, so it sees each record before any other handler masks it.
            root.handlers.insert(0, self.handler)
        root.setLevel(logging.DEBUG)
        for name in LIBRARIES:
            logging.getLogger(name).setLevel(logging.NOTSET)

    def detach(self) -> None:
        logging.getLogger().removeHandler(self.handler)
        self.handler.close()

    def leaks(self) -> dict[str, list[str]]:
        """Each secret found in the logs, with the lines it was in."""
        found: dict[str, list[str]] = {}
        with open(self.path, encoding="utf-8", errors="replace") as logged:
            for line in logged:
                for secret in ALL_SECRETS:
                    if secret in line:
                        found.setdefault(secret, []).append(line.rstrip("\n"))
        return found


_guard: LogGuard | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _guard
    _guard = LogGuard()
    _guard.attach()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if _guard is not None:
        _guard.attach()


def pytest_runtest_teardown(item: pytest.Item) -> None:
    # A test that ran ``scrbot`` in-process leaves its stderr handler on the root
    # logger, pointing at that test's captured stderr: take it away.
    from bot.logs import remove_handlers

    remove_handlers()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _guard is None:
        return
    _guard.detach()
    leaks = _guard.leaks()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if not leaks:
        if not _guard.keep:
            _guard.path.unlink(missing_ok=True)
        return
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
    lines = [f"A token or signing secret was logged during the tests (all records: {_guard.path}):"]
    for secret, where in leaks.items():
        lines.append(f"  {secret!r} in {len(where)} record(s), e.g.:")
        lines += [f"    {line[:300]}" for line in where[:SHOWN_PER_SECRET]]
    if reporter is not None:
        reporter.write_sep("=", "secrets in the logs", red=True)
        for line in lines:
            reporter.write_line(line)
    else:
        print("\n".join(lines))
