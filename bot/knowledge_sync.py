"""Every replica answers from the same knowledge, within seconds of a change.

When one replica's engine reloads (an admin's ``/scr admin reload``, an approved
review), it publishes the new knowledge's fingerprint in the database
(:mod:`index.storage.knowledge`). Each replica polls that row every
:data:`POLL_SECONDS` and, when it names knowledge other than its own, has its
engine follow it (:meth:`index.engine.LookupEngine.follow`): read the knowledge
folder, build an index for it if its own index folder has none, check it and
switch atomically. Lookups under way finish on the old index and new ones start
on the new, so no request fails and nothing restarts.

Polling rather than PostgreSQL's LISTEN/NOTIFY: it works the same on SQLite, it
costs one indexed read of one row every two seconds, and a replica that was
disconnected catches up on its next look without any missed notice to recover.

Example::

    sync = KnowledgeSync(engine, KnowledgeVersions(database))
    sync.start()          # publishes this replica's knowledge if it is new, then follows
    ...
    sync.stop()
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from index.storage.errors import StorageError

log = logging.getLogger(__name__)

#: How often each replica looks for knowledge published by another. With a
#: rebuild of about two seconds, every replica serves new knowledge within ~5 s.
POLL_SECONDS = 2.0


class FollowingEngine(Protocol):
    """What :class:`KnowledgeSync` needs of :class:`index.engine.LookupEngine`."""

    on_reload: object

    @property
    def fingerprint(self) -> str: ...
    def follow(self, fingerprint: str) -> bool: ...


class Versions(Protocol):
    """What :class:`KnowledgeSync` needs of :class:`index.storage.knowledge.KnowledgeVersions`."""

    def publish(self, fingerprint: str) -> bool: ...
    def published(self) -> str | None: ...


class KnowledgeSync:
    """Publishes this replica's knowledge changes and follows everyone else's."""

    def __init__(
        self, engine: FollowingEngine, versions: Versions, *, every: float = POLL_SECONDS
    ) -> None:
        self.engine = engine
        self.versions = versions
        self.every = every
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        #: Published knowledge this replica failed to switch to (not tried again).
        self._failed: set[str] = set()
        #: Published knowledge not in this replica's folder (said once, tried each look).
        self._missing: set[str] = set()

    def start(self) -> None:
        """Publish this replica's knowledge if it is not what is published (a new
        release rolling out), have reloads published, and start following."""
        self.engine.on_reload = self._publish
        self._publish(self.engine.fingerprint)
        self._thread = threading.Thread(target=self._run, name="scrbot-knowledge", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def check(self) -> bool:
        """Look once; switch if another replica published other knowledge. True if switched."""
        try:
            published = self.versions.published()
        except StorageError as error:
            log.warning("Could not see which knowledge is published: %s", error)
            return False
        if not published or published == self.engine.fingerprint or published in self._failed:
            return False
        try:
            switched = self.engine.follow(published)
        except Exception as error:
            log.warning("Could not switch to the knowledge another replica published: %s", error)
            self._failed.add(published)
            return False
        if not switched and published not in self._missing:
            # A copy of the knowledge still arriving, or another release of scrbot.
            log.info(
                "Another replica published knowledge that this one's knowledge folder "
                "does not hold yet; answering from its own until it does."
            )
            self._missing.add(published)
        return switched

    def _run(self) -> None:
        while not self._stopping.wait(self.every):
            self.check()

    def _publish(self, fingerprint: str) -> None:
        try:
            if self.versions.publish(fingerprint):
                log.info("Published the knowledge in use, so every replica answers from it.")
        except StorageError as error:
            log.warning("Could not publish the knowledge in use: %s", error)
