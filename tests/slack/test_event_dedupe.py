"""An event is answered once across replicas: a retry that lands on another
process sharing the state file is acknowledged and dropped there too."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.dedupe import REMEMBER_SECONDS, EventDeduplicator
from index.storage.seen import Seen
from tests.fakes import payloads
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.slack.conftest import mention, signed_client, team_answers_once_settled
from tests.storage_support import open_database, query


@pytest.fixture
def second_client(second_replica: Any, fake_slack: FakeSlackAPI) -> Iterator[SignedSlackClient]:
    """Signed Slack requests to the second replica."""
    with signed_client(second_replica, fake_slack) as client:
        yield client


def test_a_retry_landing_on_another_replica_is_not_answered_again(
    slack: SignedSlackClient,
    second_client: SignedSlackClient,
    fake_slack: FakeSlackAPI,
    caplog: Any,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.dedupe")
    callback = payloads.event_callback(mention(fake_slack, "neglect"))
    assert slack.event_callback(callback).status == 200
    fake_slack.wait_for("chat.postMessage")
    assert second_client.event_callback(callback, retry_num=1).status == 200
    assert second_client.event_callback(callback, retry_num=2).status == 200
    # The second replica does answer a new event, and by then it would have
    # answered the retries too had it not dropped them.
    assert len(team_answers_once_settled(second_client, fake_slack)) == 1
    assert caplog.text.count("Dropped a repeated delivery") == 2


def test_two_replicas_racing_on_one_event_answer_it_once(
    slack: SignedSlackClient, second_client: SignedSlackClient, fake_slack: FakeSlackAPI
) -> None:
    callback = payloads.event_callback(mention(fake_slack, "thresholds"))
    start = threading.Barrier(2)
    statuses: list[int] = []

    def deliver(client: SignedSlackClient, retry: int | None) -> None:
        start.wait()
        statuses.append(client.event_callback(callback, retry_num=retry).status)

    senders = [
        threading.Thread(target=deliver, args=(slack, None)),
        threading.Thread(target=deliver, args=(second_client, 1)),
    ]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    assert statuses == [200, 200]
    fake_slack.wait_for("chat.postMessage")
    assert len(team_answers_once_settled(second_client, fake_slack)) == 1


def test_deduplicators_sharing_a_state_file_let_exactly_one_thread_through(
    tmp_path: Path,
) -> None:
    replicas = [
        EventDeduplicator(Seen(open_database(tmp_path / "state.sqlite3"))) for _ in range(2)
    ]
    results: list[bool] = []
    start = threading.Barrier(16)

    def deliver(number: int) -> None:
        start.wait()
        results.append(replicas[number % 2].first_time("Ev000FICTION"))

    threads = [threading.Thread(target=deliver, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1


def test_the_state_file_forgets_events_once_slack_has_stopped_retrying(tmp_path: Path) -> None:
    now = [1_000_000.0]
    store = open_database(tmp_path / "state.sqlite3")

    def replica() -> EventDeduplicator:
        return EventDeduplicator(Seen(store, clock=lambda: now[0]))

    first = replica()
    assert first.first_time("Ev000OLD")
    now[0] += REMEMBER_SECONDS - 1
    assert not replica().first_time("Ev000OLD")
    now[0] += 2
    # A later event clears out the old one, so the table stays small.
    assert first.first_time("Ev000NEW")
    rows = [row["event_id"] for row in query(store, "SELECT event_id FROM seen_event")]
    assert rows == ["Ev000NEW"]
    assert replica().first_time("Ev000OLD")


def test_the_state_file_holds_only_event_ids_and_times(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    EventDeduplicator(Seen(open_database(path))).first_time("Ev000FICTION")
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(seen_event)")]
    assert columns == ["event_id", "seen_at"]


def test_an_unusable_state_file_never_stops_an_event_being_answered(
    tmp_path: Path, caplog: Any
) -> None:
    path = tmp_path / "state.sqlite3"
    store = open_database(path)
    dedupe = EventDeduplicator(Seen(store))
    store.close()
    for leftover in tmp_path.iterdir():
        leftover.unlink()
    path.mkdir()  # the file is gone and a folder is in its place: nothing can be kept
    assert dedupe.first_time("Ev000FICTION")
    assert not dedupe.first_time("Ev000FICTION"), "this process still remembers it"
    assert "Could not check the database" in caplog.text
