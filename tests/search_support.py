"""Shared helpers for the search tests: the fictional knowledge and engines over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.engine import LookupEngine

#: A small, plainly fictional knowledge folder (the made-up Example Review and Case Q).
FIXTURE_KNOWLEDGE = Path(__file__).resolve().parent / "fixtures" / "search_knowledge"


def copy_knowledge(target: Path) -> Path:
    """A private copy of the fixture knowledge, for tests that change it."""
    shutil.copytree(FIXTURE_KNOWLEDGE, target)
    return target


@pytest.fixture(scope="module")
def small_engine(tmp_path_factory: pytest.TempPathFactory) -> LookupEngine:
    """An engine over the fictional knowledge, with its own index folder."""
    engine = LookupEngine.open(FIXTURE_KNOWLEDGE, tmp_path_factory.mktemp("index"))
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def real_engine(tmp_path_factory: pytest.TempPathFactory) -> LookupEngine:
    """An engine over the project's real knowledge folder."""
    engine = LookupEngine.open(None, tmp_path_factory.mktemp("real-index"))
    yield engine
    engine.close()
