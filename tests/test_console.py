"""The local console answers as the slash command does, and ends cleanly."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.commands import run_command
from bot.console import render_blocks, run_console
from bot.messages.answers import QUESTIONS_TITLE
from bot.messages.console import CONSOLE_BYE
from index.settings import Settings


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from index.engine import LookupEngine

    engine = LookupEngine.open(index_dir=tmp_path_factory.mktemp("console-index"))
    yield engine
    engine.close()


def console(typed: str, engine: Any, **settings: Any) -> str:
    out = io.StringIO()
    code = run_console(Settings(**settings), io.StringIO(typed), out, engine=engine)
    assert code == 0
    return out.getvalue()


@pytest.mark.parametrize("typed", ["disguised compliance", "case z", "HSB procedures"])
def test_the_console_renders_the_slack_answer(engine: Any, typed: str) -> None:
    shown = console(typed + "\n", engine)
    assert render_blocks(run_command(typed, engine).blocks, buttons=[]) in shown


def test_a_session_of_several_lookups_ends_at_the_end_of_input(engine: Any) -> None:
    shown = console("themes\nhelp\ncase y\n", engine)
    assert shown.count("/scr ") >= 3
    assert "Case Y\n======" in shown
    assert shown.rstrip().endswith(CONSOLE_BYE)


@pytest.mark.parametrize("word", ["quit", "exit", "QUIT"])
def test_quit_ends_the_session_before_the_next_line(engine: Any, word: str) -> None:
    shown = console(f"{word}\ncase y\n", engine)
    assert "Case Y" not in shown
    assert shown.rstrip().endswith(CONSOLE_BYE)


def test_the_console_uses_the_configured_command(engine: Any) -> None:
    shown = console("help\n", engine, command="/learn")
    assert "/learn themes" in shown


def test_entities_and_links_are_shown_as_plain_text() -> None:
    rendered = render_blocks(
        [
            {"type": "header", "text": {"type": "plain_text", "text": "A & B"}},
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "&lt;!channel&gt; A&amp;E <https://example.org|site>",
                },
            },
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Open case"},
                        "action_id": "x",
                    }
                ],
            },
        ]
    )
    assert "<!channel> A&E site (https://example.org)" in rendered
    assert "[ Open case ]" in rendered


def test_broken_knowledge_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("kind: theme\nid: [not, valid\n", encoding="utf-8")
    out = io.StringIO()
    code = run_console(
        Settings(knowledge_paths=(tmp_path,), index_dir=tmp_path / "index"), io.StringIO(""), out
    )
    assert code == 1
    assert "I couldn't load the knowledge" in out.getvalue()


# --- Buttons: numbered, and pressed by typing the number ---------------------------------------


def test_each_button_is_numbered_and_typing_its_number_presses_it(engine: Any) -> None:
    shown = console("disguised compliance\n1\n", engine)
    answer, pressed = shown.split("/scr 1\n", 1)
    assert "[1: Open Case Y]" in answer
    assert "Case Y\n======" in pressed  # the case, as Open case shows it in Slack


def test_more_questions_is_pressed_by_its_number(engine: Any) -> None:
    answer = console("disguised compliance\n", engine)
    (number,) = re.findall(r"\[(\d+): More questions on Disguised compliance\]", answer)
    pressed = console(f"disguised compliance\n{number}\n", engine).split(f"/scr {number}\n")[1]
    assert pressed.lstrip().startswith(f"┌ {QUESTIONS_TITLE} ┐\nDisguised compliance\n")


def test_buttons_that_only_work_in_slack_are_not_shown(engine: Any) -> None:
    shown = console("disguised compliance\n", engine)
    for label in ("Share", "Start a discussion", "Helpful", "Not helpful"):
        assert label not in shown


def test_the_themes_are_listed_once_and_picked_by_number(engine: Any) -> None:
    shown = console("themes\n", engine)
    titles = [t.title for t in engine.knowledge.themes_by_title()]
    for title in titles:
        assert shown.count(title) == 1, title
    number = titles.index("Chronic neglect") + 1
    picked = console(f"themes\n{number}\n", engine).split(f"/scr {number}\n")[1]
    assert picked.lstrip().startswith("Chronic neglect")


@pytest.mark.parametrize(
    ("typed", "said"), [("7\n", "no buttons"), ("themes\n99\n", "no button 99")]
)
def test_a_number_with_no_button_says_so(engine: Any, typed: str, said: str) -> None:
    assert said in console(typed, engine)
