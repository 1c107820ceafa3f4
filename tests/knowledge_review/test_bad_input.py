"""Bad input to ``scrbot knowledge review`` and ``approve``: one clear line saying
what was wrong and what to do, the README's exit status (2: no such draft; 1: the
draft cannot be approved as it is), and nothing half-written: the partnership's
folder byte for byte as it was, no index built, the draft still there."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from index.builder import IndexStore
from index.knowledge_folder import BUNDLED_KNOWLEDGE
from tests.knowledge_review.conftest import Deployment, ScrbotRunner
from tests.knowledge_review.documents import write_review
from tests.knowledge_review.drafts import DRAFT_ID, write_draft


@dataclass(frozen=True)
class BadInput:
    command: str
    draft_id: str
    setup: Callable[[Path], None]
    code: int
    says: tuple[str, ...]


def nothing(own: Path) -> None:
    write_draft(own)


def edited(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def setup(own: Path) -> None:
        path = write_draft(own)
        draft = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(draft)
        path.write_text(yaml.safe_dump(draft, sort_keys=False), encoding="utf-8")

    return setup


def not_yaml(own: Path) -> None:
    write_draft(own).write_text("kind: case\nid: [unclosed\n", encoding="utf-8")


def named_as_a_bundled_case(own: Path) -> None:
    path = write_draft(own, id="case-y")
    shutil.move(path, path.with_name("case-y.yaml"))


def named_as_a_case_in_another_own_folder(own: Path) -> None:
    write_draft(own)
    other = own.parent / "neighbours-knowledge" / "cases"
    other.mkdir(parents=True)
    case = yaml.safe_load((BUNDLED_KNOWLEDGE / "cases" / "case-z.yaml").read_text("utf-8"))
    case["id"] = DRAFT_ID
    (other / f"{DRAFT_ID}.yaml").write_text(yaml.safe_dump(case), encoding="utf-8")


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(draft: dict[str, Any]) -> None:
        target = draft
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


CASES = {
    "review: unknown id": BadInput("review", "no-such-draft", nothing, 2, ("no draft",)),
    "approve: unknown id": BadInput("approve", "no-such-draft", nothing, 2, ("no draft",)),
    "review: not YAML": BadInput("review", DRAFT_ID, not_yaml, 1, ("not valid YAML",)),
    "approve: not YAML": BadInput("approve", DRAFT_ID, not_yaml, 1, ("not valid YAML",)),
    "approve: a field no case has": BadInput(
        "approve",
        DRAFT_ID,
        edited(_set(("findings", 0, "colour"), "red")),
        1,
        ("findings[0].colour: unknown field 'colour'",),
    ),
    "approve: an unknown theme": BadInput(
        "approve",
        DRAFT_ID,
        edited(_set(("themes", 0, "theme"), "profesional-curiosity")),
        1,
        ("unknown theme 'profesional-curiosity'", "did you mean 'professional-curiosity'"),
    ),
    "approve: a citation of no source": BadInput(
        "approve",
        DRAFT_ID,
        edited(_set(("findings", 0, "cite", "source"), "a-review-not-listed")),
        1,
        ("a-review-not-listed",),
    ),
    "approve: a quotation not word for word": BadInput(
        "approve",
        DRAFT_ID,
        edited(_set(("findings", 0, "quote"), "closed the case after four missed visits")),
        1,
        ("findings[0].quote: quotation not found word for word",),
    ),
    "approve: an id the bundled knowledge has": BadInput(
        "approve",
        "case-y",
        named_as_a_bundled_case,
        1,
        ("a case 'case-y' is already in the knowledge", "knowledge/cases/case-y.yaml"),
    ),
    "approve: an id another folder has": BadInput(
        "approve",
        DRAFT_ID,
        named_as_a_case_in_another_own_folder,
        1,
        (f"a case '{DRAFT_ID}' is already in the knowledge", "neighbours-knowledge/cases"),
    ),
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("bad", CASES.values(), ids=CASES.keys())
def test_bad_input_gets_one_clear_line_its_exit_status_and_changes_nothing(
    bad: BadInput, deployment: Deployment, scrbot: ScrbotRunner
) -> None:
    bad.setup(deployment.own)
    neighbours = deployment.own.parent / "neighbours-knowledge"
    if neighbours.is_dir():
        deployment.between = (neighbours,)
    before = snapshot(deployment.own.parent)

    refused = scrbot(["knowledge", bad.command, bad.draft_id], answers="q\n")

    assert refused.code == bad.code, refused.err
    lines = refused.err.splitlines()
    assert len(lines) == 1, refused.err
    assert lines[0].startswith(
        f"scrbot knowledge{' approve' if bad.command == 'approve' else ''}: "
    )
    for words in bad.says:
        assert words in lines[0]
    # What to do, not only what was wrong.
    assert any(advice in lines[0] for advice in ("scrbot ingest", "fix", "Fix", "Give the draft"))
    assert snapshot(deployment.own.parent) == before
    assert IndexStore(deployment.index).current()[0] is None


@pytest.mark.parametrize(
    ("taken", "where"),
    [("norfolk-case-y", "knowledge/sources.yaml"), ("case-y", "knowledge/cases/case-y.yaml")],
    ids=["a bundled source's id", "a bundled case's id"],
)
def test_ingest_refuses_an_id_another_folder_has_and_writes_nothing(
    taken: str, where: str, tmp_path: Path, deployment: Deployment, scrbot: ScrbotRunner
) -> None:
    # Kept, it would make the knowledge stop loading: two sources (or cases) of one id.
    review = write_review(tmp_path, "md")
    refused = scrbot(["ingest", str(review), "--id", taken, "--no-themes"])

    assert refused.code == 2, refused.err
    (line,) = refused.err.splitlines()
    assert f"'{taken}' is already in" in line or "already exists" in line
    assert where in line and "--id" in line
    assert snapshot(deployment.own) == {}
