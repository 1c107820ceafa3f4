"""The console's history, as a person at a terminal meets it: the up arrow brings back
a line typed in an earlier session; the file holds only the lines typed, is readable
by its owner alone, and is not kept when the setting says off."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.console_history import history_path

ROOT = Path(__file__).resolve().parent.parent
UP_ARROW = b"\x1b[A"
PROMPT = b"/scr "


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built index, so each session starts in a moment."""
    from index.engine import LookupEngine

    folder = tmp_path_factory.mktemp("console-history-index")
    LookupEngine.open(index_dir=folder).close()
    return folder


def terminal_session(keys: list[bytes], folder: Path, index_dir: Path, **env: str) -> str:
    """Run ``scrbot console`` at a pseudo-terminal, typing each of ``keys`` once the
    prompt shows; what the terminal showed."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SLACK_", "SCRBOT_"))
    }
    environment |= {
        "HOME": str(folder),
        "XDG_STATE_HOME": str(folder / "state"),
        "SCRBOT_INDEX_DIR": str(index_dir),
        "TERM": "xterm",
        **env,
    }
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "console"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=folder,
        env=environment,
        close_fds=True,
    )
    os.close(follower)
    shown = b""

    def read_until_prompt(deadline: float) -> None:
        nonlocal shown
        while not shown.endswith(PROMPT) and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    shown += os.read(leader, 65536)
                except OSError:  # the console has ended
                    return

    try:
        for key in keys:
            read_until_prompt(time.monotonic() + 60)
            assert shown.endswith(PROMPT), shown.decode("utf-8", "replace")[-500:]
            shown += b"\n<typed>\n"
            os.write(leader, key)
        process.wait(timeout=60)
        while True:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    assert process.returncode == 0
    return shown.decode("utf-8", "replace").replace("\r\n", "\n")


def test_the_up_arrow_brings_back_a_line_from_an_earlier_session(
    tmp_path: Path, index_dir: Path
) -> None:
    terminal_session([b"case z\r", b"quit\r"], tmp_path, index_dir)
    kept = tmp_path / "state" / "scrbot" / "console_history"
    assert kept.read_text(encoding="utf-8").splitlines() == ["case z", "quit"]
    assert kept.stat().st_mode & 0o777 == 0o600  # its owner's alone

    # Up twice: past "quit" to "case z".
    shown = terminal_session([UP_ARROW * 2 + b"\r", b"quit\r"], tmp_path, index_dir)
    answer = shown.split("<typed>")[1]
    assert "Case Z\n======" in answer


def test_history_set_off_keeps_nothing(tmp_path: Path, index_dir: Path) -> None:
    terminal_session([b"case z\r", b"quit\r"], tmp_path, index_dir, SCRBOT_CONSOLE_HISTORY="off")
    assert not (tmp_path / "state").exists()


@pytest.mark.parametrize(
    ("chosen", "env", "path"),
    [
        (None, {"XDG_STATE_HOME": "/srv/state"}, Path("/srv/state/scrbot/console_history")),
        ("/tmp/lines", {}, Path("/tmp/lines")),
        ("off", {"XDG_STATE_HOME": "/srv/state"}, None),
        ("OFF", {}, None),
    ],
)
def test_where_the_history_is_kept(
    chosen: str | None, env: dict[str, str], path: Path | None
) -> None:
    assert history_path(chosen, env) == path


def test_without_a_state_folder_it_is_kept_in_the_home_folder() -> None:
    assert history_path(None, {}) == Path.home() / ".local" / "state" / "scrbot" / "console_history"
