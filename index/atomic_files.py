"""Writing a file whole or not at all: a temporary file beside it, then a rename.

A reader (another process, or this one after a crash) sees the old file or the
new one, never half of either. Used for the index's pointer and metadata, the
knowledge snapshot, drafts, approved cases and what ingest keeps.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def temporary_beside(target: Path, data: str | bytes, *, sync: bool = True) -> Path:
    """Write ``data`` in full to a new hidden file beside ``target`` and return its path.

    ``sync`` waits until the data is on disk (small files that must survive a
    crash); a large file that can be made again may skip it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if isinstance(data, str):
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as text_file:
                text_file.write(data)
                text_file.flush()
                if sync:
                    os.fsync(text_file.fileno())
        else:
            with os.fdopen(handle, "wb") as binary_file:
                binary_file.write(data)
                binary_file.flush()
                if sync:
                    os.fsync(binary_file.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def write_atomically(target: Path, data: str | bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``target`` whole or not at all."""
    temporary = temporary_beside(target, data, sync=sync)
    try:
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
