"""An engine follows knowledge another replica published: it builds its own index for
it when its index folder has none, switches, and is told of its own reloads."""

from __future__ import annotations

from pathlib import Path

from index.engine import LookupEngine
from tests.knowledge_support import TEST_THEME_TITLE, add_test_theme, knowledge_copy


def test_an_engine_follows_knowledge_published_by_another_with_its_own_index(
    tmp_path: Path,
) -> None:
    knowledge = knowledge_copy(tmp_path)
    here = LookupEngine.open(knowledge, tmp_path / "index-here")
    there = LookupEngine.open(knowledge, tmp_path / "index-there")
    published: list[str] = []
    here.on_reload = published.append
    try:
        assert here.fingerprint == there.fingerprint
        add_test_theme(knowledge)
        here.reload()

        assert published == [here.fingerprint]
        assert there.follow(published[0]) is True
        assert there.fingerprint == published[0]
        assert there.index_path.parent.parent == tmp_path / "index-there"
        top = there.search("lantern keeping").top
        assert top is not None and top.title == TEST_THEME_TITLE
        assert there.follow(published[0]) is False  # already there
    finally:
        here.close()
        there.close()


def test_knowledge_the_folder_does_not_hold_is_not_followed(tmp_path: Path) -> None:
    engine = LookupEngine.open(knowledge_copy(tmp_path), tmp_path / "index")
    before = engine.fingerprint
    try:
        assert engine.follow("0" * 64) is False
        assert engine.fingerprint == before
    finally:
        engine.close()
