"""Block Kit rendered once per answer, for as long as the knowledge stays the same.

An answer card shows only what the knowledge holds, so for one version of the
knowledge the same answer always renders to the same blocks. Building those with
``slack_sdk.models`` and turning them into the dicts Slack takes cost about 1 ms
a lookup (mostly ``to_dict``), half as much as the search that found the answer,
so :mod:`bot.blocks.primitives` keeps the dicts here and hands them out again.

What goes in is rendered from the knowledge alone. What someone typed, a notice
about it, and anything about a person (*shared by <@U…>*) are added by the caller
around the cached blocks, each time, and never stored.

The knowledge an entry was rendered from is part of its identity: when the engine
switches to new knowledge (a reload, or a build another process made), the first
render with it empties the cache. The entries are shared between threads and
requests, so they are read-only: callers copy the list before adding to it.

Example::

    cache = RenderCache(capacity=2)
    blocks = cache.get(kb, ("card", result), lambda: tuple(b.to_dict() for b in build()))
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

Rendered = TypeVar("Rendered")

#: Every answer (about 300 today: themes, cases, terms, questions, recommendations)
#: with its buttons, and room for the other-results lines under them; an entry is
#: a few kilobytes at most.
CAPACITY = 2048


class RenderCache:
    """A bounded, thread-safe LRU of rendered blocks for one knowledge version at a time."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._knowledge: Any = None
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, knowledge: Any, key: Hashable, render: Callable[[], Rendered]) -> Rendered:
        """What ``render()`` gives for ``key`` under ``knowledge``, rendered at most
        once while that knowledge is current (and the entry not evicted)."""
        with self._lock:
            if self._knowledge is not knowledge:
                self._entries.clear()
                self._knowledge = knowledge
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found  # type: ignore[no-any-return]
        # Rendered outside the lock: two threads may render the same entry at
        # once, which costs a millisecond, where a lock would hold up every lookup.
        rendered = render()
        with self._lock:
            # Knowledge replaced while rendering: this entry belongs to the old one.
            if self._knowledge is knowledge:
                self._entries[key] = rendered
                if len(self._entries) > self.capacity:
                    self._entries.popitem(last=False)
        return rendered

    def values(self) -> list[Any]:
        """Every entry held now, least recently used first (to check what is kept)."""
        with self._lock:
            return list(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)
