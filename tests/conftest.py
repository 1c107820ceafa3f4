"""Fixtures shared across the test suite. Keep them small and general."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

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
