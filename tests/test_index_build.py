"""Building the index atomically, and knowing when it is stale (index.builder)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from index.builder import (
    INDEX_DIR_ENV,
    IndexBuildError,
    IndexStore,
    default_index_dir,
    files_fingerprint,
)
from index.engine import LookupEngine
from index.knowledge import load_knowledge
from tests.search_support import FIXTURE_KNOWLEDGE, copy_knowledge

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path: Path) -> IndexStore:
    return IndexStore(tmp_path / "index")


def build_now(store: IndexStore, knowledge: Path = FIXTURE_KNOWLEDGE):
    return store.build(load_knowledge(knowledge), files_fingerprint(knowledge))


def pointer(store: IndexStore) -> str:
    return (store.root / "CURRENT").read_text().strip()


def test_a_build_becomes_current(store: IndexStore) -> None:
    build = build_now(store)
    assert pointer(store) == build.path.name
    current, why = store.fresh(files_fingerprint(FIXTURE_KNOWLEDGE))
    assert current == build and why == ""
    assert build.meta["documents"] == 3 + 1 + 2 + 7 + 3  # themes, case, recs, questions, terms


def test_a_failing_build_leaves_the_old_index_serving(store: IndexStore) -> None:
    first = build_now(store)
    engine = LookupEngine.open(FIXTURE_KNOWLEDGE, store.root)

    def fail_halfway(done: int, total: int) -> None:
        if done > total // 2:
            raise OSError(28, "No space left on device")

    with pytest.raises(IndexBuildError, match="No space left"):
        store.build(load_knowledge(FIXTURE_KNOWLEDGE), "other", progress=fail_halfway)
    assert pointer(store) == first.path.name
    assert [p.name for p in store.builds.iterdir()] == [first.path.name]
    assert engine.search("missed visits").top.id == "missed-visits"
    engine.close()


def test_an_interrupted_build_leaves_the_old_index_serving(store: IndexStore) -> None:
    first = build_now(store)

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.build(load_knowledge(FIXTURE_KNOWLEDGE), "other", progress=interrupt)
    assert pointer(store) == first.path.name
    assert store.current()[0] == first


def test_a_killed_build_leaves_the_old_index_serving(store: IndexStore) -> None:
    first = build_now(store)
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from index.builder import IndexStore
        from index.knowledge import load_knowledge

        def slowly(done, total):
            if done == 2:
                print("building", flush=True)
            time.sleep(0.2)

        IndexStore(Path({str(store.root)!r})).build(
            load_knowledge(Path({str(FIXTURE_KNOWLEDGE)!r})), "other", progress=slowly
        )
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "building"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert pointer(store) == first.path.name
    assert len(list(store.builds.iterdir())) == 2  # the remains of the killed build
    engine = LookupEngine.open(FIXTURE_KNOWLEDGE, store.root)
    assert engine.index_path == first.path  # still fresh: no rebuild needed
    assert engine.search("case q").top.id == "case-q"
    engine.close()
    second = build_now(store)  # the next build clears the remains away
    assert {p.name for p in store.builds.iterdir()} == {first.path.name, second.path.name}


def test_old_builds_are_removed_keeping_the_previous_one(store: IndexStore) -> None:
    builds = [build_now(store) for _ in range(4)]
    assert {p.name for p in store.builds.iterdir()} == {b.path.name for b in builds[-2:]}


def test_edited_knowledge_is_stale_and_rebuilt(tmp_path: Path) -> None:
    knowledge = copy_knowledge(tmp_path / "knowledge")
    engine = LookupEngine.open(knowledge, tmp_path / "index")
    first = engine.index_path
    engine.close()
    theme = knowledge / "themes" / "school-attendance.yaml"
    theme.write_text(theme.read_text().replace("  - truancy\n", "  - truancy\n  - bunking off\n"))
    store = IndexStore(tmp_path / "index")
    assert store.fresh(files_fingerprint(knowledge)) == (
        None,
        "the knowledge (or scrbot) has changed since the index was built",
    )
    engine = LookupEngine.open(knowledge, tmp_path / "index")
    assert engine.index_path != first
    assert engine.search("bunking off").top.id == "school-attendance"
    engine.close()


def test_removed_knowledge_file_is_stale(tmp_path: Path) -> None:
    knowledge = copy_knowledge(tmp_path / "knowledge")
    before = files_fingerprint(knowledge)
    (knowledge / "glossary.yaml").unlink()
    assert files_fingerprint(knowledge) != before


def test_unchanged_knowledge_reuses_the_index(tmp_path: Path) -> None:
    first = LookupEngine.open(FIXTURE_KNOWLEDGE, tmp_path / "index")
    second = LookupEngine.open(FIXTURE_KNOWLEDGE, tmp_path / "index")
    assert first.index_path == second.index_path
    first.close()
    second.close()


@pytest.mark.parametrize(
    "damage",
    [
        lambda build: (build.path.parent.parent / "CURRENT").write_text("../../etc\n"),
        lambda build: (build.path.parent.parent / "CURRENT").write_text("no-such-build\n"),
        lambda build: (build.path / "meta.json").write_text("{not json"),
        lambda build: [p.unlink() for p in build.path.glob("*.seg")],
        lambda build: [p.write_bytes(b"\0" * 64) for p in build.path.glob("*.seg")],
        lambda build: (build.path / "lexicon.pickle").write_bytes(b"[]"),
    ],
    ids=[
        "pointer-escapes",
        "pointer-missing",
        "meta",
        "segments-gone",
        "segments-zeroed",
        "lexicon",
    ],
)
def test_a_damaged_index_is_rebuilt(tmp_path: Path, damage) -> None:
    store = IndexStore(tmp_path / "index")
    build = build_now(store)
    damage(build)
    engine = LookupEngine.open(FIXTURE_KNOWLEDGE, store.root)
    assert engine.search("missed visits").top.id == "missed-visits"
    engine.close()


def test_an_unusable_index_folder_falls_back_to_a_private_one(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    engine = LookupEngine.open(FIXTURE_KNOWLEDGE, blocker / "index")
    assert not str(engine.index_path).startswith(str(blocker))
    assert engine.search("truancy").top.id == "school-attendance"
    engine.close()


def test_default_index_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(INDEX_DIR_ENV, raising=False)
    assert default_index_dir() == Path("var") / "index"
    monkeypatch.setenv(INDEX_DIR_ENV, str(tmp_path / "elsewhere"))
    assert default_index_dir() == tmp_path / "elsewhere"


def test_a_rejected_build_is_never_made_current(store: IndexStore) -> None:
    first = build_now(store)
    seen: list[Path] = []

    def reject(build) -> None:
        seen.append(build.path)
        assert (build.path / "meta.json").exists()  # complete, but not yet current
        assert pointer(store) == first.path.name
        raise ValueError("does not find its own themes")

    with pytest.raises(IndexBuildError, match="does not find its own themes"):
        store.build(load_knowledge(FIXTURE_KNOWLEDGE), "other", check=reject)
    assert pointer(store) == first.path.name
    assert seen and not seen[0].exists()
