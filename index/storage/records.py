"""The record of use in the database: lookups counted, discussions started and held.

What is kept, and what never is, is described in :mod:`index.usage`, which also
writes the report. Every row belongs to one workspace (a :class:`Usage` is opened
for one), so each partnership's evidence stays its own.

Example::

    usage = Usage(database)
    usage.count_lookup("theme", "disguised-compliance")
    started = usage.start_discussion("theme", "disguised-compliance", "C0123", "group", ["q1"])
    usage.record_held(started, held_on=date(2025, 3, 3), pack_format="group", people=8,
                      actions="Add a disguised compliance prompt to case audits")
    print(usage.report(since=date(2025, 1, 1), fmt="md", titles=titles))
    usage.purge_before(date(2024, 4, 1))    # forget what is older than the retention period
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select, update
from sqlalchemy.engine import RowMapping

from index.storage.database import Database
from index.storage.digest import DigestState
from index.storage.tables import usage_discussions, usage_lookups
from index.storage.upsert import insert_or
from index.storage.workspace import SINGLE, Workspace
from index.usage import (
    DATE_GRACE,
    DIRECT_MESSAGE,
    KINDS,
    MAX_PEOPLE,
    MIN_PEOPLE,
    Discussion,
    ReportRow,
    UsageError,
    cap_actions,
    month_of,
    report,
    report_rows,
)


def _today() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class Purged:
    """How many records :meth:`Usage.purge_before` removed."""

    lookup_months: int
    discussions: int


def _discussion(row: RowMapping) -> Discussion:
    return Discussion(
        id=row["id"],
        kind=row["kind"],
        item=row["item"],
        channel=row["channel"],
        format=row["format"],
        question_ids=tuple(i for i in row["questions"].split(",") if i),
        started_on=row["started_on"],
        pace=row["pace"],
        asked=row["asked"],
        held_on=row["held_on"],
        held_format=row["held_format"],
        people=row["people"],
        actions=row["actions"],
    )


class Usage:
    """Lookups, weekly prompts and discussions of one workspace."""

    def __init__(
        self,
        database: Database,
        today: Callable[[], date] = _today,
        workspace: Workspace = SINGLE,
    ) -> None:
        self.database = database
        self.today = today
        self.workspace = workspace
        self._team = workspace.team_id
        # Built once: a lookup is counted on every answer.
        counting = insert_or(database.dialect, usage_lookups).values(
            team_id=workspace.team_id,
            enterprise_id=workspace.enterprise_id,
            month=bindparam("month"),
            kind=bindparam("kind"),
            item=bindparam("item"),
            lookups=1,
        )
        self._counting = counting.on_conflict_do_update(
            index_elements=["team_id", "month", "kind", "item"],
            set_={"lookups": usage_lookups.c.lookups + 1},
        )

    def _discussion_row(self, discussion_id: int) -> Any:
        return and_(
            usage_discussions.c.team_id == self._team, usage_discussions.c.id == discussion_id
        )

    # -- recording -------------------------------------------------------------------

    def count_lookup(self, kind: str, item: str | None) -> None:
        """Count one lookup that answered with theme or case ``item`` this month."""
        if kind not in KINDS or not item:
            return
        with self.database.write() as conn:
            conn.execute(
                self._counting, {"month": month_of(self.today()), "kind": kind, "item": item}
            )

    def start_discussion(
        self,
        kind: str,
        item: str,
        channel: str,
        pack_format: str,
        question_ids: tuple[str, ...] | list[str],
        pace: str = "one",
    ) -> int:
        """Record a pack posted for a discussion; returns its id for *Mark as held*.

        ``channel`` is a channel id, or :data:`~index.usage.DIRECT_MESSAGE` (a direct
        message's own id is never stored: it would point to the person).
        """
        if kind not in KINDS:
            raise UsageError(f"A discussion is about a theme or a case, not {kind!r}.")
        if channel.startswith("D"):
            channel = DIRECT_MESSAGE
        with self.database.write() as conn:
            number = conn.execute(
                usage_discussions.insert()
                .values(
                    team_id=self._team,
                    enterprise_id=self.workspace.enterprise_id,
                    kind=kind,
                    item=item,
                    channel=channel,
                    format=pack_format,
                    pace=pace,
                    questions=",".join(question_ids),
                    started_on=self.today(),
                )
                .returning(usage_discussions.c.id)
            ).scalar_one()
        return int(number)

    def cancel_discussion(self, discussion_id: int) -> None:
        """Forget a discussion whose pack could not be posted (unless it was held)."""
        with self.database.write() as conn:
            conn.execute(
                delete(usage_discussions).where(
                    self._discussion_row(discussion_id), usage_discussions.c.held_on.is_(None)
                )
            )

    def move_on(self, discussion_id: int, asked: int, to: int) -> bool:
        """Record that ``to`` questions have now been posted, if ``asked`` had been.

        False when the count was not ``asked``: two people pressed *Next question*
        at once, and only one of them should post the next question.
        """
        with self.database.write() as conn:
            result = conn.execute(
                update(usage_discussions)
                .where(self._discussion_row(discussion_id), usage_discussions.c.asked == asked)
                .values(asked=to)
            )
            return bool(result.rowcount == 1)

    def discussion(self, discussion_id: int) -> Discussion | None:
        with self.database.read() as conn:
            row = conn.execute(
                select(usage_discussions).where(self._discussion_row(discussion_id))
            ).first()
        return _discussion(row._mapping) if row else None

    def record_held(
        self,
        discussion_id: int,
        *,
        held_on: date,
        pack_format: str,
        people: int,
        actions: str | None = None,
    ) -> Discussion:
        """Record that a discussion was held (or correct the record: a second call
        replaces the first, so one discussion is never counted twice).

        Raises :class:`~index.usage.UsageError` for a date in the future, a number
        of people out of range, or an unknown discussion. Actions over
        :data:`~index.usage.MAX_ACTIONS` characters are cut to that length.
        """
        if held_on > self.today() + DATE_GRACE:
            raise UsageError("The date it was held can't be in the future.")
        if not MIN_PEOPLE <= people <= MAX_PEOPLE:
            raise UsageError(
                f"The number of people should be between {MIN_PEOPLE} and {MAX_PEOPLE}."
            )
        with self.database.write() as conn:
            row = conn.execute(
                update(usage_discussions)
                .where(self._discussion_row(discussion_id))
                .values(
                    held_on=held_on,
                    held_format=pack_format,
                    people=people,
                    actions=cap_actions(actions),
                    recorded_on=self.today(),
                )
                .returning(*usage_discussions.c)
            ).first()
        if row is None:
            raise UsageError("That discussion isn't in the record any more.")
        return _discussion(row._mapping)

    def purge_before(self, day: date) -> Purged:
        """Forget what was recorded before ``day``: the lookup counts of months that
        ended before it, and discussions started before it (and, if held, held
        before it too). The weekly prompt's own record is kept: it is the rotation's
        memory, and holds nothing about people."""
        with self.database.write() as conn:
            months = conn.execute(
                delete(usage_lookups).where(
                    usage_lookups.c.team_id == self._team,
                    usage_lookups.c.month < month_of(day),
                )
            ).rowcount
            discussions = conn.execute(
                delete(usage_discussions).where(
                    usage_discussions.c.team_id == self._team,
                    usage_discussions.c.started_on < day,
                    or_(usage_discussions.c.held_on.is_(None), usage_discussions.c.held_on < day),
                )
            ).rowcount
        return Purged(int(months or 0), int(discussions or 0))

    # -- reading -----------------------------------------------------------------------

    def lookups(self, since: date | None = None) -> list[tuple[str, str, str, int]]:
        """(month, kind, item, count) from the month ``since`` falls in (or all)."""
        with self.database.read() as conn:
            rows = conn.execute(
                select(
                    usage_lookups.c.month,
                    usage_lookups.c.kind,
                    usage_lookups.c.item,
                    usage_lookups.c.lookups,
                ).where(
                    usage_lookups.c.team_id == self._team,
                    usage_lookups.c.month >= (month_of(since) if since else ""),
                )
            ).all()
        return [(row.month, row.kind, row.item, row.lookups) for row in rows]

    def discussions(self, since: date | None = None) -> list[Discussion]:
        """Discussions started or held on or after ``since``, by when they were held
        (or started), oldest first."""
        start = since or date.min
        with self.database.read() as conn:
            rows = conn.execute(
                select(usage_discussions)
                .where(
                    usage_discussions.c.team_id == self._team,
                    or_(
                        usage_discussions.c.started_on >= start,
                        usage_discussions.c.held_on >= start,
                    ),
                )
                .order_by(
                    func.coalesce(usage_discussions.c.held_on, usage_discussions.c.started_on),
                    usage_discussions.c.id,
                )
            ).all()
        return [_discussion(row._mapping) for row in rows]

    def held(self, since: date | None = None) -> list[Discussion]:
        """Discussions held on or after ``since``, oldest first."""
        with self.database.read() as conn:
            rows = conn.execute(
                select(usage_discussions)
                .where(
                    usage_discussions.c.team_id == self._team,
                    usage_discussions.c.held_on.is_not(None),
                    usage_discussions.c.held_on >= (since or date.min),
                )
                .order_by(usage_discussions.c.held_on, usage_discussions.c.id)
            ).all()
        return [_discussion(row._mapping) for row in rows]

    def prompts(self, since: date | None = None) -> list[tuple[str, str]]:
        """(month, theme) for each weekly prompt posted, from the scheduler's record."""
        posted = DigestState(self.database, self.workspace).posted_since(since or date.min)
        return [(month_of(when.date()), theme) for when, theme in posted]

    def rows(
        self, since: date | None = None, titles: Mapping[str, str] | None = None
    ) -> list[ReportRow]:
        """Every theme or case with something to report, by month (oldest first).
        Lookups are counted by month, so the month ``since`` falls in is counted whole."""
        return report_rows(
            self.lookups(since), self.prompts(since), self.discussions(since), since, titles
        )

    def report(
        self,
        since: date | None = None,
        fmt: str = "md",
        titles: Mapping[str, str] | None = None,
    ) -> str:
        """The record of use by theme and month, as ``csv`` or ``md`` (Markdown)."""
        if fmt not in ("csv", "md"):
            raise UsageError(f"The report comes as csv or md, not {fmt!r}.")
        return report(self.rows(since, titles), since, fmt)
