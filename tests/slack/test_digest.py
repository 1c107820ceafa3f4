"""The weekly learning prompt against the fake Slack Web API on loopback: posted
once per slot across restarts and crashes, retried when Slack is busy, and the
admins told when the bot cannot post. Admin commands go through the real app."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_app
from bot.blocks.digest import digest_message, digest_metadata
from bot.cli import main
from bot.digest.poster import DigestPoster
from bot.digest.service import DigestService, build_runner, digest_client, digest_config
from bot.messages.digest import DIGEST_POINTS, DIGEST_STATUS_NO_HISTORY, DIGEST_STATUS_TITLE
from index.setting_file import load_settings
from index.storage.digest import DigestState
from scheduler.runner import DEFAULT_LEASE, UNCONFIRMED, DigestRunner
from scheduler.slots import week_slot
from tests.fakes import payloads
from tests.fakes.block_kit import check_blocks
from tests.fakes.slack_api import FakeSlackAPI
from tests.scheduler_support import FakeClock
from tests.slack.conftest import mention, serving, signed_client, slack_env
from tests.storage_support import open_database

DIGEST = "C000DIGEST"
#: Monday 23 November 2026, 09:30 in London.
SLOT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
SLOT_ID = f"{DIGEST}/2026-11-23T09:30"
ADMIN_DM = "D000ADMIN"


class Crash(BaseException):
    """Stands for the process dying mid-post: nothing in the runner catches it."""


def write_config(tmp_path: Path, channel: str = DIGEST, extra: str = "") -> Path:
    config = tmp_path / "scrbot.yaml"
    config.write_text(
        "command: /scr\n"
        "digest:\n"
        "  channels:\n"
        f"    - channel: {channel}\n"
        "      day: monday\n"
        '      time: "09:30"\n'
        "      timezone: Europe/London\n" + extra,
        encoding="utf-8",
    )
    return config


@pytest.fixture
def bot_settings(fake_slack: FakeSlackAPI, tmp_path: Path, index_dir: Path) -> Any:
    """Settings with a digest channel; the app fixtures of conftest use these."""
    (tmp_path / "state").mkdir(exist_ok=True)
    return load_settings(write_config(tmp_path), env=slack_env(fake_slack, tmp_path, index_dir))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(SLOT - timedelta(days=3))


def runner_for(
    settings: Any,
    knowledge: Any,
    clock: FakeClock,
    *,
    client: Any = None,
    post: Any = None,
    sleep: Any = None,
) -> Any:
    """A runner posting to the fake Slack, set up before the slot as a deployed bot
    would be; waiting between retries moves the clock. ``post`` wraps the bot's
    posting function (to make the process "die" part-way)."""
    if post is None and sleep is None:
        runner = build_runner(settings, knowledge, client=client, clock=clock, sleep=clock.advance)
    else:
        poster = DigestPoster(client or digest_client(settings), admins=settings.admins)
        runner = DigestRunner(
            open_database(settings.state_path),
            digest_config(settings, knowledge),
            knowledge,
            post=post(poster.post) if post else poster.post,
            find_existing=poster.find_existing,
            clock=clock,
            notify_admins=poster.notify_admins,
            sleep=sleep or clock.advance,
        )
    runner.run_due()
    return runner


def post_then_die(posted: Any) -> Any:
    def post(channel: str, digest_post: Any) -> str:
        posted(channel, digest_post)
        raise Crash("the process died before recording the post")

    return post


def crash_then_restart(
    settings: Any, knowledge: Any, clock: FakeClock, post: Any
) -> tuple[Any, Any]:
    """Run the slot with ``post`` crashing part-way, then start again once the claim's
    lease has run out; the restarted runner and what its catch-up did."""
    runner = runner_for(settings, knowledge, clock, post=post)
    clock.set(SLOT)
    with pytest.raises(Crash):
        runner.run_due()
    clock.advance(DEFAULT_LEASE + timedelta(seconds=1))
    restarted = build_runner(settings, knowledge, clock=clock, sleep=clock.advance)
    (outcome,) = restarted.catch_up_on_start()
    return restarted, outcome


def top_level(fake: FakeSlackAPI, channel: str = DIGEST) -> list[dict[str, Any]]:
    return [m for m in fake.messages(channel) if m.get("thread_ts", m["ts"]) == m["ts"]]


def replies(fake: FakeSlackAPI, parent_ts: str, channel: str = DIGEST) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages(channel)
        if m.get("thread_ts") == parent_ts and m["ts"] != parent_ts
    ]


def shown(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


# -- posting, once per slot ------------------------------------------------------------


def test_the_prompt_is_posted_with_its_question_as_the_first_thread_reply(
    fake_slack: FakeSlackAPI, bot_settings: Any, search_engine: Any, clock: FakeClock
) -> None:
    runner = runner_for(bot_settings, search_engine.knowledge, clock)
    clock.set(SLOT)
    (outcome,) = runner.run_due()
    assert outcome.status == "posted"
    (post,) = top_level(fake_slack)
    assert post["ts"] == outcome.ts
    assert check_blocks(post["blocks"]) == []
    assert fake_slack.warnings == []  # every message had its text fallback
    header = post["blocks"][0]
    assert header["type"] == "header"
    assert header["text"]["text"].startswith("Learning from reviews — week of 23 November: ")
    assert header["block_id"] == f"scrbot-digest:{SLOT_ID}"
    assert post["metadata"]["event_payload"]["slot"] == SLOT_ID
    text = shown(post["blocks"])
    assert "Where it showed: Case" in text or "*From the " in text
    assert DIGEST_POINTS in text
    buttons = [e for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == [
        "Read more",
        "More questions",
        "Start a discussion",
    ]
    assert {b["action_id"] for b in buttons} == {"show", "more_questions", "discuss"}
    (question,) = replies(fake_slack, post["ts"])
    assert question["text"].startswith("This week's question: ")
    assert question["text"].endswith("?")


def test_one_post_per_slot_across_a_restart(
    fake_slack: FakeSlackAPI, bot_settings: Any, search_engine: Any, clock: FakeClock
) -> None:
    runner = runner_for(bot_settings, search_engine.knowledge, clock)
    clock.set(SLOT)
    runner.run_due()
    calls = len(fake_slack.calls_to("chat.postMessage"))
    clock.advance(timedelta(minutes=3))
    restarted = build_runner(
        bot_settings, search_engine.knowledge, clock=clock, sleep=clock.advance
    )
    assert restarted.catch_up_on_start() == []
    assert restarted.run_due() == []
    assert len(fake_slack.calls_to("chat.postMessage")) == calls
    assert len(top_level(fake_slack)) == 1
    # The next week goes out as usual, with the next theme in the rotation.
    clock.set(SLOT + timedelta(weeks=1))
    restarted.run_due()
    first, second = top_level(fake_slack)
    assert (
        first["metadata"]["event_payload"]["theme"] != second["metadata"]["event_payload"]["theme"]
    )


def test_a_crash_after_the_post_is_resolved_from_the_channel_history_without_a_duplicate(
    fake_slack: FakeSlackAPI, bot_settings: Any, search_engine: Any, clock: FakeClock
) -> None:
    restarted, outcome = crash_then_restart(
        bot_settings, search_engine.knowledge, clock, post_then_die
    )
    assert outcome.status == "posted"
    assert fake_slack.calls_to("conversations.history")
    (post,) = top_level(fake_slack)
    assert outcome.ts == post["ts"]
    assert len(replies(fake_slack, post["ts"])) == 1
    assert restarted.state.get(DIGEST, "2026-11-23T09:30").ts == post["ts"]


def test_a_crash_between_the_post_and_its_question_is_finished_on_restart(
    fake_slack: FakeSlackAPI, bot_settings: Any, search_engine: Any, clock: FakeClock
) -> None:
    client = digest_client(bot_settings)

    def post_parent_only(posted: Any) -> Any:
        def post(channel: str, digest_post: Any) -> str:
            shown_post = digest_message(digest_post)
            client.chat_postMessage(
                channel=channel,
                text=shown_post.text,
                blocks=shown_post.blocks,
                metadata=digest_metadata(digest_post),
            )
            raise Crash("died before the question went into the thread")

        return post

    restarted, outcome = crash_then_restart(
        bot_settings, search_engine.knowledge, clock, post_parent_only
    )
    assert outcome.status == "posted"
    (post,) = top_level(fake_slack)
    (question,) = replies(fake_slack, post["ts"])
    assert (
        question["text"] == f"This week's question: {post['metadata']['event_payload']['question']}"
    )
    # A second look (another restart) does not add the question twice.
    DigestPoster(client).find_existing(DIGEST, SLOT_ID, SLOT - timedelta(minutes=5))
    assert len(replies(fake_slack, post["ts"])) == 1


# -- Slack busy or failing ------------------------------------------------------------


def test_a_rate_limit_and_a_server_error_are_retried_and_posted_once(
    fake_slack: FakeSlackAPI, bot_settings: Any, search_engine: Any, clock: FakeClock
) -> None:
    runner = runner_for(bot_settings, search_engine.knowledge, clock)
    fake_slack.rate_limit("chat.postMessage", retry_after=20)
    fake_slack.fail_with_status("chat.postMessage", 500)
    clock.set(SLOT)
    (outcome,) = runner.run_due()
    assert outcome.status == "posted"
    statuses = [call.status for call in fake_slack.calls_to("chat.postMessage")]
    assert statuses == [
        429,
        500,
        200,
        200,
    ]  # the post twice refused, then the post and its question
    # After the 500 the channel was checked before posting again.
    assert len(fake_slack.calls_to("conversations.history")) == 1
    assert len(top_level(fake_slack)) == 1
    assert clock() == SLOT + timedelta(seconds=20 + 30)


def test_a_timeout_after_slack_posted_is_found_in_the_channel_not_posted_again(
    fake_slack: FakeSlackAPI, bot_settings: Any, search_engine: Any, clock: FakeClock
) -> None:
    client = digest_client(bot_settings)
    client.timeout = 1

    def wait(seconds: float) -> None:
        # The runner waits 15 s before looking; here, until the late answer is sent.
        clock.advance(seconds)
        fake_slack.wait_for("chat.postMessage")

    runner = runner_for(bot_settings, search_engine.knowledge, clock, client=client, sleep=wait)
    fake_slack.delay("chat.postMessage", 2.0)  # Slack posts, but the answer comes too late
    clock.set(SLOT)
    (outcome,) = runner.run_due()
    assert (outcome.status, outcome.detail) == ("posted", "found in the channel")
    assert len(top_level(fake_slack)) == 1


# -- channels the bot cannot post in -------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "code", "told"),
    [
        ("C000OTHER", "not_in_channel", "/invite @scrbot"),
        ("C000GONE", "channel_not_found", "can't find the channel"),
    ],
)
def test_a_channel_the_bot_cannot_post_in_is_not_retried_and_the_admin_gets_a_dm(
    fake_slack: FakeSlackAPI,
    tmp_path: Path,
    index_dir: Path,
    search_engine: Any,
    clock: FakeClock,
    channel: str,
    code: str,
    told: str,
) -> None:
    settings = load_settings(
        write_config(tmp_path, channel), env=slack_env(fake_slack, tmp_path, index_dir)
    )
    runner = runner_for(settings, search_engine.knowledge, clock)
    clock.set(SLOT)
    (outcome,) = runner.run_due()
    assert outcome.status == "failed"
    clock.advance(timedelta(minutes=5))
    runner.run_due()  # the next check: no retry storm
    attempts = [
        c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("channel") == channel
    ]
    assert len(attempts) == 1 and attempts[0].error == code
    (dm,) = fake_slack.messages(ADMIN_DM)
    assert told in dm["text"] and "Monday 23 November 2026" in dm["text"]
    assert check_blocks(dm["blocks"]) == []
    from bot.digest.status import status_message
    from scheduler.status import digest_status

    status = shown(status_message(digest_status(runner), command="/scr").to_dict())
    assert "Needs a look" in status and "not posted" in status


# -- the slash command, through the real app ---------------------------------------------------


def ack_text(body: dict[str, Any]) -> str:
    """What ``/scr digest …`` showed the person (it answers after its ack, through the
    command's response_url, as it reads and writes the state file)."""
    assert body["response_type"] == "ephemeral"
    assert body["text"].strip()
    assert check_blocks(body["blocks"]) == []
    return shown(body["blocks"])


@pytest.mark.parametrize("action", ["pause", "resume", "skip", "pin disguised compliance"])
def test_changing_the_prompt_is_for_admins_only_and_others_are_refused_politely(
    slack: Any, bot_settings: Any, action: str
) -> None:
    text = ack_text(slack.command_reply(f"digest {action}", user_id="U000PRAC", channel_id=DIGEST))
    assert "Only scrbot's admins can" in text
    assert "<@U000ADMIN>" in text
    state = DigestState(open_database(bot_settings.state_path))
    assert state.paused(DIGEST) is None and state.pins(DIGEST) == []


def test_an_admin_can_pause_resume_skip_and_pin(slack: Any, bot_settings: Any) -> None:
    state = DigestState(open_database(bot_settings.state_path))
    assert "Paused." in ack_text(
        slack.command_reply("digest pause", user_id="U000ADMIN", channel_id=DIGEST)
    )
    assert state.paused(DIGEST) is not None
    assert "Back on." in ack_text(
        slack.command_reply("digest resume", user_id="U000ADMIN", channel_id=DIGEST)
    )
    assert state.paused(DIGEST) is None
    assert "skip" in ack_text(
        slack.command_reply("digest skip", user_id="U000ADMIN", channel_id=DIGEST)
    )
    pinned = ack_text(
        slack.command_reply(
            "digest pin professional curiosity", user_id="U000ADMIN", channel_id=DIGEST
        )
    )
    assert "Pinned: *Professional curiosity*" in pinned
    assert [p.theme for p in state.pins(DIGEST)] == ["professional-curiosity"]


def test_pinning_an_unknown_theme_says_so_and_suggests(slack: Any) -> None:
    text = ack_text(
        slack.command_reply(
            "digest pin disguised complience", user_id="U000ADMIN", channel_id=DIGEST
        )
    )
    assert "I don't know a theme called" in text and "Disguised compliance" in text


@pytest.mark.parametrize("typed", ["digest pin no-such-theme", "digest pin 42"])
def test_an_admin_mentioning_the_bot_with_an_unknown_theme_is_told_once_how_to_find_one(
    slack: Any, fake_slack: FakeSlackAPI, typed: str
) -> None:
    slack.event(mention(fake_slack, typed, user="U000ADMIN", channel=DIGEST))
    (reply,) = fake_slack.wait_for("chat.postMessage")
    text = reply.params["text"]
    assert "I don't know a theme called" in text and "/scr themes" in text
    assert "Only scrbot's admins" not in text  # the admin is not sent to ask themselves


def test_anyone_can_see_the_status_and_a_preview(slack: Any) -> None:
    status = ack_text(slack.command_reply("digest status", user_id="U000PRAC"))
    assert f"<#{DIGEST}>" in status and "Mondays at 09:30 (Europe/London)" in status
    preview = ack_text(slack.command_reply("digest preview", user_id="U000PRAC"))
    assert "Preview — nothing has been posted" in preview
    assert "Learning from reviews — week of" in preview


def test_a_preview_with_no_channel_set_up_says_nothing_will_post_and_how_to_set_one(
    fake_slack: FakeSlackAPI, tmp_path: Path, index_dir: Path, search_engine: Any
) -> None:
    (tmp_path / "state").mkdir()
    config = tmp_path / "scrbot.yaml"
    config.write_text("command: /scr\n", encoding="utf-8")
    settings = load_settings(config, env=slack_env(fake_slack, tmp_path, index_dir))
    with serving(build_app(settings, engine=search_engine)) as server:
        with signed_client(server, fake_slack) as client:
            preview = ack_text(client.command_reply("digest preview", user_id="U000PRAC"))
    assert "Learning from reviews — week of" in preview
    assert "nothing will be posted" in preview and "`digest:`" in preview


def test_read_more_on_the_posted_prompt_shows_the_full_answer_privately(
    slack: Any, fake_slack: FakeSlackAPI, bot_settings: Any, search_engine: Any, clock: FakeClock
) -> None:
    runner = runner_for(bot_settings, search_engine.knowledge, clock)
    clock.set(SLOT)
    runner.run_due()
    (post,) = top_level(fake_slack)
    theme = post["metadata"]["event_payload"]["theme"]
    response_url = fake_slack.response_url(DIGEST, "U000PRAC")
    answer = slack.interaction(
        payloads.block_actions(
            "show",
            f"theme:{theme}",
            user_id="U000PRAC",
            channel_id=DIGEST,
            message=post,
            response_url=response_url,
        )
    )
    assert answer.status == 200
    (reply,) = [call.params for call in fake_slack.wait_for("response_url")]
    assert reply["response_type"] == "ephemeral"
    assert not reply.get("replace_original")
    assert search_engine.knowledge.themes[theme].title in shown(reply["blocks"])
    assert len(top_level(fake_slack)) == 1  # the channel's post is left as it was


# -- starting with the bot ---------------------------------------------------------------------


def test_serve_refuses_a_broken_digest_config_with_one_line_each(
    fake_slack: FakeSlackAPI, tmp_path: Path, index_dir: Path, search_engine: Any
) -> None:
    from bot.startup import StartupError, load_app

    config = write_config(
        tmp_path, extra="  pins:\n    - {week: 2026-11-30, theme: no-such-theme}\n"
    )
    config.write_text(config.read_text().replace("Europe/London", "Europe/Londn"), encoding="utf-8")
    settings = load_settings(config, env=slack_env(fake_slack, tmp_path, index_dir))
    with pytest.raises(StartupError) as refused:
        load_app(settings, search_engine, DigestService(settings))
    lines = str(refused.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{config}: digest.channels[0].timezone: 'Europe/Londn'")
    assert lines[1].startswith(f"{config}: digest.pins[0].theme: 'no-such-theme'")
    assert fake_slack.calls_to("auth.test") == []  # refused before anything reached Slack


def test_serve_starts_the_weekly_job_and_stops_it(bot_settings: Any, search_engine: Any) -> None:
    from bot.startup import load_app

    digest = DigestService(bot_settings)
    app = load_app(bot_settings, search_engine, digest)
    try:
        assert app is not None and digest.jobs is not None
        next_run = digest.jobs.next_runs()[DIGEST]
        assert next_run is not None and next_run.astimezone(UTC).minute == 30
    finally:
        digest.stop()
    assert digest.jobs is None


# -- the command line, against the fake Slack ----------------------------------------------------


@pytest.fixture
def cli_env(
    fake_slack: FakeSlackAPI, tmp_path: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The environment ``scrbot`` runs in, pointed at the fake Slack; returns the config.
    The command sets up logging as in production; the test's logging is put back after."""
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    config = write_config(tmp_path)
    for name, value in slack_env(fake_slack, tmp_path, index_dir).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SCRBOT_CONFIG", str(config))
    return config


def test_digest_post_posts_this_weeks_prompt_once_unless_forced(
    fake_slack: FakeSlackAPI, cli_env: Path, capsys: Any
) -> None:
    from bot.cli import main

    assert main(["digest", "post", "--channel", DIGEST]) == 0
    assert "Posted the prompt for " in capsys.readouterr().out
    assert main(["digest", "post", "--channel", DIGEST]) == 1
    assert "Add --force to post another one anyway." in capsys.readouterr().err
    assert len(top_level(fake_slack)) == 1
    assert main(["digest", "post", "--channel", DIGEST, "--force"]) == 0
    first, second = top_level(fake_slack)
    assert (
        first["metadata"]["event_payload"]["theme"] != second["metadata"]["event_payload"]["theme"]
    )
    assert main(["digest", "status"]) == 0
    assert capsys.readouterr().out.count("Learning from reviews") == 0  # status, not a post


def test_the_scheduler_refuses_a_broken_digest_config_at_start(
    fake_slack: FakeSlackAPI, cli_env: Path, capsys: Any
) -> None:
    from bot.cli import main

    cli_env.write_text(cli_env.read_text().replace("monday", "mondy"), encoding="utf-8")
    assert main(["scheduler"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(
        f"scrbot scheduler: {cli_env}: digest.channels[0].day: 'mondy' is not a day of the week"
    )


# -- without channels:history: crash recovery goes by the bot's own record ------------
#
# channels:history is optional. Without it the fake answers conversations.history
# with missing_scope, as Slack does.

NO_HISTORY = DIGEST_STATUS_NO_HISTORY.format(scope="`channels:history`")


@pytest.fixture
def without_history(fake_slack: FakeSlackAPI) -> FakeSlackAPI:
    """The workspace installed the app without ``channels:history``."""
    fake_slack.scopes.discard("channels:history")
    return fake_slack


def test_a_post_that_may_have_gone_out_is_not_posted_again_and_the_admins_are_asked_to_look(
    without_history: FakeSlackAPI, bot_settings: Any, search_engine: Any, clock: FakeClock
) -> None:
    restarted, outcome = crash_then_restart(
        bot_settings, search_engine.knowledge, clock, post_then_die
    )
    assert outcome.status == "failed"
    history = without_history.calls_to("conversations.history")
    assert history and history[-1].error == "missing_scope"
    assert len(top_level(without_history)) == 1, "posted once, never twice"
    (dm,) = without_history.messages(ADMIN_DM)
    assert "may or may not have gone out" in dm["text"]
    assert "channels:history" in dm["text"] and "Monday 23 November 2026" in dm["text"]
    record = restarted.state.get(DIGEST, "2026-11-23T09:30")
    assert record.status == "failed" and (record.error or "").startswith(UNCONFIRMED)

    from bot.digest.status import status_message
    from scheduler.status import digest_status

    status = shown(status_message(digest_status(restarted), command="/scr").to_dict())
    assert "may or may not have gone out" in status


def test_a_slot_claimed_but_never_attempted_is_posted_going_by_the_record(
    without_history: FakeSlackAPI, bot_settings: Any, search_engine: Any, clock: FakeClock
) -> None:
    # A scheduler claimed the slot and stopped before its first attempt.
    runner = runner_for(bot_settings, search_engine.knowledge, clock)
    clock.set(SLOT)
    slot = week_slot(runner.schedule(DIGEST), SLOT)
    claimed = runner.state.claim(
        slot, owner="stopped-process", now=clock(), lease=DEFAULT_LEASE, choose=runner._choose(slot)
    )
    assert claimed is not None and claimed.attempts == 0
    clock.advance(DEFAULT_LEASE + timedelta(seconds=1))

    restarted = build_runner(
        bot_settings, search_engine.knowledge, clock=clock, sleep=clock.advance
    )
    (outcome,) = restarted.catch_up_on_start()

    assert outcome.status == "posted"
    assert without_history.calls_to("conversations.history")[-1].error == "missing_scope"
    assert len(top_level(without_history)) == 1


def test_slash_digest_status_says_restarts_go_by_the_bots_own_record(
    without_history: FakeSlackAPI, bot_settings: Any, search_engine: Any
) -> None:
    # The app learns its scopes from auth.test when it starts.
    with serving(build_app(bot_settings, engine=search_engine)) as server:
        with signed_client(server, without_history) as slack:
            reply = slack.command_reply("digest status", user_id="U000PRAC")
    assert NO_HISTORY in shown(reply["blocks"])


def test_slash_digest_status_says_nothing_of_it_with_channels_history(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    reply = slack.command_reply("digest status", user_id="U000PRAC")
    assert reply["text"] == DIGEST_STATUS_TITLE
    assert NO_HISTORY not in shown(reply["blocks"])


def test_scrbot_digest_status_says_so_too(
    without_history: FakeSlackAPI, bot_settings: Any, monkeypatch: Any, capsys: Any
) -> None:
    for name, value in {
        "SLACK_BOT_TOKEN": bot_settings.bot_token,
        "SLACK_API_URL": bot_settings.api_url,
        "SCRBOT_CONFIG": str(bot_settings.source),
        "SCRBOT_STATE": str(bot_settings.state_path),
    }.items():
        monkeypatch.setenv(name, value)
    assert main(["digest", "status"]) == 0
    out = capsys.readouterr().out
    assert "channels:history" in out and "my own record" in out
    assert without_history.calls_to("auth.test")
