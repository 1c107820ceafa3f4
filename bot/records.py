"""The bot's record of use (:class:`index.storage.records.Usage`): one per database
and workspace, shared by every listener and verb in the process.

A lookup is counted with one line where it is answered::

    records.count_lookup(request.settings, top, surface=request.surface)

Only the theme or case the answer is about and the month are kept; never who
asked or what they typed. Counting never gets in the way of an answer: if the
database cannot be written, the lookup is answered anyway and a warning
(without content) is logged.
"""

from __future__ import annotations

import logging
import threading

from index.answers import Result
from index.settings import Settings
from index.storage.errors import StorageError
from index.storage.records import Usage
from index.storage.shared import shared_database
from index.storage.workspace import SINGLE, Workspace

log = logging.getLogger(__name__)

#: Where people ask for real; lookups from the local console are not counted.
COUNTED_SURFACES = frozenset({"slash", "mention", "dm", "direct message", "modal"})

_lock = threading.Lock()
#: By database (however its URL was spelled) and workspace.
_open: dict[tuple[int, Workspace], Usage] = {}


def usage_for(settings: Settings, workspace: Workspace = SINGLE) -> Usage:
    """The record of use of ``workspace`` in the settings' database (opened once per
    process). Raises :class:`~index.storage.errors.StorageError` if it cannot be used."""
    database = shared_database(settings.database)
    key = (id(database), workspace)
    usage = _open.get(key)
    if usage is None:
        with _lock:
            usage = _open.setdefault(key, Usage(database, workspace=workspace))
    return usage


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
    except (StorageError, OSError) as error:
        log.warning("Could not count a lookup (%s).", type(error).__name__)
