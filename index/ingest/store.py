"""Writing what ingest made, all or nothing.

Three things are written: the kept source text (``knowledge/sources/ID.txt``),
its entry in ``knowledge/sources.yaml`` and the draft. Each is first written
in full to a temporary file beside its target, then moved into place with
``os.replace``; if any step fails, whatever was already moved is put back as
it was, so a failure leaves no draft, no source file and no sources.yaml entry.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from index.atomic_files import temporary_beside, write_atomically
from index.ingest.errors import IngestError

__all__ = ["write_all", "write_atomically"]


def write_all(files: list[tuple[Path, str]]) -> None:
    """Write every (path, text) or none of them; IngestError (code 1) on failure."""
    temporaries: list[tuple[Path, Path]] = []
    replaced: list[tuple[Path, bytes | None]] = []
    try:
        for target, text in files:
            temporaries.append((target, temporary_beside(target, text)))
        for target, temporary in temporaries:
            before = target.read_bytes() if target.exists() else None
            os.replace(temporary, target)
            replaced.append((target, before))
    except OSError as error:
        for target, before in reversed(replaced):
            with contextlib.suppress(OSError):
                if before is None:
                    target.unlink()
                else:
                    target.write_bytes(before)
        where = error.filename or "the knowledge folder"
        raise IngestError(
            f"could not write {where} ({error.strerror or error}): check the folder exists "
            "and you may write to it; nothing was written.",
            code=1,
        ) from error
    finally:
        for _, temporary in temporaries:
            with contextlib.suppress(OSError):
                if temporary.exists():
                    temporary.unlink()
