"""The checked knowledge, kept beside the search index built from it.

Reading and checking every YAML file takes most of a one-off lookup's time
(``scrbot ask``), yet the knowledge only changes when someone edits it. So each
index build keeps the knowledge it was built from, already checked, and a lookup
loads that instead when the index is current for the files on disk (their
fingerprint matches the build's, see :mod:`index.builder`).

The snapshot is only used when its own check holds: the digest of the code that
reads and checks knowledge (the ``index`` package and the schema) is the one
running, and its bytes are the ones written. Anything else (no snapshot, older
code, a damaged file) means the knowledge is read and checked from the files as
before, and the snapshot written again for next time.

The snapshot is a pickle of our own dataclasses. It is read only from the index
folder, which only scrbot writes, and only after the digests above match.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
from pathlib import Path

from index.atomic_files import write_atomically
from index.collector import unpickled
from index.knowledge_folder import SCHEMA_PATH
from index.model import Knowledge

SNAPSHOT = "knowledge.pickle"
CHECK = "knowledge.json"


@functools.cache
def code_digest() -> str:
    """A digest of the code and schema that decide what checked knowledge is."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in sorted([*here.rglob("*.py"), SCHEMA_PATH]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def write_snapshot(folder: Path, kb: Knowledge) -> None:
    """Keep ``kb`` (checked knowledge) in ``folder``, with what :func:`read_snapshot` checks."""
    data = pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL)
    check = {"code": code_digest(), "sha256": hashlib.sha256(data).hexdigest()}
    # The snapshot can be made again from the knowledge: no wait for the disk.
    write_atomically(folder / SNAPSHOT, data, sync=False)
    write_atomically(folder / CHECK, json.dumps(check), sync=False)


def read_snapshot(folder: Path) -> Knowledge | None:
    """The knowledge kept in ``folder``, or None when there is none this code can trust."""
    try:
        check = json.loads((folder / CHECK).read_text(encoding="utf-8"))
        data = (folder / SNAPSHOT).read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(check, dict) or check.get("code") != code_digest():
        return None
    if check.get("sha256") != hashlib.sha256(data).hexdigest():
        return None
    try:
        kb = unpickled(data)
    except Exception:
        return None
    return kb if isinstance(kb, Knowledge) else None
