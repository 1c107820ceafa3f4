"""Feedback on answers and the topics people ask about, kept as counts only.

* *Helpful* / *not helpful* is counted by theme or case and ISO week.
* A lookup the reviews do not cover (the engine's coverage decision) is counted by
  the uncovered topic it named (``uncovered:forced-marriage``), or as
  ``uncovered:other``.
* What someone says they were looking for, after *not helpful*, passes the
  privacy guard (:mod:`index.privacy`): anything that looks personal is taken out
  before the rest is looked up, and only the topic it comes to is counted — the
  nearest uncovered topic, else the theme or case it is about, else
  ``unmatched``. The words are never kept, logged or shown back.

Never who pressed or typed. Everything is written by the background writer of
:mod:`bot.records`, after the acknowledgement.
"""

from __future__ import annotations

import logging

from bot import records
from bot.refs import Engine
from index.answers import SearchResponse, declined
from index.privacy import find_personal_data, strip_personal_data
from index.settings import Settings
from index.storage.feedback import LOOKUP, NOT_HELPFUL, Feedback
from index.storage.workspace import SINGLE, Workspace

log = logging.getLogger(__name__)

#: The label of what someone was looking for that matched nothing in the knowledge.
UNMATCHED = "unmatched"
#: The label of a lookup the reviews do not cover that named no known topic.
UNCOVERED_OTHER = "uncovered:other"


def feedback_for(settings: Settings, workspace: Workspace = SINGLE) -> Feedback:
    """The feedback counts of ``workspace`` in the settings' database (opened once)."""
    return records.opened(Feedback, settings, workspace)


def record_feedback(
    settings: Settings, kind: str, item: str, *, helpful: bool, workspace: Workspace = SINGLE
) -> None:
    """Count a *helpful* or *not helpful* on an answer about ``kind``/``item``, in
    the counts of the ``workspace`` it came from."""
    records.WRITER.submit(
        lambda: feedback_for(settings, workspace).record(kind, item, helpful=helpful)
    )


def count_uncovered(
    settings: Settings | None,
    response: SearchResponse,
    *,
    surface: str,
    workspace: Workspace = SINGLE,
) -> None:
    """Count a lookup the reviews do not cover, by the topic it named, in the
    counts of the ``workspace`` it came from."""
    if settings is None or not declined(response) or surface not in records.COUNTED_SURFACES:
        return
    topic = f"uncovered:{response.topic.id}" if response.topic else UNCOVERED_OTHER
    records.WRITER.submit(lambda: feedback_for(settings, workspace).count_topic(topic, via=LOOKUP))


def topic_of(engine: Engine, text: str) -> str:
    """The topic label ``text`` (already through the privacy guard) comes to."""
    response = engine.search(text, limit=1)
    if response.topic is not None:
        return f"uncovered:{response.topic.id}"
    top = response.top if response.covered else None
    if top is not None and top.theme_id:
        return f"theme:{top.theme_id}"
    if top is not None and top.case_id:
        return f"case:{top.case_id}"
    return UNMATCHED


def record_looking_for(
    settings: Settings, engine: Engine, text: str, *, workspace: Workspace = SINGLE
) -> tuple[str, ...]:
    """Count the topic of what someone was looking for, in the counts of the
    ``workspace`` they are in; returns the kinds of personal detail the text seemed
    to hold (taken out before anything was looked up)."""
    personal = find_personal_data(text)
    cleaned = strip_personal_data(text) if personal else text
    topic = topic_of(engine, cleaned) if cleaned.strip() else UNMATCHED
    records.WRITER.submit(
        lambda: feedback_for(settings, workspace).count_topic(topic, via=NOT_HELPFUL)
    )
    log.info("feedback topic counted personal=%s", bool(personal))
    return personal
