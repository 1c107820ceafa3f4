"""Fixtures for reviewing and approving drafts: a partnership's own knowledge
folder read on top of the bundled knowledge (which the tests never write to),
its own index, and ``scrbot`` run in this process with answers on stdin."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from index.drafts import draft_items, theme_suggestions
from index.knowledge_folder import BUNDLED_KNOWLEDGE


@dataclass
class Run:
    code: int
    out: str
    err: str


@dataclass
class Deployment:
    """The bundled knowledge, the partnership's own folder on top, an index folder."""

    own: Path
    index: Path
    #: Other folders read between the bundled knowledge and the own one.
    between: tuple[Path, ...] = ()

    @property
    def folders(self) -> tuple[Path, ...]:
        return (BUNDLED_KNOWLEDGE, *self.between, self.own)

    @property
    def knowledge_option(self) -> str:
        return ":".join(str(folder) for folder in self.folders)

    def draft(self, draft_id: str) -> Path:
        return self.own / "drafts" / f"{draft_id}.yaml"


ScrbotRunner = Callable[..., Run]
#: Commands that read the knowledge but not the search index.
WITHOUT_INDEX = ("validate", "pack")


@pytest.fixture
def deployment(tmp_path: Path) -> Deployment:
    own = tmp_path / "partnership-knowledge"
    own.mkdir()
    return Deployment(own=own, index=tmp_path / "index")


@pytest.fixture
def scrbot(
    deployment: Deployment, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> ScrbotRunner:
    """``scrbot(["knowledge", "review", "x"], answers="e\\n...")`` runs the command
    on the deployment's folders, with ``answers`` as its standard input."""

    def run(argv: list[str], answers: str = "") -> Run:
        monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
        capsys.readouterr()
        folders = ["--knowledge", deployment.knowledge_option]
        if argv[0] not in WITHOUT_INDEX:
            folders += ["--index", str(deployment.index)]
        code = main([*argv, *folders])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def review_answers(draft_path: Path, own_words: dict[str, str], headline: str) -> str:
    """The answers an editor types to review the draft at ``draft_path``: the
    headline; for each item still in the source's words, our own words where
    ``own_words`` has some for a phrase in it (else it is dropped); every
    candidate quotation dropped; the best suggested theme linked (keeping the
    suggested line on how it showed), the others dropped."""
    draft = yaml.safe_load(draft_path.read_text(encoding="utf-8"))
    answers = [headline]
    for entry in draft_items(draft):
        if not entry.from_source:
            continue
        source = str(entry.item.get("source_text", ""))
        written = next((text for phrase, text in own_words.items() if phrase in source), None)
        answers += ["e", written] if written else ["d"]
    answers += ["d"] * len(draft.get("quotations") or ())
    suggestions = theme_suggestions(draft)
    if suggestions:
        # Linked with the suggested line on how it showed, and no vignette.
        answers += ["a", "", ""] + ["d"] * (len(suggestions) - 1)
    answers.append("")  # no other theme
    return "\n".join(answers) + "\n"
