"""One exit-status convention for every ``scrbot`` command, walked from the CLI's own
table of subcommands (so a new command is covered as soon as it is listed): 0 it did
what was asked, 1 the work failed, 2 bad usage or configuration, each with one line
per problem saying what was wrong."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from bot.cli import SUBCOMMANDS, build_parser, main
from tests.search_support import FIXTURE_KNOWLEDGE

#: What to give an option or argument that must be given, by its metavar.
VALUES = {"YYYY-MM-DD": "2020-01-01", "C": "C000DIGEST", "PATH": "review.txt"}


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def least_arguments(name: str) -> list[str]:
    """The subcommand with only what it cannot run without: the first choice of a
    required action, and a plausible value for each required argument."""
    parser = _subparsers(build_parser())[name]
    arguments: list[str] = []
    for action in parser._actions:
        if not action.required:
            continue
        choices = list(action.choices or ())
        value = choices[0] if choices else VALUES.get(str(action.metavar), "neglect")
        arguments += [action.option_strings[0], value] if action.option_strings else [value]
    return [name, *arguments]


def exit_status(argv: list[str]) -> int:
    """What ``scrbot ARGV`` exits with (bad usage ends in SystemExit, as for sys.exit)."""
    try:
        return main(argv)
    except SystemExit as stopped:
        assert isinstance(stopped.code, int)
        return stopped.code


def problem_lines(err: str, command: str) -> list[str]:
    lines = err.strip().splitlines()
    assert lines, "nothing was said"
    assert all(line.startswith(f"scrbot {command}") for line in lines), lines
    return lines


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_an_unknown_option_is_bad_usage_in_one_line(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = exit_status([*least_arguments(name), "--no-such-option"])
    err = capsys.readouterr().err
    assert code == 2
    (line,) = problem_lines(err, name)
    assert "--no-such-option" in line and f"scrbot {name}" in line and "--help" in line


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_a_settings_file_that_cannot_be_read_is_bad_configuration(
    name: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    broken = tmp_path / "scrbot.yaml"
    broken.write_text("command: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCRBOT_CONFIG", str(broken))
    code = exit_status(least_arguments(name))
    err = capsys.readouterr().err
    assert code == 2
    (line,) = problem_lines(err, name)
    assert str(broken) in line and "not valid YAML" in line


@pytest.fixture
def broken_knowledge(tmp_path: Path) -> Path:
    """The fictional knowledge with one problem: a case id that is a number."""
    folder = shutil.copytree(FIXTURE_KNOWLEDGE, tmp_path / "knowledge")
    case = folder / "cases" / "case-q.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("id: case-q", "id: 42"), "utf-8")
    return folder


#: Each command's work failing, offline: given knowledge with a problem, or an index
#: that is out of date.
WORK_FAILS = {
    "validate": ["validate"],
    "ask": ["ask", "neglect"],
    "pack": ["pack", "neglect"],
    "report": ["report"],
    "console": ["console"],
    "index": ["index", "build"],
    "digest": ["digest", "preview"],
    "scheduler": ["scheduler"],
    "serve": ["serve", "--http", "--host", "127.0.0.1", "--port", "0"],
    "run": ["run", "--host", "127.0.0.1", "--port", "0"],
}
#: Commands whose work cannot fail in a way a test can bring about offline, or whose
#: failing is tested where it belongs (Slack refusing a post, a database that is down).
FAILS_ELSEWHERE = {
    "ingest": "tests/ingest/test_ingest_cli.py: a drafts folder that cannot be written",
    "knowledge": "tests/knowledge_review/test_approval.py: a draft that cannot be approved",
    "records": "tests/test_records_purge.py (a database that is down: test_database_startup)",
    "config": "tests/test_settings.py: config check has no work but checking (exit 2)",
    "db": "tests/storage/test_migrations.py: scrbot db status on an out-of-date database",
}


def test_every_command_has_its_failing_work_covered() -> None:
    assert set(WORK_FAILS) | set(FAILS_ELSEWHERE) == set(SUBCOMMANDS)


@pytest.mark.parametrize("name", WORK_FAILS)
def test_knowledge_with_a_problem_is_work_that_failed(
    name: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    broken_knowledge: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "state.db").touch()
    config = tmp_path / "scrbot.yaml"
    config.write_text(
        f"knowledge_paths: [{broken_knowledge}]\nindex_dir: {tmp_path / 'index'}\n"
        f"state_path: {tmp_path / 'state.db'}\n"
        "digest:\n  channels:\n    - {channel: C000DIGEST, day: monday, time: '09:30'}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SCRBOT_CONFIG", str(config))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-000-000-fictionaltesttoken")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "0" * 32)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))
    code = exit_status(WORK_FAILS[name])
    captured = capsys.readouterr()
    assert code == 1, captured
    said = captured.err + captured.out
    assert "42" in said or "problem" in said
