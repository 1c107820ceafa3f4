"""Fault tests: the weekly prompt posted exactly once while Slack rate-limits, fails
and times out, and when the process is killed mid-post; a damaged or missing
search index rebuilt at start. Bounded in time; marker ``load``."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.digest.poster import DigestPoster
from bot.digest.service import digest_client, digest_config
from index.setting_file import load_settings
from index.storage.digest import DigestState
from scheduler.runner import DigestRunner
from tests.fakes.credentials import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.scheduler_support import FakeClock
from tests.scrbot_process import ScrbotProcess
from tests.slack.conftest import slack_env
from tests.storage_support import open_database

pytestmark = pytest.mark.load

DIGEST = "C000DIGEST"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def digest_config_file(folder: Path, due: datetime) -> Path:
    """A config whose one digest channel had a slot due at ``due`` (UTC, whole minutes)."""
    config = folder / "scrbot.yaml"
    config.write_text(
        "command: /scr\n"
        "digest:\n"
        "  channels:\n"
        f"    - channel: {DIGEST}\n"
        f"      day: {DAYS[due.weekday()]}\n"
        f'      time: "{due:%H:%M}"\n'
        "      timezone: UTC\n",
        encoding="utf-8",
    )
    return config


def top_level(fake: FakeSlackAPI) -> list[dict[str, Any]]:
    return [m for m in fake.messages(DIGEST) if m.get("thread_ts", m["ts"]) == m["ts"]]


def thread_replies(fake: FakeSlackAPI, parent: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in fake.messages(DIGEST) if m.get("thread_ts") == parent["ts"] != m["ts"]]


# -- the Web API failing in every way while the prompt goes out ----------------------


def test_the_prompt_goes_out_once_through_rate_limits_server_errors_and_a_timeout(
    fake_slack: FakeSlackAPI, tmp_path: Path, index_dir: Path, search_engine: Any
) -> None:
    slot = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # a Monday
    settings = load_settings(
        digest_config_file(tmp_path, slot), env=slack_env(fake_slack, tmp_path, index_dir)
    )
    clock = FakeClock(slot - timedelta(days=3))

    def sleep(seconds: float) -> None:
        # Waiting between attempts takes real time (so Slack's late answer lands
        # while the runner waits, as it would) and moves the runner's clock.
        clock.advance(seconds)
        time.sleep(seconds)

    def runner(name: str) -> DigestRunner:
        client = digest_client(settings)
        client.timeout = 0.4  # the delayed answer below comes after this
        poster = DigestPoster(client, admins=settings.admins)
        return DigestRunner(
            open_database(settings.state_path),
            digest_config(settings, search_engine.knowledge),
            search_engine.knowledge,
            post=poster.post,
            find_existing=poster.find_existing,
            clock=clock,
            notify_admins=poster.notify_admins,
            sleep=sleep,
            owner=name,
            # Longer than Slack's late answer below takes to land, as the real
            # backoff (15 s and up) is longer than Slack ever takes.
            backoff=(1.0,),
        )

    first, second = runner("replica-1"), runner("replica-2")
    first.run_due(), second.run_due()  # both set up before the slot
    fake_slack.rate_limit("chat.postMessage", retry_after=1)
    fake_slack.fail_with_status("chat.postMessage", 500)
    fake_slack.fail_with_status("chat.postMessage", 503)
    # Slack posts this one, but answers only after the client has given up.
    fake_slack.delay("chat.postMessage", 0.8)
    fake_slack.rate_limit("conversations.history", retry_after=1)
    clock.set(slot)

    outcomes: list[Any] = []
    threads = [
        threading.Thread(target=lambda r=r: outcomes.extend(r.run_due())) for r in (first, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=40)

    # One runner posts; the other finds the slot claimed (or, coming second, not due).
    assert [o.status for o in outcomes if o.status != "already"] == ["posted"]
    (post,) = top_level(fake_slack)
    assert len(thread_replies(fake_slack, post)) == 1  # its question, once
    statuses = [call.status for call in fake_slack.calls_to("chat.postMessage")]
    assert statuses[:3] == [429, 500, 503]
    record = DigestState(open_database(settings.state_path)).get(DIGEST, "2026-11-23T09:30")
    assert record is not None and (record.status, record.ts) == ("posted", post["ts"])


# -- killed mid-post -------------------------------------------------------------------


def test_a_scheduler_killed_while_posting_leaves_exactly_one_post_after_restart(
    fake_slack: FakeSlackAPI, tmp_path: Path, index_dir: Path
) -> None:
    now = datetime.now(UTC)
    due = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    config = digest_config_file(tmp_path, due)
    env = {**slack_env(fake_slack, tmp_path, index_dir), "SCRBOT_CONFIG": str(config)}
    state_path = Path(env["SCRBOT_STATE"])
    state = DigestState(open_database(state_path))
    state.first_seen(DIGEST, now - timedelta(hours=1))  # the scheduler ran before the slot
    state.database.close()
    fake_slack.delay("chat.postMessage", 3.0)  # the post is in flight for 3 s

    first = ScrbotProcess.start(["scheduler"], env, cwd=tmp_path)
    deadline = time.monotonic() + 30
    while not fake_slack.calls_to("chat.postMessage"):
        assert time.monotonic() < deadline, f"nothing was posted:\n{first.output}"
        assert first.process.poll() is None, first.output
        time.sleep(0.02)
    first.kill()  # SIGKILL while Slack is still taking the post

    # Slack finishes the post it was given, though nobody hears the answer.
    deadline = time.monotonic() + 10
    while not top_level(fake_slack):
        assert time.monotonic() < deadline, "the fake never finished the post"
        time.sleep(0.05)
    with sqlite3.connect(state_path) as db:
        (status,) = db.execute("SELECT status FROM digest_slots").fetchone()
        assert status == "claimed"  # the killed process never recorded it
        # Five minutes on, the killed process's claim has lapsed.
        db.execute("UPDATE digest_slots SET lease_until = '2000-01-01T00:00:00.000000Z'")

    second = ScrbotProcess.start(["scheduler"], env, cwd=tmp_path)
    try:
        second.wait_for(r"found in the channel after a restart")
    finally:
        output = second.stop()

    (post,) = top_level(fake_slack)
    assert len(fake_slack.calls_to("conversations.history")) >= 1
    assert len(thread_replies(fake_slack, post)) == 1  # the question, added on restart
    with sqlite3.connect(state_path) as db:
        (status, ts) = db.execute("SELECT status, ts FROM digest_slots").fetchone()
    assert (status, ts) == ("posted", post["ts"])
    assert "Traceback" not in output


# -- a damaged or missing index at start --------------------------------------------


def _build_index(folder: Path) -> Path:
    from index.engine import LookupEngine

    engine = LookupEngine.open(index_dir=folder)
    path = engine.index_path
    engine.close()
    return path


def no_index(folder: Path) -> str:
    return "there is no index"


def garbage_in_the_index(folder: Path) -> str:
    build = _build_index(folder)
    for segment in build.glob("*.seg"):
        segment.write_bytes(b"\x00 not an index any more " * 64)
    for toc in build.glob("*.toc"):
        toc.write_bytes(b"damaged")
    return "cannot be read"


def damaged_pointer(folder: Path) -> str:
    _build_index(folder)
    (folder / "CURRENT").write_text("../../etc\n", encoding="utf-8")
    return "is damaged"


def build_folder_removed(folder: Path) -> str:
    import shutil

    shutil.rmtree(_build_index(folder))
    return "missing or incomplete"


@pytest.mark.parametrize(
    "damage", [no_index, garbage_in_the_index, damaged_pointer, build_folder_removed]
)
def test_a_damaged_or_missing_index_is_rebuilt_at_start_and_the_log_says_so(
    fake_slack: FakeSlackAPI, tmp_path: Path, damage: Any
) -> None:
    index = tmp_path / "index"
    why = damage(index)
    env = slack_env(fake_slack, tmp_path, index)
    env["SCRBOT_INDEX_DIR"] = str(index)
    bot = ScrbotProcess.start(
        ["serve", "--http", "--host", "127.0.0.1", "--port", "0"], env, cwd=tmp_path
    )
    try:
        port = int(bot.wait_for(r"Listening on http://[\d.]+:(\d+)/slack/events"))
        rebuilt = bot.wait_for(r"Building the search index: .*")
        bot.wait_for(r"Ready: answering Slack")
        client = SignedSlackClient(f"http://127.0.0.1:{port}", SIGNING_SECRET, fake_api=fake_slack)
        answer = client.slash_command("disguised compliance")
        client.close()
    finally:
        output = bot.stop()
    assert why in rebuilt
    assert answer.status == 200 and "theme:disguised-compliance" in answer.text
    assert "Traceback" not in output
