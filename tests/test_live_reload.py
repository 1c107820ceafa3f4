"""Editing the knowledge and running ``scrbot index build`` while the bot runs: the
running engine answers from the new index within seconds, with no restart and no
failed lookup in between; a change that fails validation is refused and the old
index keeps serving."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.builder import IndexStore
from index.engine import LookupEngine
from index.validation import KnowledgeError
from tests.knowledge_support import (
    TEST_THEME,
    add_test_theme,
    break_a_theme,
    knowledge_copy,
)
from tests.scrbot_process import run_scrbot

#: Longest wait for a running engine to notice a new build (it looks every ~2 s).
NOTICE_WITHIN = 10.0


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """An editable knowledge folder and its own index folder."""
    return knowledge_copy(tmp_path), tmp_path / "index"


@pytest.fixture
def engine(folders: tuple[Path, Path]) -> Iterator[LookupEngine]:
    knowledge, index = folders
    engine = LookupEngine.open(knowledge, index)
    yield engine
    engine.close()


def index_build(knowledge: Path, index: Path) -> subprocess.CompletedProcess[str]:
    """``scrbot index build`` run by an operator, in its own process."""
    return run_scrbot(
        ["index", "build", "--knowledge", str(knowledge), "--index", str(index)],
        {},
        knowledge.parent,
    )


def finds_test_theme(engine: LookupEngine) -> bool:
    top = engine.search("lantern keeping").top
    return top is not None and (top.kind, top.id) == ("theme", TEST_THEME)


class Hammer:
    """Looks something up, over and over, on its own thread, noting every failure."""

    def __init__(self, engine: LookupEngine) -> None:
        self.engine = engine
        self.lookups = 0
        self.failures: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                top = self.engine.search("disguised compliance").top
                if top is None or top.id != "disguised-compliance":
                    self.failures.append(f"wrong answer: {top and top.id}")
            except Exception as error:  # any exception is a failed request
                self.failures.append(repr(error))
            self.lookups += 1

    def __enter__(self) -> Hammer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop.set()
        self.thread.join(timeout=10)


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_an_index_built_by_the_operator_is_served_without_a_restart_or_a_failure(
    engine: LookupEngine, folders: tuple[Path, Path]
) -> None:
    knowledge, index = folders
    assert not finds_test_theme(engine)
    old_build = engine.index_path
    with Hammer(engine) as hammer:
        add_test_theme(knowledge)
        built = index_build(knowledge, index)
        assert built.returncode == 0, built.stderr
        switched = wait_until(lambda: finds_test_theme(engine), NOTICE_WITHIN)
        after_switch = hammer.lookups
        time.sleep(0.2)  # and lookups carry on on the new index
    assert switched, "the running engine never answered from the new index"
    assert hammer.failures == []
    assert hammer.lookups > after_switch > 20
    assert engine.index_path != old_build
    assert engine.index_path == IndexStore(index).current()[0].path
    assert TEST_THEME in engine.knowledge.themes


def test_reload_under_load_switches_with_no_failed_lookup(
    engine: LookupEngine, folders: tuple[Path, Path]
) -> None:
    knowledge, _ = folders
    with Hammer(engine) as hammer, Hammer(engine) as second:
        add_test_theme(knowledge)
        engine.reload()
        assert finds_test_theme(engine)
        time.sleep(0.1)
    assert hammer.failures == second.failures == []
    assert hammer.lookups > 0 and second.lookups > 0


def test_a_broken_knowledge_change_is_refused_and_the_old_index_keeps_serving(
    engine: LookupEngine, folders: tuple[Path, Path]
) -> None:
    knowledge, index = folders
    serving = engine.index_path
    add_test_theme(knowledge)
    break_a_theme(knowledge)

    built = index_build(knowledge, index)
    with pytest.raises(KnowledgeError) as refused:
        engine.reload()

    assert built.returncode == 1
    assert "missing required field 'title'" in built.stderr
    assert "search index was not changed" in built.stderr
    assert any("titel" in str(problem) for problem in refused.value.problems)
    assert IndexStore(index).current()[0].path == serving
    time.sleep(2.5)  # past the engine's next look at the index folder
    assert engine.search("disguised compliance").top.id == "disguised-compliance"
    assert not finds_test_theme(engine)
    assert engine.index_path == serving


def test_an_index_for_other_knowledge_is_not_followed(
    engine: LookupEngine, folders: tuple[Path, Path], tmp_path: Path
) -> None:
    # Another knowledge folder built into the same index folder (a mistake): the
    # running engine must not start answering from knowledge it does not have.
    _, index = folders
    other = tmp_path / "other"
    other.mkdir()
    add_test_theme(knowledge_copy(other))
    assert index_build(other / "knowledge", index).returncode == 0
    time.sleep(2.5)
    engine.search("disguised compliance")
    time.sleep(0.5)
    assert not finds_test_theme(engine)
    assert engine.search("disguised compliance").top.id == "disguised-compliance"
