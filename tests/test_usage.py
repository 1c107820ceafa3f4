"""The record of use: lookups counted by theme and month only, discussions started
and held, weekly prompts read from the scheduler's record, and the Section 11 report
as CSV and Markdown (and through ``scrbot report``)."""

from __future__ import annotations

import csv
import io
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from index.storage.database import Database
from index.storage.digest import DigestState
from index.storage.records import Usage
from index.usage import (
    CSV_COLUMNS,
    DIRECT_MESSAGE,
    MAX_ACTIONS,
    UsageError,
    cap_actions,
)
from scheduler.rotation import Choice
from scheduler.slots import Slot
from tests.storage_support import columns_of, open_database

TODAY = date(2025, 3, 14)
TITLES = {"theme:disguised-compliance": "Disguised compliance", "case:case-z": "Case Z"}


class Clock:
    """A settable "today" for the record (months change in tests, not in real time)."""

    def __init__(self, day: date = TODAY) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(database_url: str) -> Database:
    """The record on SQLite, then on PostgreSQL."""
    return Database.open(database_url)


@pytest.fixture
def usage(store: Database, clock: Clock) -> Usage:
    return Usage(store, today=clock)


def held_discussion(usage: Usage, actions: str | None = None, **held: object) -> int:
    number = usage.start_discussion(
        "theme", "disguised-compliance", "C000TEAM", "group", ["q1", "q2", "q3"]
    )
    usage.record_held(
        number,
        held_on=held.get("held_on", TODAY),  # type: ignore[arg-type]
        pack_format=str(held.get("pack_format", "group")),
        people=int(held.get("people", 8)),  # type: ignore[call-overload]
        actions=actions,
    )
    return number


def post_digest(store: Database, theme: str, when: datetime) -> None:
    """A weekly prompt posted, recorded as the scheduler records it."""
    state = DigestState(store)
    slot = Slot(at=when, channel="C000DIGEST", local=when.replace(tzinfo=None), timezone="UTC")
    record = state.claim(
        slot,
        owner="test",
        now=when,
        lease=timedelta(minutes=5),
        choose=lambda history: Choice(theme=theme, example="case-y", round=1),
    )
    assert record is not None
    assert state.confirm(record, owner="test", ts="1741600000.000100", now=when)


# --- Lookups ---------------------------------------------------------------------------------


def test_lookups_are_counted_by_theme_or_case_and_month(usage: Usage, clock: Clock) -> None:
    usage.count_lookup("theme", "disguised-compliance")
    usage.count_lookup("theme", "disguised-compliance")
    usage.count_lookup("case", "case-z")
    clock.day = date(2025, 4, 2)
    usage.count_lookup("theme", "disguised-compliance")
    counts = {(r.month, r.item): r.lookups for r in usage.rows()}
    assert counts == {
        ("2025-03", "disguised-compliance"): 2,
        ("2025-03", "case-z"): 1,
        ("2025-04", "disguised-compliance"): 1,
    }


def test_the_lookup_table_has_no_room_for_who_asked_or_what_they_typed(
    usage: Usage, store: Database
) -> None:
    columns = columns_of(store, "usage_lookups")
    assert columns == ["team_id", "enterprise_id", "month", "kind", "item", "lookups"]


@pytest.mark.parametrize(("kind", "item"), [("glossary", "mash"), ("theme", None), ("theme", "")])
def test_only_themes_and_cases_are_counted(usage: Usage, kind: str, item: str | None) -> None:
    usage.count_lookup(kind, item)
    assert usage.rows() == []


def test_counting_from_many_threads_loses_none(usage: Usage) -> None:
    def count() -> None:
        for _ in range(25):
            usage.count_lookup("case", "case-z")

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert usage.rows()[0].lookups == 100


# --- Discussions ---------------------------------------------------------------------------


def test_a_discussion_in_a_direct_message_is_recorded_without_its_id(usage: Usage) -> None:
    number = usage.start_discussion("case", "case-z", "D000LEAD", "supervision", ["a"])
    found = usage.discussion(number)
    assert found is not None and found.channel == DIRECT_MESSAGE


def test_a_discussion_records_what_was_started_and_not_who_started_it(
    usage: Usage, store: Database
) -> None:
    number = usage.start_discussion(
        "theme", "disguised-compliance", "C000TEAM", "group", ["q1", "q2"], pace="all"
    )
    found = usage.discussion(number)
    assert found is not None
    assert (found.kind, found.item, found.channel, found.format, found.pace) == (
        "theme",
        "disguised-compliance",
        "C000TEAM",
        "group",
        "all",
    )
    assert found.question_ids == ("q1", "q2")
    assert found.started_on == TODAY and not found.held
    columns = set(columns_of(store, "usage_discussions"))
    assert not columns & {"user", "user_id", "name", "names", "started_by"}


def test_a_discussion_must_be_about_a_theme_or_a_case(usage: Usage) -> None:
    with pytest.raises(UsageError):
        usage.start_discussion("glossary", "mash", "C000TEAM", "group", [])


def test_marking_held_records_date_format_people_and_actions(usage: Usage) -> None:
    number = held_discussion(usage, "Add a prompt to the audit form", people=6)
    found = usage.discussion(number)
    assert found is not None and found.held
    assert (found.held_on, found.held_format, found.people, found.actions) == (
        TODAY,
        "group",
        6,
        "Add a prompt to the audit form",
    )


def test_marking_held_again_corrects_the_record_rather_than_counting_twice(usage: Usage) -> None:
    number = held_discussion(usage, "First note", people=6)
    usage.record_held(number, held_on=TODAY, pack_format="group", people=9, actions="Second note")
    rows = usage.rows()
    assert [(r.discussions_held, r.people) for r in rows] == [(1, 9)]
    assert rows[0].actions == [f"{TODAY}: Second note"]


def test_agreed_actions_are_stored_as_typed_and_capped(usage: Usage) -> None:
    typed = "<!channel> *check* & review " + "x" * MAX_ACTIONS
    number = held_discussion(usage, typed)
    stored = usage.discussion(number)
    assert stored is not None and stored.actions == typed[:MAX_ACTIONS]
    assert stored.actions.startswith("<!channel> *check* & review")


@pytest.mark.parametrize(("typed", "kept"), [("  ", None), ("", None), (None, None), (" a ", "a")])
def test_empty_actions_are_kept_as_none(typed: str | None, kept: str | None) -> None:
    assert cap_actions(typed) == kept


@pytest.mark.parametrize(
    ("held", "problem"),
    [
        ({"held_on": TODAY + timedelta(days=2)}, "future"),
        ({"people": 0}, "between 1 and 500"),
        ({"people": 501}, "between 1 and 500"),
    ],
)
def test_a_record_that_cannot_be_right_is_refused(
    usage: Usage, held: dict[str, object], problem: str
) -> None:
    with pytest.raises(UsageError, match=problem):
        held_discussion(usage, **held)
    assert usage.held() == []


def test_marking_an_unknown_discussion_held_is_refused(usage: Usage) -> None:
    with pytest.raises(UsageError, match="isn't in the record"):
        usage.record_held(404, held_on=TODAY, pack_format="group", people=3)


def test_only_one_of_two_presses_moves_the_discussion_on(usage: Usage) -> None:
    number = usage.start_discussion("case", "case-z", "C000TEAM", "group", ["a", "b"])
    assert usage.move_on(number, 0, 1)
    assert not usage.move_on(number, 0, 1)
    assert usage.move_on(number, 1, 2)
    found = usage.discussion(number)
    assert found is not None and found.asked == 2


def test_a_discussion_that_could_not_be_posted_is_forgotten_unless_held(usage: Usage) -> None:
    unposted = usage.start_discussion("case", "case-z", "C000TEAM", "group", [])
    usage.cancel_discussion(unposted)
    assert usage.discussion(unposted) is None
    held = held_discussion(usage)
    usage.cancel_discussion(held)
    assert usage.discussion(held) is not None


# --- Weekly prompts ---------------------------------------------------------------------------


def test_weekly_prompts_come_from_the_schedulers_record(usage: Usage, store: Database) -> None:
    post_digest(store, "disguised-compliance", datetime(2025, 3, 10, 9, 30, tzinfo=UTC))
    post_digest(store, "disguised-compliance", datetime(2025, 4, 7, 9, 30, tzinfo=UTC))
    prompts = {(r.month, r.item): r.weekly_prompts for r in usage.rows()}
    assert prompts == {
        ("2025-03", "disguised-compliance"): 1,
        ("2025-04", "disguised-compliance"): 1,
    }


def test_without_a_weekly_prompt_record_there_are_no_prompts_to_report(usage: Usage) -> None:
    usage.count_lookup("case", "case-z")
    assert [r.weekly_prompts for r in usage.rows()] == [0]


# --- The report --------------------------------------------------------------------------------


def filled(usage: Usage, store: Database, clock: Clock) -> None:
    clock.day = date(2025, 2, 20)
    usage.count_lookup("theme", "disguised-compliance")
    clock.day = TODAY
    usage.count_lookup("theme", "disguised-compliance")
    usage.count_lookup("case", "case-z")
    post_digest(store, "disguised-compliance", datetime(2025, 3, 10, 9, 30, tzinfo=UTC))
    held_discussion(usage, "<!channel> | share the leaflet", people=7)
    number = usage.start_discussion("case", "case-z", "D000LEAD", "supervision", ["case-z-q1"])
    usage.record_held(number, held_on=date(2025, 3, 12), pack_format="supervision", people=2)


def test_the_markdown_report_has_a_table_by_theme_and_month(
    usage: Usage, store: Database, clock: Clock
) -> None:
    filled(usage, store, clock)
    report = usage.report(fmt="md", titles=TITLES)
    assert "## February 2025" in report and "## March 2025" in report
    assert (
        "| Disguised compliance | 1 | 1 | 1 | 1 | 7 | group session or team meeting x1 |" in report
    )
    assert "| Case Z | 1 | 0 | 1 | 1 | 2 | one-to-one supervision x1 |" in report
    assert "| **Total** | 2 | 1 | 2 | 2 | 9 | |" in report
    assert "never who asked or what they typed" in report


def test_the_markdown_report_escapes_typed_actions(
    usage: Usage, store: Database, clock: Clock
) -> None:
    filled(usage, store, clock)
    report = usage.report(fmt="md", titles=TITLES)
    assert "Agreed actions: &lt;!channel&gt; \\| share the leaflet" in report
    assert "<!channel>" not in report


def test_the_report_since_a_date_leaves_out_what_came_before(
    usage: Usage, store: Database, clock: Clock
) -> None:
    filled(usage, store, clock)
    rows = usage.rows(since=date(2025, 3, 13))
    assert {r.month for r in rows} == {"2025-03"}
    by_item = {r.item: r for r in rows}
    # Lookups count by month, so March counts whole; the prompt (10th) and the
    # supervision (12th) came before the 13th.
    assert by_item["case-z"].lookups == 1 and by_item["case-z"].discussions_held == 0
    assert by_item["disguised-compliance"].weekly_prompts == 0
    assert by_item["disguised-compliance"].discussions_held == 1


def test_the_csv_report_is_one_line_per_theme_or_case_and_month(
    usage: Usage, store: Database, clock: Clock
) -> None:
    filled(usage, store, clock)
    rows = list(csv.reader(io.StringIO(usage.report(fmt="csv", titles=TITLES))))
    assert tuple(rows[0]) == CSV_COLUMNS
    march = [r for r in rows[1:] if r[0] == "2025-03" and r[2] == "disguised-compliance"][0]
    assert march[3:10] == [
        "Disguised compliance",
        "1",
        "1",
        "1",
        "1",
        "7",
        "group session or team meeting x1",
    ]
    assert march[10] == "2025-03-14: <!channel> | share the leaflet"


def test_the_csv_report_keeps_a_cell_that_looks_like_a_formula_as_text(usage: Usage) -> None:
    usage.count_lookup("case", "case-z")
    rows = list(csv.reader(io.StringIO(usage.report(fmt="csv", titles={"case:case-z": "=1+1"}))))
    assert rows[1][3] == "'=1+1"


def test_an_empty_report_says_nothing_has_been_recorded(usage: Usage) -> None:
    assert "Nothing has been recorded in this period yet." in usage.report(fmt="md")
    assert usage.report(fmt="csv").strip() == ",".join(CSV_COLUMNS)


def test_an_unknown_report_format_is_refused(usage: Usage) -> None:
    with pytest.raises(UsageError, match="csv or md"):
        usage.report(fmt="xlsx")


# --- scrbot report ---------------------------------------------------------------------------


def test_scrbot_report_prints_the_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state.sqlite3"
    usage = Usage(open_database(state))
    number = usage.start_discussion("case", "case-z", "C000TEAM", "group", ["case-z-q1"])
    usage.record_held(number, held_on=usage.today(), pack_format="group", people=5, actions="Plan")
    assert main(["report", "--state", str(state), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][2:4] == ["case-z", "Case Z"]
    assert rows[1][7:9] == ["1", "5"]


def test_scrbot_report_without_a_state_file_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    assert main(["report", "--state", str(missing)]) == 0
    captured = capsys.readouterr()
    assert "Nothing has been recorded" in captured.out
    assert "no state file" in captured.err
    assert not missing.exists()


def test_scrbot_report_with_a_bad_date_says_how_to_write_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", "--since", "14/03/2025"])
    assert exited.value.code == 2
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err


def test_scrbot_report_on_a_damaged_state_file_says_so_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "state.sqlite3"
    damaged.write_bytes(b"this is not a database file " * 40)
    assert main(["report", "--state", str(damaged)]) == 1  # as records purge: the work failed
    err = capsys.readouterr().err
    assert "cannot be used" in err and "Traceback" not in err


def test_a_date_one_day_ahead_of_utc_is_accepted_for_time_zones_east_of_it(usage: Usage) -> None:
    number = held_discussion(usage, held_on=TODAY + timedelta(days=1))
    found = usage.discussion(number)
    assert found is not None and found.held_on == TODAY + timedelta(days=1)


def test_the_bot_keeps_one_record_of_use_per_state_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.records import usage_for
    from index.settings import Settings

    monkeypatch.chdir(tmp_path)
    spellings = [Path("kept.sqlite3"), Path("var/../kept.sqlite3"), tmp_path / "kept.sqlite3"]
    found = {id(usage_for(Settings(state_path=path))) for path in spellings * 2}
    assert len(found) == 1
    assert (tmp_path / "kept.sqlite3").exists()
