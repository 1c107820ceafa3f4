"""Scaled out: PostgreSQL, three HTTP replicas under gunicorn, two schedulers, two
workspaces installed through the OAuth flow.

Everything is real but Slack: each replica and scheduler is its own process on one
PostgreSQL database, requests are signed as Slack signs them, and the fake Slack
Web API hands each workspace its own token and records which token every call
used (a workspace's channels refuse another workspace's token).

- 1,000 signed requests spread over the replicas and both workspaces are all
  answered, every Web API call with the right workspace's token;
- 20 weekly prompt channels across both workspaces over 4 simulated weeks get
  exactly one post per channel per week, while the leading scheduler is killed
  (SIGKILL) in the middle of a post and the standby takes over.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.blocks.digest import slot_of
from tests.fakes import payloads
from tests.fakes.credentials import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.install_support import install, oauth_env, register_app
from tests.scale_scheduler import FileClock, set_clock
from tests.scrbot_process import REPO_ROOT, ScrbotProcess, _environment, run_scrbot
from tests.storage_support import fresh_postgres_database

pytestmark = [pytest.mark.load, pytest.mark.slow]

REPLICAS = 3
REQUESTS = 1000
SENDERS = 12
#: Each workspace: a channel people talk to the bot in, and ten weekly prompt channels.
TEAMS = {
    "T000ALPHA": ("C000ALPHA", [f"C0ALPHA{n:02d}" for n in range(10)]),
    "T000BETA": ("C000BETA", [f"C00BETA{n:02d}" for n in range(10)]),
}
#: What people look up, and the theme each must be answered with.
QUERIES = {
    "disguised compliance": "disguised-compliance",
    "professional curiosity": "professional-curiosity",
    "invisible fathers": "engaging-fathers",
    "chronic neglect": "chronic-neglect",
}


@dataclass
class ScaledOut:
    """The running arrangement: the fake Slack, the database and the replicas."""

    fake: FakeSlackAPI
    env: dict[str, str]
    cwd: Path
    urls: list[str]
    replicas: list[ScrbotProcess] = field(default_factory=list)


def digest_config(path: Path) -> Path:
    channels = [
        {"channel": channel, "team": team, "day": "monday", "time": "09:30"}
        for team, (_, digest_channels) in TEAMS.items()
        for channel in digest_channels
    ]
    path.write_text(
        yaml.safe_dump({"digest": {"run_with_bot": False, "channels": channels}}),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def postgres_url(postgres_server: str) -> Iterator[str]:
    """An empty database of its own on the tests' PostgreSQL server."""
    with fresh_postgres_database(postgres_server) as url:
        yield url


@pytest.fixture(scope="module")
def scaled_out(
    postgres_url: str, tmp_path_factory: pytest.TempPathFactory, index_dir: Path
) -> Iterator[ScaledOut]:
    cwd = tmp_path_factory.mktemp("scale")
    with FakeSlackAPI() as fake:
        register_app(fake)
        for team, (talk, digest_channels) in TEAMS.items():
            channels = {talk: "learning", **{c: "weekly-learning" for c in digest_channels}}
            fake.add_workspace(team, f"{team} partnership (test)", channels=channels)
        env = {
            **oauth_env(fake, cwd, index_dir),
            "SCRBOT_DATABASE_URL": postgres_url,
            "SCRBOT_CONFIG": str(digest_config(cwd / "scrbot.yaml")),
            "SCRBOT_ADMINS": "U000ADMIN",
        }
        upgraded = run_scrbot(["db", "upgrade"], env, cwd)
        assert upgraded.returncode == 0, upgraded.stderr
        arrangement = ScaledOut(fake, env, cwd, [])
        try:
            for _ in range(REPLICAS):
                arrangement.replicas.append(
                    ScrbotProcess.start(
                        [
                            "serve",
                            "--http",
                            "--server",
                            "gunicorn",
                            "--workers",
                            "1",
                            "--host",
                            "127.0.0.1",
                            "--port",
                            "0",
                        ],
                        env,
                        cwd,
                    )
                )
            for replica in arrangement.replicas:
                port = int(replica.wait_for(r"Listening on http://[\d.]+:(\d+)/slack/events"))
                replica.wait_until_healthy(port, timeout=60)
                arrangement.urls.append(f"http://127.0.0.1:{port}")
            # Each install begins on one replica and comes back to another.
            install(fake, arrangement.urls[0], "T000ALPHA", finish=arrangement.urls[1])
            install(fake, arrangement.urls[2], "T000BETA", finish=arrangement.urls[0])
            yield arrangement
        finally:
            for replica in arrangement.replicas:
                output = replica.stop()
                assert "Traceback" not in output


def request_plan() -> list[tuple[int, str, str, str]]:
    """(replica, team, kind, query) for each request: every replica and workspace
    in turn; one in four a mention (answered through the Web API), the rest slash
    commands (answered in the acknowledgement)."""
    queries = itertools.cycle(QUERIES)
    return [
        (
            n % REPLICAS,
            list(TEAMS)[(n // REPLICAS) % len(TEAMS)],
            "mention" if n % 4 == 0 else "slash",
            next(queries),
        )
        for n in range(REQUESTS)
    ]


def send(client: SignedSlackClient, fake: FakeSlackAPI, team: str, kind: str, query: str) -> Any:
    talk = TEAMS[team][0]
    if kind == "slash":
        return client.slash_command(query, team_id=team, channel_id=talk)
    workspace = fake.workspaces[team]
    event = payloads.app_mention(query, channel=talk)
    event["team"] = team
    event["ts"] = event["event_ts"] = fake.add_message(talk, event["text"])
    return client.event_callback(
        payloads.event_callback(event, team_id=team, bot_user_id=workspace.bot_user_id)
    )


def test_1000_requests_over_3_replicas_and_2_workspaces_each_use_their_workspaces_token(
    scaled_out: ScaledOut,
) -> None:
    fake = scaled_out.fake
    plan = request_plan()
    answers: list[tuple[tuple[int, str, str, str], int, str]] = []
    errors: list[str] = []
    lock = threading.Lock()
    before = len(fake.calls)

    def sender(number: int) -> None:
        clients = [
            SignedSlackClient(url, SIGNING_SECRET, fake_api=fake, timeout=30)
            for url in scaled_out.urls
        ]
        try:
            for item in plan[number::SENDERS]:
                answer = send(clients[item[0]], fake, *item[1:])
                with lock:
                    answers.append((item, answer.status, answer.text))
        except Exception as error:  # reported below: a lost request is a failure
            with lock:
                errors.append(repr(error))
        finally:
            for client in clients:
                client.close()

    began = time.monotonic()
    threads = [threading.Thread(target=sender, args=(n,)) for n in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    mentions = sum(1 for _, _, kind, _ in plan if kind == "mention")
    posts = fake.wait_for(
        "chat.postMessage",
        mentions,
        timeout=60,
        where=lambda call: call.params.get("channel") in {talk for talk, _ in TEAMS.values()},
    )

    assert errors == []
    assert len(answers) == REQUESTS
    assert Counter(status for _, status, _ in answers) == {200: REQUESTS}
    for (_, _, kind, query), _, text in answers:
        if kind == "slash":
            assert f"theme:{QUERIES[query]}" in text
    assert Counter(item[0] for item, _, _ in answers) == {0: 334, 1: 333, 2: 333}
    # Every answer in a channel went out once, with that channel's own workspace's token.
    assert len(posts) == mentions
    for call in posts:
        assert call.ok, call.error
        assert TEAMS[call.team or ""][0] == call.params["channel"]
    wrong = [c for c in fake.calls[before:] if c.error in ("invalid_auth", "channel_not_found")]
    assert wrong == []
    assert time.monotonic() - began < 120


# -- the weekly prompt: two schedulers, 20 channels, 4 weeks, the leader killed -------

#: Mondays 09:30 in London (GMT in these weeks), the prompts' slot: weeks ahead of
#: today, because Slack's clock (the messages' ts) runs on the test's clock too.
FIRST_SLOT = datetime(2027, 1, 4, 9, 30, tzinfo=UTC)
WEEKS = 4
#: The week in which the leader is killed in the middle of a post.
CRASH_WEEK = 2
#: How long Slack holds the post the leader dies during (it still goes out).
SLOW_POST = 3.0
#: The issue's promise: the standby leads within 15 seconds of the leader's death.
TAKE_OVER_WITHIN = 15.0


def start_scheduler(arrangement: ScaledOut, clock: Path) -> ScrbotProcess:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.scale_scheduler", str(clock)],
        env=_environment(arrangement.env),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return ScrbotProcess(process)


def prompts(fake: FakeSlackAPI) -> dict[str, list[str]]:
    """Each prompt channel's posts, as the slot each is for (top-level messages only)."""
    return {
        channel: [
            slot
            for message in fake.messages(channel)
            if message.get("thread_ts", message["ts"]) == message["ts"]
            and (slot := slot_of(message)) is not None
        ]
        for _, channels in TEAMS.values()
        for channel in channels
    }


def wait_until(done: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_20_channels_4_weeks_2_schedulers_one_post_per_slot_when_the_leader_is_killed(
    scaled_out: ScaledOut,
) -> None:
    fake = scaled_out.fake
    clock = scaled_out.cwd / "clock"
    set_clock(clock, FIRST_SLOT - timedelta(days=3))
    # Slack's clock is the test's too (the fake keeps each ts a little after the last).
    fake.clock = lambda: FileClock(clock)().timestamp()
    schedulers = [start_scheduler(scaled_out, clock) for _ in range(2)]
    channels = [channel for _, listed in TEAMS.values() for channel in listed]
    try:
        wait_until(
            lambda: sum("This process leads" in s.output for s in schedulers) == 1, 30, "a leader"
        )
        leader = next(s for s in schedulers if "This process leads" in s.output)
        standby = next(s for s in schedulers if s is not leader)
        time.sleep(1.0)  # the leader's first look: the channels are known from now on
        for week in range(WEEKS):
            slot = FIRST_SLOT + timedelta(weeks=week)
            if week == CRASH_WEEK:
                fake.delay("chat.postMessage", SLOW_POST)
            in_flight = len(fake.calls)
            set_clock(clock, slot + timedelta(minutes=1))
            if week == CRASH_WEEK:
                wait_until(
                    lambda since=in_flight: any(
                        c.method == "chat.postMessage" and c.response is None
                        for c in fake.calls[since:]
                    ),
                    30,
                    "the leader to be posting",
                )
                leader.kill()  # SIGKILL, mid-post: no clean-up runs
                # Time passes: Slack finishes the post the leader was waiting on, and the
                # leader's claim on the slot (a 5-minute lease) runs out.
                wait_until(
                    lambda since=in_flight: all(c.response is not None for c in fake.calls[since:]),
                    2 * SLOW_POST,
                    "Slack to finish the post in flight",
                )
                set_clock(clock, slot + timedelta(minutes=15))
                wait_until(
                    lambda: "This process leads" in standby.output, TAKE_OVER_WITHIN, "the standby"
                )
            wait_until(
                lambda week=week: all(len(p) == week + 1 for p in prompts(fake).values()),
                60,
                f"week {week + 1}'s prompts in all {len(channels)} channels",
            )
        time.sleep(1.0)  # anything posted twice would have arrived by now
    finally:
        outputs = [s.kill() for s in schedulers]
        for number, output in enumerate(outputs):
            print(f"--- scheduler {number + 1} ---\n{output[-4000:]}")  # shown on failure
    posted = prompts(fake)
    assert sorted(posted) == sorted(channels)
    for channel, slots in posted.items():
        assert len(slots) == WEEKS and len(set(slots)) == WEEKS, (channel, slots)
    for call in fake.calls_to("chat.postMessage"):
        if call.params.get("channel") in channels and call.status == 200:
            assert call.team is not None and call.params["channel"] in TEAMS[call.team][1]
    # Neither the standby taking over nor anything else here may print a traceback;
    # any there is is shown from its first line.
    tracebacks = [
        f"scheduler {number + 1}:\n{output[output.index('Traceback') :][:4000]}"
        for number, output in enumerate(outputs)
        if "Traceback" in output
    ]
    assert tracebacks == [], "\n".join(tracebacks)
