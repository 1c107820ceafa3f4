"""Fixtures shared across the test suite. Keep them small and general."""

from __future__ import annotations

import os
import tempfile
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import postgres_cluster

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # Keep every log record of the run and fail it if a test credential is in one.
    if not config.pluginmanager.has_plugin("tests.log_guard"):
        config.pluginmanager.import_plugin("tests.log_guard")


@pytest.fixture
def shared_sources() -> Path:
    """The source documents folder beside the checkout (``../shared/sources``).

    It is not part of the repository; tests that need it skip when it is absent.
    """
    return REPO_ROOT.parent / "shared" / "sources"


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented text to a path under ``tmp_path``, making folders; return the path.

    Example: ``write_file("knowledge/glossary.yaml", '''kind: glossary ...''')``.
    """

    def write(relative: str, text: str) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


# -- databases ---------------------------------------------------------------------------

#: A PostgreSQL server for the tests (``.ci/run`` starts one and sets this).
POSTGRES_URL_ENV = "SCRBOT_TEST_POSTGRES_URL"
#: Set to 1 (as ``.ci/run`` does) to fail, not skip, when no server can be had.
REQUIRE_POSTGRES_ENV = "SCRBOT_REQUIRE_POSTGRES"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a real PostgreSQL server: ``$SCRBOT_TEST_POSTGRES_URL``, else a
    throwaway one started here if PostgreSQL is installed, else the test is skipped
    (or fails, under ``SCRBOT_REQUIRE_POSTGRES=1``)."""
    given = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if given:
        yield given
        return
    # Under /tmp itself: the server may run as another user, who must reach the folder.
    folder = Path(tempfile.gettempdir()) / f"scrbot-test-pg-{uuid.uuid4().hex[:12]}"
    try:
        url = postgres_cluster.start(folder)
    except postgres_cluster.ClusterError as error:
        postgres_cluster.stop(folder)
        reason = f"no PostgreSQL server for the tests: {error} (or set {POSTGRES_URL_ENV})"
        if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield url
    finally:
        postgres_cluster.stop(folder)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database for one test: a SQLite file on disk, then a fresh database
    on the real PostgreSQL server (the test runs once with each)."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'state.sqlite3').as_posix()}"
        return
    from tests.storage_support import fresh_postgres_database

    with fresh_postgres_database(request.getfixturevalue("postgres_server")) as url:
        yield url
