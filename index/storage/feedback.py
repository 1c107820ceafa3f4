"""Feedback on answers, in the database: "helpful" and "not helpful" by theme or case
and week, and the topics people asked about that the knowledge does not cover.

Only counts are kept. Never who pressed a button, never what anyone typed: what
someone said they were looking for is reduced to a topic label before it gets here
(see :mod:`bot.feedback`), and a lookup the reviews do not cover is counted by the
uncovered topic it named.

Example::

    feedback = Feedback(database)
    feedback.record("theme", "disguised-compliance", helpful=False)
    feedback.count_topic("uncovered:forced-marriage", via=LOOKUP)
    feedback.answers(since=date(2026, 9, 1))   # [AnswerFeedback(...)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import bindparam, func, select

from index.storage.database import Database
from index.storage.tables import asked_topics, feedback
from index.storage.upsert import insert_or
from index.storage.workspace import SINGLE, Workspace

#: How a topic came to be counted: a lookup the reviews do not cover, or what
#: someone said they were looking for after pressing "not helpful".
LOOKUP, NOT_HELPFUL = "lookup", "not helpful"
KINDS = ("theme", "case")


def iso_week(day: date) -> str:
    """``2026-W48`` for any day of that ISO week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _today() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class AnswerFeedback:
    """What people said of the answers on one theme or case."""

    kind: str
    item: str
    helpful: int
    not_helpful: int


@dataclass(frozen=True)
class AskedTopic:
    """How often a topic was asked about, and how."""

    topic: str
    lookups: int
    not_helpful: int


class Feedback:
    """Feedback counts of one workspace."""

    def __init__(
        self,
        database: Database,
        today: Callable[[], date] = _today,
        workspace: Workspace = SINGLE,
    ) -> None:
        self.database = database
        self.today = today
        self.workspace = workspace
        counted = insert_or(database.dialect, feedback).values(
            team_id=workspace.team_id,
            enterprise_id=workspace.enterprise_id,
            week=bindparam("week"),
            kind=bindparam("kind"),
            item=bindparam("item"),
            helpful=bindparam("helpful"),
            not_helpful=bindparam("not_helpful"),
        )
        self._counting = counted.on_conflict_do_update(
            index_elements=["team_id", "week", "kind", "item"],
            set_={
                "helpful": feedback.c.helpful + counted.excluded.helpful,
                "not_helpful": feedback.c.not_helpful + counted.excluded.not_helpful,
            },
        )
        asked = insert_or(database.dialect, asked_topics).values(
            team_id=workspace.team_id,
            enterprise_id=workspace.enterprise_id,
            week=bindparam("week"),
            via=bindparam("via"),
            topic=bindparam("topic"),
            asked=1,
        )
        self._asking = asked.on_conflict_do_update(
            index_elements=["team_id", "week", "via", "topic"],
            set_={"asked": asked_topics.c.asked + 1},
        )

    def record(self, kind: str, item: str, *, helpful: bool) -> None:
        """Count one "helpful" (or "not helpful") on an answer about ``item``, this week."""
        if kind not in KINDS or not item:
            return
        with self.database.write() as conn:
            conn.execute(
                self._counting,
                {
                    "week": iso_week(self.today()),
                    "kind": kind,
                    "item": item,
                    "helpful": int(helpful),
                    "not_helpful": int(not helpful),
                },
            )

    def count_topic(self, topic: str, *, via: str) -> None:
        """Count one ask about ``topic`` (a label, never what was typed), this week."""
        if via not in (LOOKUP, NOT_HELPFUL) or not topic:
            return
        with self.database.write() as conn:
            conn.execute(self._asking, {"week": iso_week(self.today()), "via": via, "topic": topic})

    def answers(self, since: date | None = None) -> list[AnswerFeedback]:
        """Feedback by theme or case (weeks from ``since`` on), most "not helpful" first."""
        query = (
            select(
                feedback.c.kind,
                feedback.c.item,
                func.sum(feedback.c.helpful),
                func.sum(feedback.c.not_helpful),
            )
            .where(feedback.c.team_id == self.workspace.team_id)
            .group_by(feedback.c.kind, feedback.c.item)
        )
        if since is not None:
            query = query.where(feedback.c.week >= iso_week(since))
        with self.database.read() as conn:
            rows = conn.execute(query).all()
        found = [AnswerFeedback(r[0], r[1], int(r[2] or 0), int(r[3] or 0)) for r in rows]
        return sorted(found, key=lambda f: (-f.not_helpful, -f.helpful, f.kind, f.item))

    def topics(self, since: date | None = None) -> list[AskedTopic]:
        """Topics asked about (weeks from ``since`` on), most asked first."""
        query = (
            select(asked_topics.c.topic, asked_topics.c.via, func.sum(asked_topics.c.asked))
            .where(asked_topics.c.team_id == self.workspace.team_id)
            .group_by(asked_topics.c.topic, asked_topics.c.via)
        )
        if since is not None:
            query = query.where(asked_topics.c.week >= iso_week(since))
        counts: dict[str, list[int]] = {}
        with self.database.read() as conn:
            for topic, via, asked in conn.execute(query).all():
                pair = counts.setdefault(topic, [0, 0])
                pair[0 if via == LOOKUP else 1] += int(asked or 0)
        found = [AskedTopic(t, c[0], c[1]) for t, c in counts.items()]
        return sorted(found, key=lambda t: (-(t.lookups + t.not_helpful), t.topic))
