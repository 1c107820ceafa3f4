"""Pausing Python's cycle collector while large structures are read or made.

The cycle collector runs by counting objects as they are made, and now and then
goes over everything alive. Reading back a large pickle (the lexicon or the
knowledge kept beside the index) or adding a review to a large index makes
millions of objects at once beside the knowledge already in memory, so it runs
again and again over all of it: at a thousand times today's knowledge, seconds
of an approval's time. Nothing made there holds a cycle that needs collecting
(what is left over is freed as usual when it is no longer used), so the
collector is paused meanwhile: reading the knowledge a hundred times over back
takes a quarter of the time.
"""

from __future__ import annotations

import contextlib
import gc
import pickle
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cycle collector paused for the ``with`` block (and resumed after,
    unless something else had paused it)."""
    pausing = gc.isenabled()
    if pausing:
        gc.disable()
    try:
        yield
    finally:
        if pausing:
            gc.enable()


def unpickled(data: bytes) -> object:
    """``pickle.loads(data)`` with the collector paused. Only for pickles scrbot
    wrote itself, in its own index folder."""
    with paused():
        return pickle.loads(data)  # noqa: S301 - our own index folder
