"""What ``scrbot config check`` looks at beyond each value's own form: that the
state can be written where the settings say, and that no placeholder from the
documentation or the example settings file has been left in.

A placeholder is a value written to be replaced, never one Slack or a person
would give: it holds an ellipsis (``xoxb-…``) or a word that says so
(``CHANGEME``, ``REPLACE``, ``YOUR``, ``EXAMPLE``, ``PLACEHOLDER``, ``XXXX``), or it
is a Slack id whose characters after the first letter count up from ``0123`` or
``1234``, or are all zeros but the last (``C0123ABCD``, ``U0000000001``): the
shapes documentation uses. Slack's own ids are random, so a real one almost never
has these shapes.

Example::

    >>> is_placeholder("C0123ABCD"), is_placeholder("C07QX5MJ2KA")
    (True, False)
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from index.settings import SETTINGS, Settings

_PLACEHOLDER_WORDS = re.compile(
    r"…|\.\.\.|change[-_ ]?me|replace|your[-_ ]|example|placeholder|xxxx", re.IGNORECASE
)
_SLACK_ID = re.compile(r"[CGDUWT]([A-Z0-9]{2,})")
_MADE_UP_ID_BODY = re.compile(r"(0123|1234)[A-Z0-9]*|0+[1-9]?")


def is_placeholder(value: str) -> bool:
    """Whether ``value`` was written to be replaced (see the module's docs)."""
    if _PLACEHOLDER_WORDS.search(value):
        return True
    slack_id = _SLACK_ID.fullmatch(value)
    return bool(slack_id and _MADE_UP_ID_BODY.fullmatch(slack_id.group(1)))


def _digest_ids(digest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(where, value) for every channel id in the ``digest`` section."""
    if isinstance(digest.get("channel"), str):
        yield "digest.channel", digest["channel"]
    for key in ("channels", "pins"):
        entries = digest.get(key)
        for number, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and isinstance(entry.get("channel"), str):
                yield f"digest.{key}[{number}].channel", entry["channel"]


def placeholder_problems(settings: Settings) -> list[str]:
    """One line for each setting still holding a placeholder."""
    # (where, value, how it may be shown): a secret is named, never shown, and a
    # value with a secret inside (a database URL's password) is shown masked.
    found: list[tuple[str, str, str]] = []
    for setting in SETTINGS:
        value = getattr(settings, setting.name)
        if isinstance(value, str):
            if setting.secret:
                shown = "from the instructions"
            else:
                shown = repr(setting.shown(value) if setting.shown else value)
            found.append((setting.name, value, shown))
    found += [("admins", admin, repr(admin)) for admin in settings.admins]
    found += [(where, value, repr(value)) for where, value in _digest_ids(settings.digest)]
    return [
        f"{where} is still the placeholder {shown}: put in the real value "
        "(the README's 'Setting up Slack' says where to find it)."
        for where, value, shown in found
        if is_placeholder(value)
    ]


def unwritable_problem(name: str, path: Path, *, folder: bool = False) -> str | None:
    """Why ``path`` (a file, or a ``folder``) cannot be created or written, if it cannot."""
    if path.exists():
        is_right_kind = path.is_dir() if folder else path.is_file()
        if not is_right_kind:
            kind = "folder" if folder else "file"
            return f"{name}: {path} is there but is not a {kind}."
        if not os.access(path, os.W_OK | (os.X_OK if folder else 0)):
            return f"{name}: {path} cannot be written by this user; change its owner or mode."
        return None
    parent = path.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        return f"{name}: {path} cannot be made, as {parent} is a file, not a folder."
    if not _can_make_files_in(parent):
        return (
            f"{name}: {path} cannot be made, as this user cannot write in {parent}; "
            "make the folder and give it to the user the bot runs as."
        )
    return None


def _can_make_files_in(folder: Path) -> bool:
    """Whether a file can be made in ``folder``, by trying: permissions alone say yes
    to root everywhere, even where nothing can be made (/proc, a read-only mount)."""
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def writable_problems(settings: Settings) -> list[str]:
    """One line for each place the bot writes to that it could not write to."""
    checks: list[str | None] = []
    if settings.database_url is None:  # else state_path is not used
        checks.append(unwritable_problem("state_path", settings.state_path))
    if settings.index_dir is not None:
        checks.append(unwritable_problem("index_dir", settings.index_dir, folder=True))
    return [problem for problem in checks if problem]
