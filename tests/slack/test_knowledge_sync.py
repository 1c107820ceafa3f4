"""Replicas answer from the same knowledge: a change made on one reaches every other
within 10 seconds, with no restart and no failed request.

Two ``scrbot serve --http`` replicas share one knowledge folder and one database but
each keeps its own index folder (as on separate machines). The knowledge changes
on one of them — an admin's ``/scr admin reload``, or an operator's ``scrbot index
build`` — and the other is asked all the while until it answers from the new
knowledge.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.credentials import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.knowledge_support import TEST_THEME_TITLE, add_test_theme, knowledge_copy
from tests.scrbot_process import ScrbotProcess, run_scrbot
from tests.slack.conftest import slack_env

pytestmark = pytest.mark.slow

ADMIN = "U000ADMIN"
#: The promise: every replica serves the new knowledge within this many seconds.
WITHIN_SECONDS = 10.0


class Replica:
    """One ``scrbot serve --http`` and a client for it."""

    def __init__(self, env: dict[str, str], cwd: Path, fake: FakeSlackAPI) -> None:
        self.process = ScrbotProcess.start(
            ["serve", "--http", "--host", "127.0.0.1", "--port", "0"], env, cwd
        )
        port = int(self.process.wait_for(r"Listening on http://[\d.]+:(\d+)/slack/events"))
        self.process.wait_until_healthy(port)
        self.url = f"http://127.0.0.1:{port}"
        self.fake = fake

    def client(self) -> SignedSlackClient:
        return SignedSlackClient(self.url, SIGNING_SECRET, fake_api=self.fake)

    def knows_the_new_theme(self, client: SignedSlackClient) -> bool:
        blocks = client.slash_command("lantern keeping").json()["blocks"]
        return TEST_THEME_TITLE in json.dumps(blocks[:3], ensure_ascii=False)


@pytest.fixture
def replicas(fake_slack: FakeSlackAPI, tmp_path: Path) -> Iterator[tuple[Any, ...]]:
    knowledge = knowledge_copy(tmp_path)
    envs = []
    for name in ("a", "b"):
        env = slack_env(fake_slack, tmp_path, tmp_path / f"index-{name}")
        env["SCRBOT_KNOWLEDGE"] = str(knowledge)
        env["SCRBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'state' / 'scrbot.sqlite3'}"
        envs.append(env)
    started = [Replica(env, tmp_path, fake_slack) for env in envs]
    yield started[0], started[1], knowledge, envs[0], tmp_path
    for replica in started:
        output = replica.process.stop()
        assert "Traceback" not in output


def ask_until_new(replica: Replica, since: float) -> tuple[float, list[int]]:
    """Ask ``replica`` over and over until it answers from the new knowledge:
    seconds since ``since`` it took, and the status of every answer meanwhile."""
    client = replica.client()
    statuses: list[int] = []
    try:
        while True:
            answer = client.slash_command("disguised compliance")
            statuses.append(answer.status if "disguised-compliance" in answer.text else -1)
            if replica.knows_the_new_theme(client):
                return time.monotonic() - since, statuses
            assert time.monotonic() - since < 2 * WITHIN_SECONDS, "never switched"
            time.sleep(0.05)
    finally:
        client.close()


def test_an_admin_reload_on_one_replica_reaches_the_other_within_10_seconds(
    replicas: tuple[Any, ...],
) -> None:
    first, second, knowledge, _, _ = replicas
    admin = first.client()
    assert not first.knows_the_new_theme(admin)

    add_test_theme(knowledge)
    reloaded = json.dumps(admin.command_reply("admin reload", user_id=ADMIN))
    changed_at = time.monotonic()
    assert "Reloaded" in reloaded, reloaded
    assert first.knows_the_new_theme(admin)
    admin.close()

    took, statuses = ask_until_new(second, changed_at)

    assert took < WITHIN_SECONDS, f"took {took:.1f} s"
    assert statuses and set(statuses) == {200}


def test_an_operators_index_build_reaches_every_replica(
    replicas: tuple[Any, ...],
) -> None:
    first, second, knowledge, env, cwd = replicas
    add_test_theme(knowledge)
    results: dict[str, tuple[float, list[int]]] = {}
    built = run_scrbot(["index", "build"], env, cwd)
    changed_at = time.monotonic()
    assert built.returncode == 0, built.stderr

    askers = [
        threading.Thread(target=lambda r=r, n=n: results.update({n: ask_until_new(r, changed_at)}))
        for n, r in (("first", first), ("second", second))
    ]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join(timeout=3 * WITHIN_SECONDS)

    assert sorted(results) == ["first", "second"]
    for took, statuses in results.values():
        assert took < WITHIN_SECONDS, f"took {took:.1f} s"
        assert statuses and set(statuses) == {200}
