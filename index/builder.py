"""Building the search index on disk, atomically.

The index folder holds versioned builds and a pointer to the one in use::

    var/index/
      CURRENT               <- the name of the build in use, replaced atomically
      builds/20250101T090000-4242-a1b2c3/   <- whoosh files, lexicon.pickle, meta.json

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

from index.atomic_files import write_atomically
from index.collector import paused
from index.documents import case_documents, knowledge_documents
from index.knowledge_folder import (
    KnowledgeFolders,
    folders_of,
    kept_source_files,
    kept_sources_folder,
    knowledge_files,
)
from index.knowledge_snapshot import write_snapshot
from index.lexicon import Lexicon
from index.model import Case, Knowledge
from index.settings import env_var
from index.whoosh_files import (
    add_to_whoosh,
    count_terms,
    document_count,
    open_whoosh,
    term_frequencies,
    write_whoosh,
)

log = logging.getLogger(__name__)

#: Bumped by hand when the index layout changes in a way the code hash would miss.
FORMAT = 2
#: The environment variable naming the index folder.
INDEX_DIR_ENV = env_var("index_dir")
#: Modules whose code decides what goes into the index.
_SHAPING_MODULES = (
    "analysis.py",
    "documents.py",
    "lexicon.py",
    "schema_fields.py",
    "builder.py",
    "whoosh_files.py",
)
_POINTER = "CURRENT"
_META = "meta.json"
_LEXICON = "lexicon.pickle"


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


def files_fingerprint(root: KnowledgeFolders) -> str:
    """The fingerprint of knowledge folders: the names and bytes of their YAML files,
    and of the source texts ingest kept, since checking the knowledge reads those too
    (a quotation must be word for word in its kept source)."""
    digest = hashlib.sha256(_code_digest())
    for number, folder in enumerate(folders_of(root)):
        for path in knowledge_files(folder):
            relative = path.relative_to(folder)
            _add_file(digest, f"{number}/{relative}" if number else str(relative), path)
    kept = kept_sources_folder(root)
    for path in kept_source_files(root):
        _add_file(digest, f"kept:{path.relative_to(kept)}", path)
    return digest.hexdigest()


def _add_file(digest: Any, name: str, path: Path) -> None:
    digest.update(name.encode("utf-8", "replace") + b"\0")
    digest.update(path.read_bytes() + b"\0")


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
        return open_whoosh(self.path)

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
        name = _build_name()
        path = self.builds / name
        path.mkdir(parents=True)
        started = time.perf_counter()
        try:
            documents = list(knowledge_documents(kb))
            write_whoosh(path, documents, progress)
            lexicon = Lexicon.from_knowledge(kb, documents)
            found, lexicon.frequencies = term_frequencies(path)
            _expect_documents(found, len(documents))
            lexicon.save(path / _LEXICON)
            write_snapshot(path, kb)
            meta = _meta(kb, fingerprint, len(documents), started)
            write_atomically(path / _META, json.dumps(meta, indent=2))
            if check is not None:
                check(Build(path=path, meta=meta))
            write_atomically(self.root / _POINTER, name + "\n")
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

    def add_case(
        self, kb: Knowledge, fingerprint: str, case_id: str, *, before: str
    ) -> tuple[Build, bool]:
        """Make current an index for ``kb``, which is the knowledge the current build
        was made from (fingerprint ``before``) with the case ``case_id`` added.

        For a large index (at least :data:`ADD_TO_INDEXES_OF` documents), rather
        than building every document again, the new build starts from the current
        one (its files linked, not copied), adds the case's documents and writes
        again the themes it links to (a theme's document tells its cases), as a
        new segment; the lexicon is brought up to date the same way. A smaller
        index, or one not built from ``before``, is built in full (a second or
        two). Returns the build and whether it was made by adding to the current one.
        """
        with self._locked():
            previous, _ = self.current()
            if (
                previous is None
                or previous.fingerprint != before
                or case_id not in kb.cases
                or int(previous.meta.get("documents", 0)) < ADD_TO_INDEXES_OF
            ):
                return self._build_locked(kb, fingerprint), False
            with paused():
                return self._add_locked(previous, kb, fingerprint, kb.cases[case_id]), True

    def _add_locked(self, previous: Build, kb: Knowledge, fingerprint: str, case: Case) -> Build:
        started = time.perf_counter()
        name = _build_name()
        path = self.builds / name
        try:
            _link_tree(previous.path, path)
            added, replaced = case_documents(kb, case)
            lexicon = previous.load_lexicon()
            add_to_whoosh(path, added, [document.key for document in replaced])
            lexicon.add_case(case)
            lexicon.count(replaced, sign=-1)
            lexicon.count(added)
            # Counted from the documents, not read back: whoosh's counts include the
            # documents replaced until their segment is merged away.
            count_terms(lexicon.frequencies, replaced, sign=-1)
            count_terms(lexicon.frequencies, added)
            expected = int(previous.meta.get("documents", 0)) + len(added) - len(replaced)
            _expect_documents(document_count(path), expected)
            (path / _LEXICON).unlink()
            lexicon.save(path / _LEXICON)
            # The linked snapshot is the previous knowledge's; this build keeps its own.
            write_snapshot(path, kb)
            meta = {
                **_meta(kb, fingerprint, expected, started),
                "added_to": previous.path.name,
            }
            (path / _META).unlink()
            write_atomically(path / _META, json.dumps(meta, indent=2))
            write_atomically(self.root / _POINTER, name + "\n")
        except BaseException as error:
            shutil.rmtree(path, ignore_errors=True)
            if isinstance(error, Exception) and not isinstance(error, IndexBuildError):
                raise IndexBuildError(
                    f"Could not add {case.id} to the search index in {path}: {error}"
                ) from error
            raise
        log.info(
            "added %s to the search index: %d documents in %.1f s (%s)",
            case.id,
            len(added),
            time.perf_counter() - started,
            path,
        )
        self._remove_old(keep={name, previous.path.name})
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


def _build_name() -> str:
    return f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"


def _meta(kb: Knowledge, fingerprint: str, documents: int, started: float) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "fingerprint": fingerprint,
        "documents": documents,
        "counts": kb.counts(),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(time.perf_counter() - started, 3),
    }


def _link_tree(source: Path, target: Path) -> None:
    """``target``: a new folder holding ``source``'s files. Whoosh never changes a
    file once written (a commit writes new ones), so they are linked where the
    filesystem allows, and copied where it does not."""
    target.mkdir(parents=True)
    for entry in source.iterdir():
        if entry.is_file():
            try:
                os.link(entry, target / entry.name)
            except OSError:
                shutil.copy2(entry, target / entry.name)


#: The fewest documents an index has for a new case to be added to it rather than
#: built in full. Adding is exact in what it stores, but whoosh keeps each
#: document's field lengths rounded, so an index that has had documents added
#: weighs words very slightly differently from a fresh one (the same results, now
#: and then a near-tie the other way round); below this size a full build takes
#: a few seconds, so approval gives exactly what ``scrbot index build`` would.
ADD_TO_INDEXES_OF = 20_000


def _expect_documents(found: int, expected: int) -> None:
    """A new index must hold every document it was given."""
    if found != expected:
        raise IndexBuildError(f"the new index holds {found} documents, expected {expected}")
