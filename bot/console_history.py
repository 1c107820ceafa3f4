"""The console's history: earlier lines back with the up arrow, between sessions.

Kept in a file on the machine the console runs on, readable by its owner alone
(mode 0600), holding only the lines typed, never who typed them: the console has
no users, only whoever sits at that terminal, and the file is theirs. The
``console_history`` setting names another file, or ``off`` keeps none. Without
a terminal (input from a file or pipe) nothing is kept.

Example::

    history = ConsoleHistory.of(settings)   # reads the earlier lines, if any
    ...                                     # input() now offers them
    history.save()
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

from index.settings import Settings

#: How many lines are kept: enough to find last week's lookups, never a growing file.
MAX_LINES = 500
#: The setting's value that keeps no history.
OFF = "off"


def history_path(chosen: str | None, env: Mapping[str, str] | None = None) -> Path | None:
    """The history file: ``chosen`` (the setting), else ``scrbot/console_history`` in
    the user's state folder (``$XDG_STATE_HOME``, else ``~/.local/state``); None when
    the setting is ``off``."""
    if chosen is not None and chosen.strip().casefold() == OFF:
        return None
    if chosen:
        return Path(chosen).expanduser()
    env = os.environ if env is None else env
    state = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "scrbot" / "console_history"


def _readline() -> ModuleType | None:
    try:
        import readline
    except ImportError:  # Python built without it (some Windows builds): no history
        return None
    return readline


class ConsoleHistory:
    """The lines typed at the console, read at its start and written at its end."""

    def __init__(self, path: Path, readline: ModuleType) -> None:
        self.path = path
        self._readline = readline

    @classmethod
    def of(cls, settings: Settings) -> ConsoleHistory | None:
        """The history for these settings, its earlier lines loaded; None when it is
        off or line editing is not available."""
        path = history_path(settings.console_history)
        readline = _readline()
        if path is None or readline is None:
            return None
        readline.clear_history()
        readline.set_history_length(MAX_LINES)
        with contextlib.suppress(OSError):  # none yet, or unreadable: start afresh
            readline.read_history_file(path)
        return cls(path, readline)

    def save(self) -> None:
        """Write the lines (the last :data:`MAX_LINES`), readable by the owner alone; a
        folder that cannot be written loses the history, never the session."""
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.path.touch(mode=0o600, exist_ok=True)
            os.chmod(self.path, 0o600)
            self._readline.write_history_file(self.path)
