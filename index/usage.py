"""The record of use, for a Board's Section 11 evidence: how the learning was reached
and discussed, by theme (or case) and month — what it holds and how it is reported.

Three things are counted, in the bot's database (:mod:`index.storage.records`):

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

This module is the report: :func:`report_rows` gathers what happened by theme
and month, :func:`report_csv` and :func:`report_markdown` write it out.

Example::

    usage = Usage(Database.open("sqlite:///var/scrbot.sqlite3"))
    usage.count_lookup("theme", "disguised-compliance")
    print(usage.report(since=date(2025, 1, 1), fmt="md", titles=titles))
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

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


def month_of(day: date) -> str:
    """The month ``day`` falls in, as ``YYYY-MM``."""
    return day.strftime("%Y-%m")


def cap_actions(text: str | None) -> str | None:
    """The agreed actions as typed (outer spaces trimmed), at most :data:`MAX_ACTIONS`
    characters; None when there are none."""
    stripped = (text or "").strip()
    return stripped[:MAX_ACTIONS] or None


def report_rows(
    lookups: Iterable[tuple[str, str, str, int]],
    prompts: Iterable[tuple[str, str]],
    discussions: Iterable[Discussion],
    since: date | None = None,
    titles: Mapping[str, str] | None = None,
) -> list[ReportRow]:
    """Every theme or case with something to report, by month (oldest first).

    ``lookups`` are (month, kind, item, count), ``prompts`` (month, theme) for each
    weekly prompt posted, ``discussions`` those started or held from ``since`` on.
    ``titles`` maps ``"<kind>:<id>"`` to a readable title.
    """
    titles = titles or {}
    start = since or date.min
    found: dict[tuple[str, str, str], ReportRow] = {}

    def row(month: str, kind: str, item: str) -> ReportRow:
        key = (month, kind, item)
        if key not in found:
            found[key] = ReportRow(month, kind, item, titles.get(f"{kind}:{item}", item))
        return found[key]

    for month, kind, item, count in lookups:
        row(month, kind, item).lookups += count
    for month, theme in prompts:
        row(month, "theme", theme).weekly_prompts += 1
    for discussion in discussions:
        if discussion.started_on >= start:
            started = row(month_of(discussion.started_on), discussion.kind, discussion.item)
            started.discussions_started += 1
        if discussion.held_on is not None and discussion.held_on >= start:
            held = row(month_of(discussion.held_on), discussion.kind, discussion.item)
            held.discussions_held += 1
            held.people += discussion.people or 0
            name = FORMAT_NAMES.get(discussion.held_format or "", discussion.held_format or "")
            held.formats[name] = held.formats.get(name, 0) + 1
            held.held.append(discussion)
    return sorted(found.values(), key=lambda r: (r.month, r.kind != "theme", r.title.casefold()))


def report(rows: list[ReportRow], since: date | None = None, fmt: str = "md") -> str:
    """The record of use by theme and month, as ``csv`` or ``md`` (Markdown)."""
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
