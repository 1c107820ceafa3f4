"""The checked knowledge kept with the index: used only when it can be trusted, and a
lookup from the command line loads nothing it does not need."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from index.builder import IndexStore, files_fingerprint
from index.engine import LookupEngine, checked_knowledge
from index.knowledge import load_knowledge
from index.knowledge_folder import KEPT_SOURCES, knowledge_files
from index.knowledge_problems import KnowledgeError
from index.knowledge_snapshot import CHECK, SNAPSHOT, read_snapshot
from index.source_sections import cited_sections
from tests.scrbot_process import run_scrbot
from tests.search_support import FIXTURE_KNOWLEDGE, copy_knowledge

REPO_ROOT = Path(__file__).resolve().parent.parent


def built(tmp_path: Path, knowledge: Path = FIXTURE_KNOWLEDGE) -> tuple[IndexStore, Path]:
    store = IndexStore(tmp_path / "index")
    build = store.build(load_knowledge(knowledge), files_fingerprint(knowledge))
    return store, build.path


def test_a_build_keeps_the_checked_knowledge(tmp_path: Path) -> None:
    store, build = built(tmp_path)
    assert read_snapshot(build) == load_knowledge(FIXTURE_KNOWLEDGE)
    kb = checked_knowledge(FIXTURE_KNOWLEDGE, store, files_fingerprint(FIXTURE_KNOWLEDGE))
    assert kb == load_knowledge(FIXTURE_KNOWLEDGE)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda build: (build / SNAPSHOT).write_bytes(b"not a pickle"),
        lambda build: (build / SNAPSHOT).unlink(),
        lambda build: (build / CHECK).write_text(json.dumps({"code": "older", "sha256": ""})),
    ],
    ids=["damaged", "missing", "other code"],
)
def test_a_snapshot_that_cannot_be_trusted_is_read_again_and_rewritten(
    tmp_path: Path, spoil: object
) -> None:
    store, build = built(tmp_path)
    spoil(build)  # type: ignore[operator]
    assert read_snapshot(build) is None
    kb = checked_knowledge(FIXTURE_KNOWLEDGE, store, files_fingerprint(FIXTURE_KNOWLEDGE))
    assert kb == load_knowledge(FIXTURE_KNOWLEDGE)
    assert read_snapshot(build) == kb


def test_edited_knowledge_is_checked_again_not_taken_from_the_snapshot(tmp_path: Path) -> None:
    knowledge = copy_knowledge(tmp_path / "knowledge")
    store, _ = built(tmp_path, knowledge)
    theme = next((knowledge / "themes").glob("*.yaml"))
    theme.write_text(theme.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="unknown field 'unknown_field'"):
        LookupEngine.open(knowledge, store.root)


def keep_source_text(knowledge: Path) -> Path:
    """Keep a text for the fixture's source in the knowledge's ``sources/`` folder, as
    ``scrbot ingest`` does: every section the knowledge cites as a heading, and its
    SHA-256 in sources.yaml."""
    documents = [
        yaml.safe_load(path.read_text(encoding="utf-8")) for path in knowledge_files(knowledge)
    ]
    sections = sorted(cited_sections(documents)["example-review"])
    text = "".join(f"{section}\nA fictional paragraph under {section}.\n\n" for section in sections)
    kept = knowledge / KEPT_SOURCES / "example-review.txt"
    kept.parent.mkdir()
    kept.write_text(text, encoding="utf-8")
    listed = knowledge / "sources.yaml"
    digest = hashlib.sha256(kept.read_bytes()).hexdigest()
    listed.write_text(
        listed.read_text(encoding="utf-8").replace(
            "    file: example-review.txt\n",
            f"    file: example-review.txt\n    sha256: {digest}\n",
        ),
        encoding="utf-8",
    )
    return kept


def test_a_changed_kept_source_is_checked_again_not_taken_from_the_snapshot(
    tmp_path: Path,
) -> None:
    knowledge = copy_knowledge(tmp_path / "knowledge")
    kept = keep_source_text(knowledge)
    store, _ = built(tmp_path, knowledge)
    # The quotations and sections are checked against the kept text, so a change to
    # it is a change to the knowledge, as much as an edit to a YAML file.
    kept.write_text(kept.read_text(encoding="utf-8") + "A line added later.\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="has changed since it was ingested"):
        LookupEngine.open(knowledge, store.root)


def test_ask_loads_neither_slack_nor_the_scheduler_nor_the_schema_checker(tmp_path: Path) -> None:
    store, _ = built(tmp_path)
    script = (
        "import sys; from bot.cli import main; "
        f"code = main(['ask', '--knowledge', {str(FIXTURE_KNOWLEDGE)!r}, "
        f"'--index', {str(store.root)!r}, '--json', 'neglect']); "
        "print(sorted(m for m in ('slack_bolt', 'slack_sdk', 'apscheduler', 'jsonschema', "
        "'yaml') if m in sys.modules), file=sys.stderr); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


OWN_GLOSSARY = """kind: glossary
terms:
  - id: lantern-meeting
    term: Lantern meeting
    expansion: Lantern meeting
    meaning: "A fictional weekly huddle where a team reviews its missed visits."
    themes: [missed-visits]
    cite: {source: example-review, section: "Visits"}
"""


def ask(folders: tuple[Path, ...], index: Path, query: str) -> dict[str, object]:
    knowledge = ":".join(map(str, folders))
    done = run_scrbot(
        ["ask", "--knowledge", knowledge, "--index", str(index), "--json", query], {}, REPO_ROOT
    )
    assert done.returncode == 0, done.stderr
    answer: dict[str, object] = json.loads(done.stdout)
    return answer


def test_the_snapshot_holds_every_folder_and_changes_with_the_own_folder(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    folders = (FIXTURE_KNOWLEDGE, own)
    store = IndexStore(tmp_path / "index")
    store.build(load_knowledge(folders), files_fingerprint(folders))
    assert "lantern-meeting" not in json.dumps(ask(folders, store.root, "lantern meeting"))

    # A term added to the partnership's own folder: the snapshot kept with the old
    # index is not the knowledge any more, so the lookup reads the folders again.
    (own / "glossary.yaml").write_text(OWN_GLOSSARY, encoding="utf-8")
    assert "lantern-meeting" in json.dumps(ask(folders, store.root, "lantern meeting"))
    build, _ = store.fresh(files_fingerprint(folders))
    assert build is not None
    kept = read_snapshot(build.path)
    assert kept is not None and "lantern-meeting" in kept.glossary
    assert kept == load_knowledge(folders)
