"""The lookup engine: from two or three typed words to the right learning.

Example::

    from index.engine import LookupEngine
    engine = LookupEngine.open()               # builds the index if missing or stale
    response = engine.search("disguised compliance")
    top = response.top                          # a case-linked summary
    top.title, [c.title for c in top.cases], top.questions[:2], top.sources

How a query is ranked and judged is :mod:`index.ranking`; the engine keeps the
index it ranks on open and fresh, and remembers what it answered. ``search``
never raises for any input: nothing to search gives an empty response with
suggestions.

Keeping fresh: :meth:`LookupEngine.reload` rebuilds and switches atomically; an
engine opened on a knowledge folder also notices, within a few seconds, a build
another process made current (``scrbot index build``) and switches to it, if
it was built from the same knowledge. Lookups in flight finish on the index
they started on. Across machines, :meth:`LookupEngine.follow` switches to the
knowledge another replica published (see :mod:`bot.knowledge_sync`), building
its own index for it when the index folder is not shared; ``on_reload`` is told
of every reload this engine makes, so that it can be published.

This module is about 440 lines, a little over the 400 we aim for, because it is
one class: opening, searching and keeping fresh all share the engine's lock and its
current snapshot, and read best together.

Keeping quick: each index's snapshot keeps what lookups would otherwise work
out again — every term's scores (:mod:`index.postings`), composed answers, and
the last :data:`~index.snapshot.RESPONSES_KEPT` responses by cleaned query — and
all of it goes with the snapshot when the engine switches index. A remembered
response is still only given after the look for a newer build.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from index.analysis import clean_text
from index.answers import Result, SearchResponse
from index.builder import (
    Build,
    IndexBuildError,
    IndexStore,
    files_fingerprint,
    knowledge_fingerprint,
)
from index.documents import make_key
from index.knowledge import load_knowledge
from index.knowledge_folder import KnowledgeFolders, folders_of
from index.knowledge_snapshot import read_snapshot, write_snapshot
from index.model import Knowledge
from index.query import understand
from index.ranking import respond, starting_points, suggestions, whoosh_scores
from index.snapshot import RESPONSES_KEPT, Snapshot, SnapshotRetired

log = logging.getLogger(__name__)

#: The most results one search returns.
MAX_LIMIT = 50
#: How often, at most, lookups check for an index built by another process (seconds).
LOOK_EVERY = 2.0
#: Seconds after opening before an engine reads every term's scores in the
#: background (for a knowledge base of today's size; see :mod:`index.postings`).
READ_AHEAD_AFTER = 2.0


def checked_knowledge(root: KnowledgeFolders, store: IndexStore, fingerprint: str) -> Knowledge:
    """The knowledge in ``root`` (one folder or several read as one), checked: from
    the snapshot kept with the current index when that was built from these very
    files (every folder's), else read and checked now (raising
    :class:`index.knowledge_problems.KnowledgeError` if it is not valid) and kept
    with the index for next time."""
    build, _ = store.fresh(fingerprint)
    kept = read_snapshot(build.path) if build is not None else None
    if kept is not None:
        return kept
    kb = load_knowledge(root)
    if build is not None:
        try:
            write_snapshot(build.path, kb)
        except OSError as error:
            log.info("Could not keep the checked knowledge with the index (%s).", error)
    return kb


class LookupEngine:
    """Searches the knowledge; one instance serves many threads.

    Make one with :meth:`open` (from a knowledge folder) or :meth:`from_knowledge`.
    """

    def __init__(
        self,
        kb: Knowledge,
        store: IndexStore,
        fingerprint: str,
        knowledge_dir: KnowledgeFolders | None = None,
        *,
        responses_kept: int = RESPONSES_KEPT,
    ) -> None:
        self._store = store
        self._knowledge_dir = folders_of(knowledge_dir) if knowledge_dir is not None else None
        self._responses_kept = responses_kept
        self._reload_lock = threading.Lock()
        self._snapshot = self._serve(kb, fingerprint)
        # Following builds made by other processes (``scrbot index build``).
        self._look_lock = threading.Lock()
        self._next_look = time.monotonic() + LOOK_EVERY
        self._follower: threading.Thread | None = None
        self._passed_over: set[Path] = set()
        self._closed = False
        self._closing = threading.Event()
        #: Called with the new fingerprint after :meth:`reload` switched knowledge.
        self.on_reload: Callable[[str], None] | None = None
        threading.Thread(
            target=self._warm, args=(self._snapshot,), name="scrbot-index-warm", daemon=True
        ).start()

    def warm(self) -> None:
        """Prepare the spelling and "did you mean" tables and read every term's
        scores now (see :meth:`Snapshot.warm`). An engine starts doing this on a
        background thread when it opens; call this to wait for it."""
        self._snapshot.warm()

    def _warm(self, snapshot: Snapshot) -> None:
        try:
            snapshot.warm(scores=False)
            # A one-off lookup (``scrbot ask``) is over before this, and never
            # shares its two cores with reading every term's scores.
            if not self._closing.wait(READ_AHEAD_AFTER):
                snapshot.warm()
        except Exception:
            log.exception("Could not prepare the spelling and suggestion tables.")

    # -- making one ------------------------------------------------------------

    @classmethod
    def open(
        cls,
        knowledge_dir: KnowledgeFolders | None = None,
        index_dir: Path | None = None,
        *,
        responses_kept: int = RESPONSES_KEPT,
    ) -> LookupEngine:
        """Load the knowledge (raising :class:`index.validation.KnowledgeError` if it is
        not valid) and open its index, building it first if missing, stale or damaged.

        ``responses_kept`` is how many recent responses each index remembers
        (0: none, so every lookup is worked out, as ``benchmarks/search.py`` wants)."""
        root = folders_of(knowledge_dir)
        fingerprint = files_fingerprint(root)
        store = IndexStore(index_dir)
        return cls(
            checked_knowledge(root, store, fingerprint),
            store,
            fingerprint,
            knowledge_dir=root,
            responses_kept=responses_kept,
        )

    @classmethod
    def from_knowledge(
        cls, kb: Knowledge, index_dir: Path | None = None, *, responses_kept: int = RESPONSES_KEPT
    ) -> LookupEngine:
        """An engine over knowledge already in memory (tests, benchmarks)."""
        return cls(
            kb, IndexStore(index_dir), knowledge_fingerprint(kb), responses_kept=responses_kept
        )

    def _open(self, kb: Knowledge, build: Build) -> Snapshot:
        return Snapshot.open(kb, build, responses_kept=self._responses_kept)

    def _serve(self, kb: Knowledge, fingerprint: str) -> Snapshot:
        build, why = self._store.fresh(fingerprint)
        damaged = False
        if build is not None:
            try:
                return self._open(kb, build)
            except Exception as error:
                why = f"the index in {build.path} cannot be read ({error})"
                damaged = True
        log.info("Building the search index: %s.", why)
        try:
            if damaged:
                build = self._store.build(kb, fingerprint)
            else:
                # Another process may be building the same index: wait for it.
                build = self._store.ensure(kb, fingerprint)
            return self._open(kb, build)
        except (OSError, IndexBuildError) as error:
            # The folder may be read-only or full; a private one keeps lookups working,
            # named after the folder wanted so the next start finds and reuses it.
            wanted = hashlib.sha256(str(self._store.root.absolute()).encode()).hexdigest()[:12]
            fallback = Path(tempfile.gettempdir()) / f"scrbot-index-{os.getuid()}-{wanted}"
            log.warning(
                "Cannot use the index folder %s (%s); using %s for now.",
                self._store.root,
                error,
                fallback,
            )
            self._store = IndexStore(fallback)
            return self._open(kb, self._store.ensure(kb, fingerprint))

    # -- what it serves --------------------------------------------------------

    @property
    def knowledge(self) -> Knowledge:
        return self._snapshot.kb

    @property
    def fingerprint(self) -> str:
        """What the index in use was built from (the knowledge files and scrbot itself)."""
        return self._snapshot.build.fingerprint

    @property
    def index_path(self) -> Path:
        """The build folder in use."""
        return self._snapshot.build.path

    def theme_answer(self, theme_id: str) -> Result:
        """The full answer for a theme; KeyError if there is no such theme."""
        return self._snapshot.composer.theme(theme_id)

    def case_answer(self, case_id: str) -> Result:
        """The full answer for a case; KeyError if there is no such case."""
        return self._snapshot.composer.case(case_id)

    def glossary_answer(self, term_id: str) -> Result:
        """The full answer for a glossary term; KeyError if there is no such term."""
        return self._snapshot.composer.glossary(term_id)

    # -- searching -------------------------------------------------------------

    def search(self, query: str, limit: int = 5) -> SearchResponse:
        """Ranked, typed results for ``query``, best first; never raises."""
        shown = query if isinstance(query, str) else str(query or "")
        try:
            limit = max(1, min(int(limit), MAX_LIMIT))
        except (TypeError, ValueError):
            limit = 5
        # Before any answer, remembered or not: a newer build may be waiting.
        self._look_for_new_build()
        for _ in range(3):
            snapshot = self._snapshot
            try:
                # Everything in a response follows from the cleaned text and the
                # limit, so a remembered one is the same answer, bar the words shown.
                cache_key = (clean_text(shown), limit)
                remembered = snapshot.responses.get(cache_key)
                if remembered is not None:
                    if remembered.query == shown:
                        return remembered
                    return dataclasses.replace(remembered, query=shown)
                with snapshot.pool.searcher() as searcher:
                    response, whole = respond(snapshot, shown, limit, searcher)
                if whole:  # not an answer from names alone while the index was unreadable
                    snapshot.responses.put(cache_key, response)
                return response
            except SnapshotRetired:
                continue  # a reload switched indexes just now: use the new one
            except Exception:
                # Never what was typed: only its size, to help reproduce.
                log.exception("Search failed for a query of %d characters.", len(shown))
                try:
                    # Names alone still give useful answers while the index is unreadable.
                    return respond(snapshot, shown, limit, None)[0]
                except Exception:
                    log.exception("Answering from names failed too.")
                break
        return SearchResponse(query=shown, related=starting_points(self._snapshot))

    # -- suggestions -----------------------------------------------------------

    def suggest(self, text: str, limit: int = 5) -> list[tuple[str, str]]:
        """The themes and cases whose names are closest to ``text``: (key, title)
        pairs for "did you mean"; empty when nothing is close."""
        snapshot = self._snapshot
        try:
            plan = understand(text, snapshot.lexicon, snapshot.speller)
            return suggestions(snapshot, plan, limit)
        except Exception:
            log.exception("Suggestions failed for a text of %d characters.", len(str(text)))
            return []

    # -- keeping fresh ---------------------------------------------------------

    def reload(self) -> None:
        """Rebuild from the knowledge into a new index and switch to it.

        The knowledge is validated and the new index checked with a lookup
        before the switch; on any failure the old index keeps serving and the
        error is raised. Lookups in flight finish on the old index.
        """
        with self._reload_lock:
            if self._knowledge_dir is not None:
                fingerprint = files_fingerprint(self._knowledge_dir)
                kb = load_knowledge(self._knowledge_dir)
            else:
                kb = self._snapshot.kb
                fingerprint = knowledge_fingerprint(kb)
            opened: list[Snapshot] = []

            def check(build: Build) -> None:
                opened.append(self._open(kb, build))
                self._check(opened[-1])

            try:
                build = self._store.build(kb, fingerprint, check=check)
            except BaseException:
                for snapshot in opened:
                    snapshot.retire()
                raise
            opened[-1].warm()
            old, self._snapshot = self._snapshot, opened[-1]
            old.retire()
            log.info("Switched to the search index in %s.", build.path)
        if self.on_reload is not None:
            try:
                self.on_reload(build.fingerprint)
            except Exception as error:
                # The reload itself worked: this process answers from the new knowledge.
                log.warning("Could not tell other replicas of the new knowledge: %s", error)

    def follow(self, fingerprint: str) -> bool:
        """Switch to the knowledge ``fingerprint`` names, as published by another
        process: read the knowledge folder, open its index (building it here if
        this index folder has none), check it and switch, as :meth:`reload` does.

        Returns False, changing nothing, when already there or when the knowledge
        folder does not (yet) hold that knowledge: a copy still arriving, or
        another version of scrbot. Raises as :meth:`reload` does when the
        knowledge or its index is unusable; the index in use keeps serving.
        """
        if self._knowledge_dir is None or self._closed:
            return False
        with self._reload_lock:
            if self._closed or fingerprint == self.fingerprint:
                return False
            if files_fingerprint(self._knowledge_dir) != fingerprint:
                return False
            kb = load_knowledge(self._knowledge_dir)
            build, _ = self._store.fresh(fingerprint)
            if build is None:
                build = self._store.ensure(kb, fingerprint)
            self._switch_to(kb, build)
        log.info("Switched to the knowledge published by another replica (%s).", build.path)
        return True

    def _check(self, snapshot: Snapshot) -> None:
        """A new index must itself find a theme by its title before it serves."""
        theme = next(iter(snapshot.kb.themes.values()), None)
        if theme is None:
            return
        plan = understand(theme.title, snapshot.lexicon, snapshot.speller)
        with snapshot.pool.searcher() as searcher:
            found = whoosh_scores(snapshot, plan, searcher)
        if make_key("theme", theme.id) not in found:
            raise IndexBuildError(f"the new index does not find the theme {theme.title!r}")

    def _look_for_new_build(self) -> None:
        """Every few seconds, at most, see whether another process (an operator's
        ``scrbot index build``) has made a newer build current; if so, switch to
        it on a background thread, so this lookup is not held up."""
        now = time.monotonic()
        if self._knowledge_dir is None or self._closed or now < self._next_look:
            return
        if not self._look_lock.acquire(blocking=False):
            return
        try:
            if now < self._next_look:
                return
            self._next_look = now + LOOK_EVERY
            build, _ = self._store.current()
            if build is None or build.path == self._snapshot.build.path:
                return
            if build.path in self._passed_over:
                return
            if self._follower is not None and self._follower.is_alive():
                return
            self._follower = threading.Thread(
                target=self._follow, args=(build,), name="scrbot-index-follow", daemon=True
            )
            self._follower.start()
        except OSError as error:
            log.warning("Could not look for a newer search index: %s", error)
        finally:
            self._look_lock.release()

    def _follow(self, build: Build) -> None:
        """Switch to ``build``, made by another process, if it is for our knowledge."""
        assert self._knowledge_dir is not None
        try:
            with self._reload_lock:
                if self._closed or build.path == self._snapshot.build.path:
                    return
                if build.fingerprint != files_fingerprint(self._knowledge_dir):
                    # Built from other knowledge (or ours changed again since): answering
                    # from it would show what this engine does not have.
                    log.warning(
                        "Not switching to the search index in %s: it was built from "
                        "different knowledge than %s.",
                        build.path,
                        self._knowledge_dir,
                    )
                    self._passed_over.add(build.path)
                    return
                # The build keeps the knowledge it was made from, already checked.
                kb = read_snapshot(build.path) or load_knowledge(self._knowledge_dir)
                self._switch_to(kb, build)
                log.info(
                    "Switched to the search index in %s, built by another process.", build.path
                )
        except Exception as error:
            log.warning("Not switching to the search index in %s: %s", build.path, error)
            self._passed_over.add(build.path)

    def _switch_to(self, kb: Knowledge, build: Build) -> None:
        """Open ``build``, check and warm it, then serve it (under the reload lock);
        on any failure the index in use keeps serving."""
        fresh = self._open(kb, build)
        try:
            self._check(fresh)
            fresh.warm()
        except BaseException:
            fresh.retire()
            raise
        old, self._snapshot = self._snapshot, fresh
        old.retire()

    def close(self) -> None:
        """Stop following new builds and close the index."""
        self._closed = True
        self._closing.set()
        follower = self._follower
        if follower is not None:
            follower.join(timeout=30)
        with self._reload_lock:
            self._snapshot.retire()
