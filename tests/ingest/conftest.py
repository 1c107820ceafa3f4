"""Fixtures for the ingest tests: a copy of the bundled knowledge to ingest into,
and a runner for ``scrbot ingest`` that captures its output."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main
from index.knowledge_folder import BUNDLED_KNOWLEDGE


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def last_line(self) -> str:
        return self.out.strip().splitlines()[-1]


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A writable copy of the bundled knowledge."""
    copy = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, copy, ignore=shutil.ignore_patterns("drafts"))
    return copy


@pytest.fixture
def ingest(
    knowledge: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Run]:
    """``ingest(path, "--id", "x")`` runs ``scrbot ingest`` on the knowledge copy."""

    def run(path: Path, *extra: str, themes: bool = False) -> Run:
        argv = [
            "ingest",
            str(path),
            "--knowledge",
            str(knowledge),
            "--index",
            str(tmp_path / "index"),
        ]
        if not themes:
            argv.append("--no-themes")
        code = main([*argv, *extra])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes, to show nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


SnapshotOf = Callable[[Path], dict[str, bytes]]
