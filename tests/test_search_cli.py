"""``scrbot ask`` and ``scrbot index``: what a person sees in the terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.terminal import TerminalAnswer, use_colour
from tests.search_support import FIXTURE_KNOWLEDGE, small_engine

__all__ = ["small_engine"]
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def ask(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    def run(*args: str) -> tuple[int, str, str]:
        code = main(
            [
                "ask",
                "--knowledge",
                str(FIXTURE_KNOWLEDGE),
                "--index",
                str(tmp_path / "index"),
                *args,
            ]
        )
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_ask_prints_the_answer_readably(ask) -> None:
    code, out, _ = ask("missed", "visits")
    assert code == 0
    assert out.startswith("Missed home visits  (Theme)")
    assert "Case Q — Eleven planned visits failed" in out
    assert "Count the visits that did not happen" in out
    assert "  1. What does a pattern of cancelled visits tell you? [1]" in out
    # Each point is numbered; the sources list says what each number is.
    assert "Sources\n[1] Learning from the Example Review — Visits" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_ask_wraps_to_the_width() -> None:
    from index.answers import Result, SearchResponse

    long = Result(kind="theme", id="t", title="T", summary="word " * 100, score=1.0)
    text = TerminalAnswer(width=50).response(SearchResponse(query="t", results=(long,)))
    assert max(len(line) for line in text.splitlines()) <= 50


def test_ask_json(ask) -> None:
    code, out, _ = ask("--json", "Case Q")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "Case Q"
    first = data["results"][0]
    assert (first["kind"], first["id"], first["title"]) == ("case", "case-q", "Case Q")
    assert {"summary", "cases", "questions", "source", "score"} <= set(first)
    assert first["source"].startswith("Learning from the Example Review")


@pytest.mark.parametrize("typed", ["", "   "])
def test_ask_with_nothing_to_search(ask, typed: str) -> None:
    code, out, _ = ask(typed)
    assert code == 0
    assert "Type a word or two" in out


@pytest.mark.parametrize("typed", ["zebra crossing", "???", "what is the"])
def test_ask_nothing_found_is_helpful(ask, typed: str) -> None:
    code, out, _ = ask(typed)
    assert code == 0
    assert "couldn't find anything" in out
    assert "Missed home visits" in out  # somewhere to start


def test_ask_reports_broken_knowledge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "knowledge"
    broken.mkdir()
    (broken / "glossary.yaml").write_text("kind: glossary\nterms: [")
    code = main(["ask", "--knowledge", str(broken), "--index", str(tmp_path / "i"), "x"])
    assert code == 1  # the work failed (the README's convention), not bad usage
    assert "scrbot validate" in capsys.readouterr().err


def test_colour_only_for_terminals(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert use_colour(Terminal())
    assert not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Terminal())


def test_colour_marks_headings(small_engine) -> None:
    text = TerminalAnswer(colour=True).response(small_engine.search("missed visits"))
    assert "\x1b[1m" in text and text.count("\x1b[0m") >= 3


def test_index_build_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--knowledge", str(FIXTURE_KNOWLEDGE), "--index", str(tmp_path / "index")]
    assert main(["index", "check", *args]) == 1
    assert "needs building" in capsys.readouterr().out
    assert main(["index", "build", *args]) == 0
    assert "Built the search index" in capsys.readouterr().out
    assert main(["index", "check", *args]) == 0
    assert "up to date" in capsys.readouterr().out


def test_scrbot_ask_as_a_command(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "SCRBOT_INDEX_DIR": str(tmp_path / "index")}
    command = [
        str(Path(sys.executable).parent / "scrbot"),
        "ask",
        "--knowledge",
        str(FIXTURE_KNOWLEDGE),
        "what is NAV",
    ]
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("NAV (No access visit)  (Term)")
    assert (tmp_path / "index" / "CURRENT").exists()


def test_ask_for_a_case_shows_what_its_review_found(ask) -> None:
    code, out, _ = ask("Case Q")
    assert code == 0
    assert out.startswith("Case Q  (Case)")
    assert "What the review found" in out and "Nobody counted the cancelled visits." in out
    assert "Case Q —" not in out  # its own line would only repeat the summary
