"""Building the search index on disk, atomically.

The index folder holds versioned builds and a pointer to the one in use::

    var/index/
      CURRENT               <- the name of the build in use, replaced atomically
      builds/20250101T090000-4242-a1b2c3/   <- whoosh files, lexicon.json, meta.json

A build is written into a fresh folder and checked (it opens, and holds every
document) before ``CURRENT`` is switched to it with :func:`os.replace`; a build
that fails or is interrupted never touches ``CURRENT``, so the previous index
keeps serving. Builds are serialised by a lock file, so several processes can
share one folder. Old builds are removed, keeping the previous one for any
reader still using it.

Whether a build is still good for the knowledge is decided by a *fingerprint*:
a hash of the knowledge files and of the code that shapes the index, so editing
a theme or upgrading scrbot both lead to a rebuild.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from index.documents import IndexDocument, knowledge_documents
from index.knowledge_folder import knowledge_files
from index.knowledge_snapshot import write_snapshot
from index.lexicon import Lexicon
from index.model import Knowledge
from index.schema_fields import FIELD_BOOSTS, build_schema, index_fields
from index.settings import env_var

log = logging.getLogger(__name__)

#: Bumped by hand when the index layout changes in a way the code hash would miss.
FORMAT = 1
#: The environment variable naming the index folder.
INDEX_DIR_ENV = env_var("index_dir")
#: Modules whose code decides what goes into the index.
_SHAPING_MODULES = ("analysis.py", "documents.py", "lexicon.py", "schema_fields.py", "builder.py")
_POINTER = "CURRENT"
_META = "meta.json"
_LEXICON = "lexicon.json"
_INDEX_NAME = "scrbot"


class IndexBuildError(Exception):
    """A build could not be completed; the index in use (if any) is unchanged."""


def default_index_dir() -> Path:
    """``$SCRBOT_INDEX_DIR``, else ``./var/index`` (relative to the working folder)."""
    return Path(os.environ.get(INDEX_DIR_ENV) or Path("var") / "index")


@functools.cache
def _code_digest() -> bytes:
    # Once per process: it is the code running that shapes the index it builds.
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    here = Path(__file__).resolve().parent
    for name in _SHAPING_MODULES:
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.digest()


def files_fingerprint(root: Path) -> str:
    """The fingerprint of a knowledge folder: its YAML files, names and bytes."""
    digest = hashlib.sha256(_code_digest())
    for path in knowledge_files(root):
        digest.update(str(path.relative_to(root)).encode("utf-8", "replace") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def knowledge_fingerprint(kb: Knowledge) -> str:
    """The fingerprint of knowledge given as objects (tests, benchmarks)."""
    digest = hashlib.sha256(_code_digest())
    digest.update(repr(kb).encode("utf-8", "replace"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Build:
    """One complete build on disk."""

    path: Path
    meta: dict[str, Any]

    @property
    def fingerprint(self) -> str:
        return str(self.meta.get("fingerprint", ""))

    def open_index(self) -> whoosh_index.Index:
        return whoosh_index.open_dir(str(self.path), indexname=_INDEX_NAME)

    def load_lexicon(self) -> Lexicon:
        return Lexicon.load(self.path / _LEXICON)

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


class IndexStore:
    """The index folder: which build is current, and making new ones."""

    _thread_lock = threading.Lock()

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_index_dir()
        self.builds = self.root / "builds"

    # -- reading -----------------------------------------------------------

    def current(self) -> tuple[Build | None, str]:
        """The build in use, or None and the reason there is none."""
        pointer = self.root / _POINTER
        try:
            name = pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None, f"there is no index in {self.root} yet"
        except OSError as error:
            return None, f"the index pointer {pointer} cannot be read ({error.strerror})"
        path = self.builds / name
        if not name or "/" in name or name.startswith("."):
            return None, f"the index pointer {pointer} is damaged"
        try:
            meta = json.loads((path / _META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None, f"the index build {path} is missing or incomplete"
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            return None, f"the index build {path} is from another version of scrbot"
        return Build(path=path, meta=meta), ""

    def fresh(self, fingerprint: str) -> tuple[Build | None, str]:
        """The current build if it matches ``fingerprint``, else None and why not."""
        build, problem = self.current()
        if build is None:
            return None, problem
        if build.fingerprint != fingerprint:
            return None, "the knowledge (or scrbot) has changed since the index was built"
        return build, ""

    # -- writing -----------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.builds.mkdir(parents=True, exist_ok=True)
        with self._thread_lock, open(self.root / ".build.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def ensure(self, kb: Knowledge, fingerprint: str) -> Build:
        """The current build if fresh, else a new one (built by us or, while we
        waited for the lock, by another process)."""
        build, _ = self.fresh(fingerprint)
        if build is not None:
            return build
        with self._locked():
            build, _ = self.fresh(fingerprint)
            if build is not None:
                return build
            return self._build_locked(kb, fingerprint)

    def build(
        self,
        kb: Knowledge,
        fingerprint: str,
        *,
        progress: Callable[[int, int], None] | None = None,
        check: Callable[[Build], None] | None = None,
    ) -> Build:
        """Build a new index for ``kb`` and make it current.

        ``progress(done, total)`` is called as documents are added, and
        ``check(build)``, if given, on the finished build before it is made
        current (raise to reject it). Raises :class:`IndexBuildError` (or the
        interrupting exception) when the build fails or is rejected; the
        previous build stays current.
        """
        with self._locked():
            return self._build_locked(kb, fingerprint, progress=progress, check=check)

    def _build_locked(
        self,
        kb: Knowledge,
        fingerprint: str,
        *,
        progress: Callable[[int, int], None] | None = None,
        check: Callable[[Build], None] | None = None,
    ) -> Build:
        previous, _ = self.current()
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"
        path = self.builds / name
        path.mkdir(parents=True)
        started = time.perf_counter()
        try:
            documents = list(knowledge_documents(kb))
            _write_whoosh(path, documents, progress)
            lexicon = Lexicon.from_knowledge(kb, documents)
            lexicon.frequencies = _check(path, len(documents))
            lexicon.save(path / _LEXICON)
            write_snapshot(path, kb)
            meta = {
                "format": FORMAT,
                "fingerprint": fingerprint,
                "documents": len(documents),
                "counts": kb.counts(),
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "seconds": round(time.perf_counter() - started, 3),
            }
            _write_atomically(path / _META, json.dumps(meta, indent=2))
            if check is not None:
                check(Build(path=path, meta=meta))
            _write_atomically(self.root / _POINTER, name + "\n")
        except BaseException as error:
            shutil.rmtree(path, ignore_errors=True)
            if isinstance(error, Exception) and not isinstance(error, IndexBuildError):
                raise IndexBuildError(
                    f"Could not build the search index in {path}: {error}"
                ) from error
            raise
        log.info(
            "built the search index: %d documents in %.1f s (%s)",
            len(documents),
            time.perf_counter() - started,
            path,
        )
        self._remove_old(keep={name, previous.path.name if previous else ""})
        return Build(path=path, meta=meta)

    def _remove_old(self, keep: set[str]) -> None:
        # Called under the build lock, so no other build is in progress: any
        # folder not kept is an old build or the remains of an interrupted one.
        for entry in self.builds.iterdir():
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)
        for stray in self.root.glob(f".{_POINTER}.*"):
            with contextlib.suppress(OSError):
                stray.unlink()


def _write_whoosh(
    path: Path, documents: list[IndexDocument], progress: Callable[[int, int], None] | None
) -> None:
    ix = whoosh_index.create_in(str(path), build_schema(), indexname=_INDEX_NAME)
    writer = ix.writer(limitmb=128)
    try:
        for done, document in enumerate(documents, start=1):
            writer.add_document(**index_fields(document))
            if progress is not None:
                progress(done, len(documents))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()


def _check(path: Path, expected: int) -> dict[str, dict[str, int]]:
    """Check the new index holds every document; return its term frequencies."""
    ix = whoosh_index.open_dir(str(path), indexname=_INDEX_NAME)
    try:
        found = ix.doc_count()
        if found != expected:
            raise IndexBuildError(f"the new index holds {found} documents, expected {expected}")
        with ix.reader() as reader:
            return {
                name: {
                    text.decode("utf-8"): info.doc_frequency()
                    for text, info in reader.iter_field(name)
                }
                for name in FIELD_BOOSTS
            }
    finally:
        ix.close()


def _write_atomically(target: Path, text: str) -> None:
    temporary = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(3)}"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
