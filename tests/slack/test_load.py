"""Load and fault tests: many signed requests at once, Slack's Web API misbehaving,
the process killed mid-post, a damaged index at start. Each is bounded in time and
runs in the default suite (marker ``load``: ``pytest -m load`` runs only these)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from typing import Any

import pytest

from bot import records
from tests.fakes.credentials import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient

pytestmark = pytest.mark.load

#: Slack gives up on an acknowledgement after three seconds.
SLACK_LIMIT = 3.0
#: "Well inside" Slack's limit: what every acknowledgement must beat under load.
ACK_BUDGET = SLACK_LIMIT / 2
CLIENTS = 20
COMMANDS_EACH = 10
#: What the load sends, and the theme each must be answered with.
QUERIES = {
    "disguised compliance": "disguised-compliance",
    "professional curiosity": "professional-curiosity",
    "invisible fathers": "engaging-fathers",
    "escalation": "escalation",
    "chronic neglect": "chronic-neglect",
}


def test_200_commands_from_20_clients_are_all_answered_well_inside_3_seconds(
    bot_server: Any, fake_slack: FakeSlackAPI, bot_settings: Any
) -> None:
    answers: list[tuple[str, int, float, str]] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)
    queries = list(QUERIES)

    def client_run(number: int) -> None:
        client = SignedSlackClient(
            f"http://127.0.0.1:{bot_server.port}", SIGNING_SECRET, fake_api=fake_slack
        )
        try:
            start.wait(timeout=10)
            for turn in range(COMMANDS_EACH):
                query = queries[(number + turn) % len(queries)]
                answer = client.slash_command(query, user_id="U000PRAC")
                with lock:
                    answers.append((query, answer.status, answer.elapsed, answer.text))
        except Exception as error:  # a lost request is a failure, reported below
            with lock:
                errors.append(repr(error))
        finally:
            client.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=client_run, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    took = time.perf_counter() - began

    assert errors == []
    assert len(answers) == CLIENTS * COMMANDS_EACH
    assert {status for _, status, _, _ in answers} == {200}
    slowest = max(elapsed for _, _, elapsed, _ in answers)
    assert slowest < ACK_BUDGET, f"slowest acknowledgement took {slowest:.2f} s"
    for query, _, _, text in answers:
        # Each ack is the answer itself, for the theme asked about.
        assert f"theme:{QUERIES[query]}" in text, (query, text[:200])
    # None lost on the bot's side either: every lookup was counted once (the counts
    # are written in the background, after the answers: wait for them).
    assert records.flush()
    with sqlite3.connect(bot_settings.state_path) as state:
        (counted,) = state.execute("SELECT SUM(lookups) FROM usage_lookups").fetchone()
    assert counted == CLIENTS * COMMANDS_EACH
    assert took < 30


# -- the Web API failing while answers go out -----------------------------------------


def misbehave(fake: FakeSlackAPI, method: str, trouble: str, *, status: int) -> None:
    """Make Slack answer ``method`` badly twice: ``rate limited``, ``server error``
    (HTTP ``status``) or ``slow``."""
    if trouble == "rate limited":
        fake.rate_limit(method, retry_after=1, times=2)
    elif trouble == "server error":
        fake.fail_with_status(method, status, times=2)
    else:
        fake.delay(method, 1.5, times=2)


@pytest.mark.parametrize(
    "trouble",
    ["rate limited", "server error", "slow"],
)
def test_answers_sent_to_a_response_url_arrive_once_when_slack_misbehaves(
    slack: SignedSlackClient, fake_slack: FakeSlackAPI, trouble: str
) -> None:
    misbehave(fake_slack, "response_url", trouble, status=503)
    themes = ["disguised-compliance", "escalation", "chronic-neglect"]
    for theme in themes:
        slack.press("show", f"theme:{theme}")

    delivered = fake_slack.wait_for(
        "response_url", len(themes), timeout=15, where=lambda call: call.status == 200
    )
    time.sleep(0.5)  # anything sent twice would have arrived by now

    ok = [json.dumps(c.params) for c in fake_slack.calls_to("response_url") if c.status == 200]
    assert len(delivered) == len(ok) == len(themes)
    for theme in themes:
        assert sum(f"theme:{theme}" in text for text in ok) == 1, theme
    assert not any("busy" in text or "went wrong" in text for text in ok)


@pytest.mark.parametrize("trouble", ["rate limited", "server error", "slow"])
def test_shared_answers_are_posted_once_when_slack_misbehaves(
    slack: SignedSlackClient, fake_slack: FakeSlackAPI, trouble: str
) -> None:
    misbehave(fake_slack, "chat.postMessage", trouble, status=500)
    themes = ["disguised-compliance", "escalation", "chronic-neglect"]
    for theme in themes:
        slack.press("share", f"theme:{theme}", user_id="U000PRAC")

    fake_slack.wait_for("chat.postMessage", len(themes), timeout=15, where=lambda c: c.ok)
    time.sleep(0.5)

    posted = fake_slack.messages("C000TEAM")
    assert len(posted) == len(themes)
    for theme in themes:
        assert sum(f"theme:{theme}" in json.dumps(m) for m in posted) == 1, theme
