"""A private copy of the bundled knowledge that a test may edit, and the edits the
live-reload tests make to it: a plainly made-up theme to add, and a broken file.

    folder = knowledge_copy(tmp_path)
    add_test_theme(folder)          # "Lantern keeping", which no review mentions
    break_a_theme(folder)           # a theme file that fails validation
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
#: The made-up theme's id and title: found only after the edit has reached the index.
TEST_THEME = "lantern-keeping"
TEST_THEME_TITLE = "Lantern keeping"

_TEST_THEME_YAML = """\
kind: theme
id: lantern-keeping
title: "Lantern keeping"
summary: >-
  Lantern keeping is a made-up theme that exists only in the tests. It lets a
  test see that an edit to the knowledge reaches the running bot.
cite:
  - {source: surrey-briefing, section: "3.6 Parental Capacity"}
aliases:
  - "lantern keepers"
key_points:
  - text: "A made-up point about lantern keeping, for tests only."
    cite: {source: surrey-briefing, section: "3.6 Parental Capacity"}
practice_points:
  - text: "A made-up practice point about lantern keeping, for tests only."
    cite: {source: surrey-briefing, section: "3.6 Parental Capacity"}
questions:
  - id: lantern-keeping-q1
    text: "What would a lantern keeper notice first?"
    origin: drawn
    level: reflect
    cite: {source: surrey-briefing, section: "3.6 Parental Capacity"}
"""


def knowledge_copy(tmp_path: Path) -> Path:
    """A copy of ``knowledge/`` under ``tmp_path`` to edit freely."""
    folder = tmp_path / "knowledge"
    shutil.copytree(REPO_ROOT / "knowledge", folder)
    return folder


def add_test_theme(folder: Path) -> Path:
    """Add the made-up theme "Lantern keeping" to the knowledge in ``folder``."""
    path = folder / "themes" / f"{TEST_THEME}.yaml"
    path.write_text(_TEST_THEME_YAML, encoding="utf-8")
    return path


def break_a_theme(folder: Path) -> Path:
    """Spoil one theme file as a hurried edit might: a field the schema does not
    know and an unknown theme in ``related``."""
    path = folder / "themes" / "parental-capacity.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("title: ", "titel: ", 1) + "  - not-a-theme-at-all\n", encoding="utf-8"
    )
    return path
