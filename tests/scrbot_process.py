"""Run ``scrbot`` as a separate process, as an operator would, and read what it logs.

    bot = ScrbotProcess.start(["serve", "--http", "--port", "0"], env, cwd=tmp_path)
    port = int(bot.wait_for(r"Listening on http://[\\d.]+:(\\d+)/"))
    bot.wait_until_healthy(port)
    ...
    output = bot.stop()          # SIGTERM; it must exit 0
    bot.kill()                   # or SIGKILL, as a crash or an OOM killer would

    done = run_scrbot(["index", "build"], env, cwd=tmp_path)   # to the end

The process gets only ``env`` (plus ``PATH`` and the checkout on ``PYTHONPATH``),
so nothing from the test run's own environment leaks in. A background process's
stdout and stderr are read together, line by line, as they come.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]


def _environment(env: dict[str, str]) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO_ROOT), **env}


def run_scrbot(
    args: list[str], env: dict[str, str], cwd: Path, **options: Any
) -> subprocess.CompletedProcess[str]:
    """Run ``scrbot`` to the end, as a person would, with only ``env`` (plus PATH) set;
    its output is captured. ``options`` go to :func:`subprocess.run` (e.g. ``stdin``)."""
    return subprocess.run(
        [*COMMAND, *args],
        env=_environment(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        **options,
    )


class ScrbotProcess:
    """One ``scrbot`` process in the background and every line it has written."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._new: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @classmethod
    def start(cls, args: list[str], env: dict[str, str], cwd: Path) -> ScrbotProcess:
        process = subprocess.Popen(
            [*COMMAND, *args],
            env=_environment(env),
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return cls(process)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            self._new.put(line)

    @property
    def output(self) -> str:
        """Everything written so far."""
        return "".join(self.lines)

    def wait_for(self, pattern: str, timeout: float = 30) -> str:
        """Wait for a line matching ``pattern`` (from now on, or already written);
        return its first group, or the whole match."""
        compiled = re.compile(pattern)
        for line in list(self.lines):
            found = compiled.search(line)
            if found:
                return found.group(1) if compiled.groups else found.group(0)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._new.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None and self._new.empty():
                    break
                continue
            found = compiled.search(line)
            if found:
                return found.group(1) if compiled.groups else found.group(0)
        raise AssertionError(f"scrbot never wrote {pattern!r}; it wrote:\n{self.output}")

    def wait_until_healthy(self, port: int, timeout: float = 30) -> None:
        """Wait until ``/healthz`` on ``port`` answers 200: the app is loaded."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                    return
            except (urllib.error.URLError, ConnectionError):
                pass  # 503 until the app is loaded, or not listening yet
            assert time.monotonic() < deadline, f"the bot never became ready:\n{self.output}"
            time.sleep(0.05)

    def stop(self, timeout: float = 15) -> str:
        """Stop it as a platform does (SIGTERM); it must exit 0. Returns all it wrote."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=5)
        assert code == 0, f"scrbot exited with {code}:\n{self.output}"
        return self.output

    def kill(self) -> str:
        """Kill it at once (SIGKILL): no clean-up runs. Returns all it wrote."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=15)
        self._reader.join(timeout=5)
        return self.output
