"""The record of use, for a Board's Section 11 evidence: how the learning was reached
and discussed, by theme (or case) and month.

Three things are counted, in the shared state file (:class:`index.store.Store`):

* **lookups** — one count per theme or case per month. Never who asked, what
  they typed, or when within the month.
* **weekly prompts** — read from the scheduler's own record (``digest_slots``),
  so there is one source of truth for what was posted.
* **discussions** — started from a pack (theme or case, channel, format, how
  many questions, the date) and, once someone presses *Mark as held*, held
  (date, format, number of people, and the agreed actions as typed, capped at
  :data:`MAX_ACTIONS` characters). Never the names of people; a pack sent as a
  direct message is recorded as ``direct message``, not by the conversation id,
  which would point to the person.

Example::

    usage = Usage(Store("var/scrbot.sqlite3"))
    usage.count_lookup("theme", "disguised-compliance")
    started = usage.start_discussion("theme", "disguised-compliance", "C0123", "group", 4)
    usage.record_held(started, held_on=date(2025, 3, 3), pack_format="group", people=8,
                      actions="Add a disguised compliance prompt to case audits")
    print(usage.report(since=date(2025, 1, 1), fmt="md", titles=titles))
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from index.store import Store

#: The longest agreed-actions note kept; a summary, not minutes.
MAX_ACTIONS = 1000
#: The fewest and most people a discussion can record.
MIN_PEOPLE, MAX_PEOPLE = 1, 500
#: "Today" is the UTC date; a day's grace lets someone east of UTC, just after their
#: midnight, record a discussion held on their today.
DATE_GRACE = timedelta(days=1)
#: How a discussion sent as a direct message is recorded (not the conversation id).
DIRECT_MESSAGE = "direct message"
KINDS = ("theme", "case")
FORMAT_NAMES = {"supervision": "one-to-one supervision", "group": "group session or team meeting"}

TABLES = (
    """CREATE TABLE IF NOT EXISTS usage_lookups (
        month TEXT NOT NULL,
        kind TEXT NOT NULL,
        item TEXT NOT NULL,
        lookups INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (month, kind, item)
    )""",
    """CREATE TABLE IF NOT EXISTS usage_discussions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        item TEXT NOT NULL,
        channel TEXT NOT NULL,
        format TEXT NOT NULL,
        pace TEXT NOT NULL,
        questions TEXT NOT NULL,
        asked INTEGER NOT NULL DEFAULT 0,
        started_on TEXT NOT NULL,
        held_on TEXT,
        held_format TEXT,
        people INTEGER,
        actions TEXT,
        recorded_on TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS usage_discussions_held ON usage_discussions (held_on)",
)


class UsageError(ValueError):
    """A record could not be kept as given; the message says what to change."""


@dataclass(frozen=True)
class Discussion:
    """One discussion started from a pack, and whether (and how) it was held."""

    id: int
    kind: str
    item: str
    channel: str
    format: str
    question_ids: tuple[str, ...]
    started_on: date
    #: "one" (a question at a time) or "all".
    pace: str = "one"
    #: How many questions have been posted so far (for "one" at a time).
    asked: int = 0
    held_on: date | None = None
    held_format: str | None = None
    people: int | None = None
    actions: str | None = None

    @property
    def held(self) -> bool:
        return self.held_on is not None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Discussion:
        return cls(
            id=row["id"],
            kind=row["kind"],
            item=row["item"],
            channel=row["channel"],
            format=row["format"],
            question_ids=tuple(i for i in row["questions"].split(",") if i),
            started_on=date.fromisoformat(row["started_on"]),
            pace=row["pace"],
            asked=row["asked"],
            held_on=date.fromisoformat(row["held_on"]) if row["held_on"] else None,
            held_format=row["held_format"],
            people=row["people"],
            actions=row["actions"],
        )


@dataclass
class ReportRow:
    """What happened to one theme or case in one month."""

    month: str
    kind: str
    item: str
    title: str
    lookups: int = 0
    weekly_prompts: int = 0
    discussions_started: int = 0
    discussions_held: int = 0
    people: int = 0
    formats: dict[str, int] = field(default_factory=dict)
    #: The discussions held this month on this theme or case, oldest first.
    held: list[Discussion] = field(default_factory=list)

    @property
    def actions(self) -> list[str]:
        """Each held discussion's agreed actions, after the date it was held."""
        return [f"{d.held_on}: {d.actions}" for d in self.held if d.actions and d.held_on]


def _today() -> date:
    return datetime.now(UTC).date()


def _month(day: date) -> str:
    return day.strftime("%Y-%m")


def cap_actions(text: str | None) -> str | None:
    """The agreed actions as typed (outer spaces trimmed), at most :data:`MAX_ACTIONS`
    characters; None when there are none."""
    stripped = (text or "").strip()
    return stripped[:MAX_ACTIONS] or None


class Usage:
    """Lookups, weekly prompts and discussions in the shared state file."""

    def __init__(self, store: Store, today: Callable[[], date] = _today) -> None:
        self.store = store
        self.today = today
        store.ensure_tables(TABLES)

    # -- recording -------------------------------------------------------------------

    def count_lookup(self, kind: str, item: str | None) -> None:
        """Count one lookup that answered with theme or case ``item`` this month."""
        if kind not in KINDS or not item:
            return
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO usage_lookups (month, kind, item, lookups) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (month, kind, item) DO UPDATE SET lookups = lookups + 1",
                (_month(self.today()), kind, item),
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

        ``channel`` is a channel id, or :data:`DIRECT_MESSAGE` (a direct message's
        own id is never stored: it would point to the person).
        """
        if kind not in KINDS:
            raise UsageError(f"A discussion is about a theme or a case, not {kind!r}.")
        if channel.startswith("D"):
            channel = DIRECT_MESSAGE
        with self.store.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO usage_discussions (kind, item, channel, format, pace, questions, "
                "started_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    kind,
                    item,
                    channel,
                    pack_format,
                    pace,
                    ",".join(question_ids),
                    self.today().isoformat(),
                ),
            )
            return int(cursor.lastrowid or 0)

    def cancel_discussion(self, discussion_id: int) -> None:
        """Forget a discussion whose pack could not be posted (unless it was held)."""
        with self.store.transaction() as conn:
            conn.execute(
                "DELETE FROM usage_discussions WHERE id = ? AND held_on IS NULL", (discussion_id,)
            )

    def move_on(self, discussion_id: int, asked: int, to: int) -> bool:
        """Record that ``to`` questions have now been posted, if ``asked`` had been.

        False when the count was not ``asked``: two people pressed *Next question*
        at once, and only one of them should post the next question.
        """
        with self.store.transaction() as conn:
            cursor = conn.execute(
                "UPDATE usage_discussions SET asked = ? WHERE id = ? AND asked = ?",
                (to, discussion_id, asked),
            )
            return cursor.rowcount == 1

    def discussion(self, discussion_id: int) -> Discussion | None:
        rows = self.store.query("SELECT * FROM usage_discussions WHERE id = ?", (discussion_id,))
        return Discussion.from_row(rows[0]) if rows else None

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

        Raises :class:`UsageError` for a date in the future, a number of people
        out of range, or an unknown discussion. Actions over :data:`MAX_ACTIONS`
        characters are cut to that length.
        """
        if held_on > self.today() + DATE_GRACE:
            raise UsageError("The date it was held can't be in the future.")
        if not MIN_PEOPLE <= people <= MAX_PEOPLE:
            raise UsageError(
                f"The number of people should be between {MIN_PEOPLE} and {MAX_PEOPLE}."
            )
        with self.store.transaction() as conn:
            cursor = conn.execute(
                "UPDATE usage_discussions SET held_on = ?, held_format = ?, people = ?, "
                "actions = ?, recorded_on = ? WHERE id = ?",
                (
                    held_on.isoformat(),
                    pack_format,
                    people,
                    cap_actions(actions),
                    self.today().isoformat(),
                    discussion_id,
                ),
            )
            if cursor.rowcount != 1:
                raise UsageError("That discussion isn't in the record any more.")
        found = self.discussion(discussion_id)
        assert found is not None  # just written, in the same file
        return found

    # -- reading -----------------------------------------------------------------------

    def rows(
        self, since: date | None = None, titles: Mapping[str, str] | None = None
    ) -> list[ReportRow]:
        """Every theme or case with something to report, by month (oldest first).

        ``titles`` maps ``"<kind>:<id>"`` to a readable title. Lookups are counted by
        month, so the month ``since`` falls in is counted whole.
        """
        titles = titles or {}
        start = since or date.min
        found: dict[tuple[str, str, str], ReportRow] = {}

        def row(month: str, kind: str, item: str) -> ReportRow:
            key = (month, kind, item)
            if key not in found:
                found[key] = ReportRow(month, kind, item, titles.get(f"{kind}:{item}", item))
            return found[key]

        for r in self.store.query(
            "SELECT month, kind, item, lookups FROM usage_lookups WHERE month >= ?",
            (_month(start) if since else "",),
        ):
            row(r["month"], r["kind"], r["item"]).lookups += r["lookups"]
        for month, theme in self._digest_posts(start):
            row(month, "theme", theme).weekly_prompts += 1
        for r in self.store.query(
            "SELECT * FROM usage_discussions WHERE started_on >= ? OR held_on >= ? "
            "ORDER BY COALESCE(held_on, started_on), id",
            (start.isoformat(), start.isoformat()),
        ):
            discussion = Discussion.from_row(r)
            if discussion.started_on >= start:
                started = row(_month(discussion.started_on), discussion.kind, discussion.item)
                started.discussions_started += 1
            if discussion.held_on is not None and discussion.held_on >= start:
                held = row(_month(discussion.held_on), discussion.kind, discussion.item)
                held.discussions_held += 1
                held.people += discussion.people or 0
                name = FORMAT_NAMES.get(discussion.held_format or "", discussion.held_format or "")
                held.formats[name] = held.formats.get(name, 0) + 1
                held.held.append(discussion)
        return sorted(
            found.values(), key=lambda r: (r.month, r.kind != "theme", r.title.casefold())
        )

    def held(self, since: date | None = None) -> list[Discussion]:
        """Discussions held on or after ``since``, oldest first."""
        rows = self.store.query(
            "SELECT * FROM usage_discussions WHERE held_on IS NOT NULL AND held_on >= ? "
            "ORDER BY held_on, id",
            ((since or date.min).isoformat(),),
        )
        return [Discussion.from_row(r) for r in rows]

    def _digest_posts(self, since: date) -> list[tuple[str, str]]:
        """(month, theme) for each weekly prompt posted, from the scheduler's record."""
        exists = self.store.query(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'digest_slots'"
        )
        if not exists:
            return []  # the weekly prompt has never run with this state file
        rows = self.store.query(
            "SELECT theme, posted_at FROM digest_slots WHERE status = 'posted' "
            "AND theme IS NOT NULL AND posted_at >= ? ORDER BY posted_at",
            (since.isoformat(),),
        )
        return [(r["posted_at"][:7], r["theme"]) for r in rows]

    # -- the report ---------------------------------------------------------------------

    def report(
        self,
        since: date | None = None,
        fmt: str = "md",
        titles: Mapping[str, str] | None = None,
    ) -> str:
        """The record of use by theme and month, as ``csv`` or ``md`` (Markdown)."""
        rows = self.rows(since, titles)
        if fmt == "csv":
            return report_csv(rows)
        if fmt == "md":
            return report_markdown(rows, since)
        raise UsageError(f"The report comes as csv or md, not {fmt!r}.")


# --- Formatting -----------------------------------------------------------------------

CSV_COLUMNS = (
    "month",
    "kind",
    "id",
    "title",
    "lookups",
    "weekly_prompts",
    "discussions_started",
    "discussions_held",
    "people",
    "formats",
    "agreed_actions",
)


def _formats(counts: Mapping[str, int]) -> str:
    return "; ".join(f"{name} x{count}" for name, count in sorted(counts.items()))


def _spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: typed text starting with = + - @ could
    otherwise run as a formula when the file is opened (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def report_csv(rows: list[ReportRow]) -> str:
    """One line per theme or case per month; agreed actions joined with `` | ``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.month,
                r.kind,
                r.item,
                _spreadsheet_safe(r.title),
                r.lookups,
                r.weekly_prompts,
                r.discussions_started,
                r.discussions_held,
                r.people,
                _formats(r.formats),
                _spreadsheet_safe(" | ".join(r.actions)),
            ]
        )
    return out.getvalue()


def escape_markdown(text: str) -> str:
    """Typed text made safe in a Markdown table: no HTML, links, emphasis or new cells."""
    text = " ".join((text or "").split())
    for character in ("\\", "|", "*", "_", "`", "[", "]", "#"):
        text = text.replace(character, "\\" + character)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def report_markdown(rows: list[ReportRow], since: date | None = None) -> str:
    """A table per month, then each month's agreed actions."""
    heading = "# Learning from case reviews: record of use"
    scope = f"From {since.isoformat()}." if since else "Everything recorded."
    out = [
        heading,
        "",
        f"{scope} Lookups are counted by theme or case and month only: never who "
        "asked or what they typed. Discussions record the format, how many took part "
        "and the actions agreed, never names.",
        "",
    ]
    if not rows:
        out.append("Nothing has been recorded in this period yet.")
        return "\n".join(out) + "\n"
    months = sorted({r.month for r in rows})
    for month in months:
        shown = [r for r in rows if r.month == month]
        label = datetime.strptime(month, "%Y-%m").strftime("%B %Y")
        out += [
            f"## {label}",
            "",
            "| Theme or case | Lookups | Weekly prompts | Discussions started | "
            "Discussions held | People | Formats |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for r in shown:
            out.append(
                f"| {escape_markdown(r.title)} | {r.lookups} | {r.weekly_prompts} | "
                f"{r.discussions_started} | {r.discussions_held} | {r.people} | "
                f"{escape_markdown(_formats(r.formats)) or '-'} |"
            )
        total = ReportRow(month, "", "", "Total")
        for r in shown:
            total.lookups += r.lookups
            total.weekly_prompts += r.weekly_prompts
            total.discussions_started += r.discussions_started
            total.discussions_held += r.discussions_held
            total.people += r.people
        out.append(
            f"| **Total** | {total.lookups} | {total.weekly_prompts} | "
            f"{total.discussions_started} | {total.discussions_held} | {total.people} | |"
        )
        out.append("")
        held = [(r.title, d) for r in shown for d in r.held]
        if held:
            out += ["Discussions held:", ""]
            for title, d in sorted(
                held, key=lambda pair: (pair[1].held_on or date.min, pair[1].id)
            ):
                line = (
                    f"- {d.held_on:%d %B %Y}, {escape_markdown(title)}: "
                    f"{FORMAT_NAMES.get(d.held_format or '', d.held_format or '')}, "
                    f"{d.people} {'person' if d.people == 1 else 'people'}"
                )
                if d.actions:
                    line += f". Agreed actions: {escape_markdown(d.actions)}"
                out.append(line)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def titles_of(themes: Mapping[str, object], cases: Mapping[str, object]) -> dict[str, str]:
    """``"<kind>:<id>"`` -> title for every theme and case (objects with ``.title``)."""
    found = {f"theme:{i}": str(getattr(t, "title", i)) for i, t in themes.items()}
    found.update({f"case:{i}": str(getattr(c, "title", i)) for i, c in cases.items()})
    return found
