"""The README tells the truth: its commands run, its tables match the code."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import SUBCOMMANDS, build_parser
from index.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    run_command, test_command = quick_start_commands()
    assert run_command.endswith("scrbot run")
    ci_lines = [
        line for line in (ROOT / ".ci" / "run").read_text().splitlines() if "pytest" in line
    ]
    assert ci_lines == [test_command]


def test_command_table_lists_every_subcommand():
    listed = set(re.findall(r"^\| `scrbot (\w+)", README, re.MULTILINE))
    assert listed == set(SUBCOMMANDS)


def test_settings_table_matches_the_declared_settings():
    rows = dict(re.findall(r"^\| `(\w+)` \| `?([A-Z_]+|—)`? \|", README, re.MULTILINE))
    for setting in SETTINGS:
        assert rows.get(setting.name) == (setting.env or "—"), setting.name


def code_blocks() -> list[str]:
    """The README's fenced code blocks, fence by fence."""
    blocks, current = [], None
    for line in README.splitlines():
        if line.lstrip().startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append("\n".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def readme_scrbot_invocations() -> list[list[str]]:
    """Every `scrbot …` command in the README's code blocks that has no placeholder."""
    found = []
    for block in code_blocks():
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("#", 1)[0]  # a shell comment is not part of the command
            match = re.search(
                r"(?:^|\$ |/bin/|&& )scrbot ((?:--[\w-]+ \w+ )*[a-z][\w-]*(?: [^|>&;#]*)?)", line
            )
            if not match or "…" in line or "<" in line:
                continue
            found.append(shlex.split(match.group(1).strip()))
    return found


@pytest.mark.parametrize("words", readme_scrbot_invocations(), ids=" ".join)
def test_readme_commands_parse(words):
    build_parser().parse_args(words)


def test_the_run_command_opens_the_console_without_credentials(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "SCRBOT_STATE": str(tmp_path / "s.sqlite3"),
        "SCRBOT_INDEX_DIR": str(tmp_path / "index"),
    }
    result = subprocess.run(
        [str(Path(sys.executable).parent / "scrbot"), "run"],
        input="disguised compliance\nquit\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Disguised compliance" in result.stdout and "Case Y" in result.stdout
