"""The runner: one post per slot whatever happens — restarts, crashes, outages,
a second scheduler, Slack being busy or refusing."""

from __future__ import annotations

import logging
import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from index.digest_config import ChannelSchedule
from index.storage.digest import DigestState
from index.storage.digest_records import CLAIMED, FAILED, MISSED, PAUSED, POSTED, SKIPPED
from scheduler.errors import PermanentPostError, TransientPostError
from scheduler.runner import DEFAULT_LEASE
from scheduler.status import channel_status
from tests.scheduler_support import (
    CHANNEL,
    THEMES,
    Admins,
    FakeChannels,
    FakeClock,
    make_config,
    make_runner,
)
from tests.storage_support import open_database, query

#: Monday 23 November 2026, 09:30 in London (GMT), and the weeks after it.
SLOT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
FRIDAY_BEFORE = SLOT - timedelta(days=3)


def week(n: int) -> datetime:
    return SLOT + timedelta(weeks=n)


class Crash(BaseException):
    """Stands for the process dying: nothing in the runner catches it."""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "scrbot.sqlite3"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(FRIDAY_BEFORE)


@pytest.fixture
def channels() -> FakeChannels:
    return FakeChannels()


def started(path: Path, clock: FakeClock, channels: FakeChannels, **kwargs):
    """A runner that has run once already (so the bot was set up before the slot)."""
    runner = make_runner(path, clock, channels, **kwargs)
    runner.run_due()
    return runner


def status_of(path: Path, slot_time: datetime) -> str:
    key = slot_time.strftime("%Y-%m-%dT09:30")
    record = DigestState(open_database(path)).get(CHANNEL, key)
    return record.status if record else "none"


# -- on time, and across restarts ---------------------------------------------


def test_the_slot_is_posted_once_on_time_and_not_again_after_a_restart(path, clock, channels):
    runner = started(path, clock, channels)
    clock.set(SLOT)
    (outcome,) = runner.run_due()
    assert outcome.status == POSTED and outcome.ts == "1700000000.000001"
    assert runner.run_due() == []  # the check a minute later finds nothing to do
    clock.advance(60)
    restarted = make_runner(path, clock, channels)
    assert restarted.catch_up_on_start() == []
    assert restarted.run_due() == []
    assert len(channels.posts) == 1
    assert status_of(path, SLOT) == POSTED


def test_the_rotation_carries_on_after_a_restart(path, clock, channels):
    runner = started(path, clock, channels)
    for n in range(3):
        clock.set(week(n))
        runner.run_due()
    restarted = make_runner(path, clock, channels)
    for n in range(3, len(THEMES)):
        clock.set(week(n))
        restarted.run_due()
    themes = [post.theme_id for _, post, _ in channels.posts]
    assert sorted(themes) == sorted(THEMES)


def test_a_post_names_its_week_theme_example_and_question(path, clock, channels):
    runner = started(path, clock, channels)
    clock.set(SLOT)
    runner.run_due()
    (post,) = channels.in_channel(CHANNEL)
    assert post.slot_id == f"{CHANNEL}/2026-11-23T09:30"
    assert post.week_of.isoformat() == "2026-11-23"
    assert post.example.case_title in {"Case A", "Case B", "Case C"} or post.example.case_id is None
    assert len(post.practice_points) == 3
    assert post.question and post.question.endswith("?")
    # Two sentences of the summary; the third is left for *Read more*.
    assert post.summary.count(".") == 2


# -- catching up after the bot was down ------------------------------------------------


def test_down_at_the_slot_and_back_within_the_grace_period_posts_on_start(path, clock, channels):
    started(path, clock, channels)
    clock.set(SLOT + timedelta(hours=5, minutes=30))
    (outcome,) = make_runner(path, clock, channels).catch_up_on_start()
    assert outcome.status == POSTED
    assert len(channels.posts) == 1


def test_back_after_the_grace_period_records_the_slot_as_missed(path, clock, channels, caplog):
    started(path, clock, channels)
    clock.set(SLOT + timedelta(hours=12, minutes=1))
    with caplog.at_level(logging.WARNING, logger="scheduler.runner"):
        runner = make_runner(path, clock, channels)
        (outcome,) = runner.catch_up_on_start()
    assert outcome.status == MISSED
    assert channels.posts == []
    assert status_of(path, SLOT) == MISSED
    assert (
        "Missed the weekly prompt for Monday 23 November 2026, 09:30 (Europe/London)" in caplog.text
    )
    (problem,) = channel_status(runner, CHANNEL).problems
    assert problem.status == MISSED and "more than 12 hours" in problem.why


def test_a_long_outage_posts_only_the_latest_slot_and_records_the_others_missed(
    path, clock, channels
):
    started(path, clock, channels)
    clock.set(week(3) + timedelta(minutes=20))
    outcomes = make_runner(path, clock, channels).catch_up_on_start()
    assert [o.status for o in outcomes] == [MISSED, MISSED, MISSED, POSTED]
    assert len(channels.posts) == 1
    assert channels.posts[0][1].week_of.isoformat() == "2026-12-14"


def test_slots_before_the_bot_was_first_set_up_are_neither_posted_nor_missed(path, clock, channels):
    clock.set(SLOT + timedelta(minutes=30))
    runner = make_runner(path, clock, channels)
    assert runner.catch_up_on_start() == []
    assert runner.upcoming(CHANNEL).at == week(1)
    clock.set(week(1))
    assert [o.status for o in runner.run_due()] == [POSTED]


# -- a crash between claim and confirmed post --------------------------------------------


def crash_after_posting(channels: FakeChannels):
    def post(channel, digest_post):
        channels.post(channel, digest_post)
        raise Crash("the process died before it could record the post")

    return post


def crash_before_posting(channel, digest_post):
    raise Crash("the process died before posting")


def run_slot_and_crash(path, clock, channels, post) -> None:
    """Set up before the slot, then run it with ``post`` making the process die."""
    started(path, clock, channels)
    clock.set(SLOT)
    with pytest.raises(Crash):
        make_runner(path, clock, channels, post=post).run_due()


def test_a_crash_after_posting_is_resolved_from_the_channel_without_a_second_post(
    path, clock, channels
):
    run_slot_and_crash(path, clock, channels, crash_after_posting(channels))
    assert status_of(path, SLOT) == CLAIMED
    # Restarted before the claim's lease ran out: the claim might still be live.
    clock.advance(60)
    restarted = make_runner(path, clock, channels)
    assert restarted.catch_up_on_start() == []
    assert channels.finds == []
    # Once the lease has run out, the channel is checked instead of guessing.
    clock.advance(DEFAULT_LEASE)
    (outcome,) = restarted.run_due()
    assert (outcome.status, outcome.detail) == (POSTED, "found in the channel after a restart")
    assert channels.finds == [(CHANNEL, f"{CHANNEL}/2026-11-23T09:30")]
    assert len(channels.posts) == 1
    assert status_of(path, SLOT) == POSTED


def test_a_crash_before_posting_is_posted_once_on_restart(path, clock, channels):
    run_slot_and_crash(path, clock, channels, crash_before_posting)
    clock.advance(DEFAULT_LEASE + timedelta(minutes=1))
    (outcome,) = make_runner(path, clock, channels).catch_up_on_start()
    assert outcome.status == POSTED
    assert len(channels.posts) == 1
    assert channels.finds == [(CHANNEL, f"{CHANNEL}/2026-11-23T09:30")]


def test_a_crash_before_posting_and_a_restart_after_the_grace_period_is_missed(
    path, clock, channels
):
    run_slot_and_crash(path, clock, channels, crash_before_posting)
    clock.set(SLOT + timedelta(hours=13))
    (outcome,) = make_runner(path, clock, channels).catch_up_on_start()
    assert outcome.status == MISSED
    assert channels.posts == []


# -- Slack busy, failing or refusing ----------------------------------------------------------


def test_rate_limits_and_server_errors_are_retried_with_backoff_and_posted_once(
    path, clock, channels
):
    runner = started(path, clock, channels)
    clock.set(SLOT)
    channels.failures = [
        TransientPostError("ratelimited", retry_after=45, maybe_posted=False),
        TransientPostError("http_500"),
    ]
    (outcome,) = runner.run_due()
    assert outcome.status == POSTED
    assert len(channels.posts) == 1
    # 45 s (Slack's Retry-After, longer than the first backoff), then the 30 s backoff.
    assert clock() == SLOT + timedelta(seconds=45 + 30)
    # After a 500 the message might have gone out, so the channel was checked first.
    assert channels.finds == [(CHANNEL, f"{CHANNEL}/2026-11-23T09:30")]
    assert runner.state.get(CHANNEL, "2026-11-23T09:30").attempts == 3


def test_a_timeout_after_slack_posted_is_not_posted_again(path, clock, channels):
    runner = started(path, clock, channels)
    clock.set(SLOT)
    channels.failures = [("posted", TransientPostError("timeout"))]
    (outcome,) = runner.run_due()
    assert (outcome.status, outcome.detail) == (POSTED, "found in the channel")
    assert len(channels.posts) == 1


def test_slack_failing_all_through_the_grace_period_is_recorded_and_the_admins_told(
    path, clock, channels
):
    admins = Admins()
    runner = started(path, clock, channels, admins=admins)
    clock.set(SLOT)
    channels.failures = [TransientPostError("http_503", maybe_posted=False)] * 100
    (outcome,) = runner.run_due()
    assert outcome.status == FAILED
    assert clock() <= SLOT + timedelta(hours=12)
    assert channels.posts == []
    (problem,) = admins.told
    assert (problem.channel, problem.code) == (CHANNEL, "http_503")


@pytest.mark.parametrize("code", ["not_in_channel", "channel_not_found"])
def test_a_channel_the_bot_cannot_post_in_is_not_retried_and_the_admins_are_told(
    path, clock, channels, code
):
    admins = Admins()
    runner = started(path, clock, channels, admins=admins)
    clock.set(SLOT)
    channels.failures = [PermanentPostError(code, "fix it by inviting the bot")]
    (outcome,) = runner.run_due()
    assert outcome.status == FAILED
    clock.advance(timedelta(minutes=5))
    assert runner.run_due() == []  # the next check does not try again
    assert len(admins.told) == 1 and admins.told[0].code == code
    (problem,) = channel_status(runner, CHANNEL).problems
    assert (problem.status, problem.code) == (FAILED, code)
    # Next week is tried afresh (once), in case someone has fixed it.
    clock.set(week(1))
    assert [o.status for o in runner.run_due()] == [POSTED]


def test_a_failure_telling_the_admins_does_not_stop_the_scheduler(path, clock, channels):
    def broken_notify(problem):
        raise RuntimeError("the DM could not be sent")

    runner = started(path, clock, channels, admins=broken_notify)
    clock.set(SLOT)
    channels.failures = [PermanentPostError("not_in_channel")]
    (outcome,) = runner.run_due()
    assert outcome.status == FAILED


def test_an_unexpected_error_in_the_post_function_is_recorded_not_raised(path, clock, channels):
    admins = Admins()
    runner = started(path, clock, channels, admins=admins)
    clock.set(SLOT)
    channels.failures = [ValueError("a bug while rendering")]
    (outcome,) = runner.run_due()
    assert outcome.status == FAILED
    assert admins.told[0].code == "unexpected_error"


# -- admins: pause, skip, pin, post by hand ----------------------------------------------------


def test_moving_the_day_after_this_weeks_post_does_not_post_twice_that_week(path, clock, channels):
    runner = started(path, clock, channels)
    clock.set(SLOT)
    runner.run_due()
    wednesday = make_config(ChannelSchedule(CHANNEL, day=2))
    moved = make_runner(path, clock, channels, config=wednesday)
    clock.set(SLOT + timedelta(days=2))
    assert [o.status for o in moved.run_due()] == [SKIPPED]
    clock.set(SLOT + timedelta(days=9))
    assert [o.status for o in moved.run_due()] == [POSTED]
    assert len(channels.posts) == 2


def test_a_paused_channel_gets_nothing_until_resumed(path, clock, channels):
    runner = started(path, clock, channels)
    assert runner.pause(CHANNEL, by="U000ADMIN")
    clock.set(SLOT)
    assert [o.status for o in runner.run_due()] == [PAUSED]
    assert runner.resume(CHANNEL)
    clock.set(week(1))
    assert [o.status for o in runner.run_due()] == [POSTED]
    assert len(channels.posts) == 1


def test_a_skipped_week_is_not_posted_and_the_rotation_does_not_lose_a_theme(path, clock, channels):
    runner = started(path, clock, channels)
    next_theme = runner.preview(CHANNEL).theme_id
    slot, changed = runner.skip(CHANNEL, by="U000ADMIN")
    assert changed and slot.at == SLOT
    clock.set(SLOT)
    assert [o.status for o in runner.run_due()] == [SKIPPED]
    clock.set(week(1))
    runner.run_due()
    assert channels.posts[0][1].theme_id == next_theme


def test_a_pinned_theme_is_posted_in_its_week(path, clock, channels):
    runner = started(path, clock, channels)
    runner.pin(CHANNEL, "reflection", by="U000ADMIN")
    assert runner.preview(CHANNEL).theme_id == "reflection"
    clock.set(SLOT)
    runner.run_due()
    (post,) = channels.in_channel(CHANNEL)
    assert (post.theme_id, post.pinned) == ("reflection", True)
    assert post.example.source_title == "The Example Briefing (fictional)"


def test_a_pin_made_after_a_skip_goes_to_the_first_week_not_skipped(path, clock, channels):
    runner = started(path, clock, channels)
    runner.skip(CHANNEL, by="U000ADMIN")
    assert runner.pin(CHANNEL, "planning", by="U000ADMIN") == week(1).date()
    clock.set(week(1))
    runner.run_due()
    assert channels.posts[0][1].theme_id == "planning"


def test_posting_by_hand_takes_this_weeks_slot(path, clock, channels):
    runner = started(path, clock, channels)
    clock.set(SLOT - timedelta(hours=2))  # early on Monday, before the scheduled time
    assert runner.post_now(CHANNEL).status == POSTED
    again = runner.post_now(CHANNEL)
    assert again.status == "already" and "already posted" in again.detail
    clock.set(SLOT)
    assert runner.run_due() == []
    assert len(channels.posts) == 1
    forced = runner.post_now(CHANNEL, force=True)
    assert forced.status == POSTED and "/manual-" in forced.slot_id
    assert len(channels.posts) == 2
    assert channels.posts[0][1].theme_id != channels.posts[1][1].theme_id


def test_posting_by_hand_after_a_missed_slot_posts_it(path, clock, channels):
    runner = started(path, clock, channels)
    clock.set(SLOT + timedelta(hours=13))
    assert [o.status for o in runner.run_due()] == [MISSED]
    assert runner.post_now(CHANNEL).status == POSTED
    assert status_of(path, SLOT) == POSTED


def test_a_preview_claims_nothing(path, clock, channels):
    runner = started(path, clock, channels)
    first = runner.preview(CHANNEL)
    assert runner.preview(CHANNEL) == first
    assert query(open_database(path), "SELECT COUNT(*) AS n FROM digest_slots")[0]["n"] == 0


# -- two scheduler processes on one state file ------------------------------------------------

WEEKS = 12


def scheduler_process(path: str, record: str, barrier) -> None:
    """A whole scheduler in a child process: the same 12 weekly runs as its twin."""
    clock = FakeClock(FRIDAY_BEFORE)

    def post(channel, digest_post):
        # One line per post in a file both processes append to.
        with open(record, "a", encoding="utf-8") as out:
            out.write(f"{digest_post.slot_id} {digest_post.theme_id}\n")
        return "1700000000.000001"

    runner = make_runner(Path(path), clock, FakeChannels(), post=post)
    runner.run_due()
    for n in range(WEEKS):
        clock.set(week(n))
        barrier.wait(timeout=30)
        runner.run_due()


def test_two_scheduler_processes_on_one_state_file_post_each_slot_once(path, tmp_path):
    record = tmp_path / "posts.txt"
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    make_runner(path, FakeClock(FRIDAY_BEFORE), FakeChannels())  # create the file first
    workers = [
        context.Process(target=scheduler_process, args=(str(path), str(record), barrier))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    lines = record.read_text(encoding="utf-8").splitlines()
    slots = [line.split()[0] for line in lines]
    assert len(slots) == WEEKS and len(set(slots)) == WEEKS
    first_round = [line.split()[1] for line in lines[: len(THEMES)]]
    assert sorted(first_round) == sorted(THEMES)


def test_the_database_going_away_is_one_clear_line_per_channel_and_nothing_is_lost(
    postgres_server, clock, channels, caplog
):
    """PostgreSQL refusing connections while the prompt is due (a failover, a
    restart): each channel says so in one line with what to check, no traceback,
    and the prompt goes out once the database is back."""
    import psycopg

    from index.storage.database import Database
    from scheduler.runner import DigestRunner
    from tests.scheduler_support import fictional_knowledge
    from tests.storage_support import fresh_postgres_database

    schedules = (ChannelSchedule("C000FIRST"), ChannelSchedule("C00SECOND"))
    with fresh_postgres_database(postgres_server) as url:
        name = url.rpartition("/")[2]
        runner = DigestRunner(
            Database.open(url),
            make_config(*schedules),
            fictional_knowledge(),
            post=channels.post,
            find_existing=channels.find,
            clock=clock,
            sleep=clock.advance,
        )
        runner.run_due()  # set up before the slot

        def allow_connections(allow: bool) -> None:
            with psycopg.connect(postgres_server, autocommit=True) as admin:
                admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {allow}')
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (name,),
                )

        allow_connections(False)
        clock.set(SLOT + timedelta(minutes=1))
        with caplog.at_level(logging.INFO, logger="scheduler.runner"):
            assert runner.run_due() == []
        said = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert [r.exc_info for r in said] == [None, None]
        assert "Traceback" not in caplog.text
        for record, schedule in zip(said, schedules, strict=True):
            line = record.getMessage()
            assert "\n" not in line
            assert line.startswith(f"The weekly prompt for {schedule.channel} could not be")
            assert "Check database_url" in line and "tried again at the next check" in line
        assert channels.posts == []

        allow_connections(True)
        clock.advance(timedelta(minutes=5))
        assert [o.status for o in runner.run_due()] == [POSTED, POSTED]
        assert [c for c, _, _ in channels.posts] == ["C000FIRST", "C00SECOND"]
