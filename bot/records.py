"""The bot's record of use (:class:`index.usage.Usage`): one per state file, shared
by every listener and verb in the process.

A lookup is counted with one line where it is answered::

    records.count_lookup(request.settings, top, surface=request.surface)

Only the theme or case the answer is about and the month are kept; never who
asked or what they typed. Counting never gets in the way of an answer: if the
state file cannot be written, the lookup is answered anyway and a warning
(without content) is logged.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from index.answers import Result
from index.settings import Settings
from index.store import Store, StoreError
from index.usage import Usage

log = logging.getLogger(__name__)

#: Where people ask for real; lookups from the local console are not counted.
COUNTED_SURFACES = frozenset({"slash", "mention", "dm", "direct message", "modal"})

_lock = threading.Lock()
#: By the file's resolved path, so two spellings of one file share one record.
_open: dict[Path, Usage] = {}
#: By the path as the settings give it: a lookup is counted without touching the
#: file system (the process never changes its working folder).
_by_setting: dict[Path, Usage] = {}


def usage_for(settings: Settings) -> Usage:
    """The record of use in ``settings.state_path`` (opened once per process)."""
    given = Path(settings.state_path)
    usage = _by_setting.get(given)
    if usage is not None:
        return usage
    with _lock:
        path = given.resolve()
        if path not in _open:
            _open[path] = Usage(Store(path))
        _by_setting[given] = _open[path]
        return _open[path]


def lookup_subject(result: Result | None) -> tuple[str, str] | None:
    """The theme or case a lookup's answer is about, as ``(kind, id)``."""
    if result is None:
        return None
    if result.theme_id:
        return "theme", result.theme_id
    if result.case_id:
        return "case", result.case_id
    return None


def count_lookup(settings: Settings | None, result: Result | None, *, surface: str) -> None:
    """Count a lookup answered with ``result`` (its theme or case, this month)."""
    subject = lookup_subject(result)
    if settings is None or subject is None or surface not in COUNTED_SURFACES:
        return
    try:
        usage_for(settings).count_lookup(*subject)
    except (StoreError, sqlite3.Error, OSError) as error:
        log.warning("Could not count a lookup (%s).", type(error).__name__)
