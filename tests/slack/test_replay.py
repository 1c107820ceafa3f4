"""A signed request is accepted once: sent again (by a thread of the same process,
or to another replica sharing the state file) it is refused with 401. Socket Mode,
which carries no signatures, is not affected."""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlencode

from tests.fakes import payloads
from tests.fakes.credentials import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient

FORM = "application/x-www-form-urlencoded"
SENDERS = 16


def command_body(fake: FakeSlackAPI, text: str = "disguised compliance") -> str:
    return urlencode(payloads.slash_command(text, response_url=fake.response_url()))


def answered(answer: Any) -> bool:
    """Whether the bot answered the command (its ack holds the answer)."""
    return answer.status == 200 and "isguised compliance" in answer.text


def test_the_same_signed_request_sent_twice_is_refused_the_second_time(
    slack: SignedSlackClient, fake_slack: FakeSlackAPI
) -> None:
    body, stamp = command_body(fake_slack), int(time.time())

    first = slack.post(body, FORM, timestamp=stamp)
    again = slack.post(body, FORM, timestamp=stamp)

    assert answered(first)
    assert again.status == 401 and again.body == b""


def test_a_new_request_in_the_same_second_is_still_answered(
    slack: SignedSlackClient, fake_slack: FakeSlackAPI
) -> None:
    stamp = int(time.time())
    first = slack.post(command_body(fake_slack), FORM, timestamp=stamp)
    # Same timestamp, different body (a new response_url): a different signature.
    second = slack.post(command_body(fake_slack), FORM, timestamp=stamp)
    assert answered(first) and answered(second)


def test_a_refused_forgery_does_not_use_up_the_real_request(
    slack: SignedSlackClient, fake_slack: FakeSlackAPI
) -> None:
    body, stamp = command_body(fake_slack), int(time.time())
    assert slack.post(body, FORM, timestamp=stamp, signature="bad").status == 401
    assert answered(slack.post(body, FORM, timestamp=stamp))


def send_together(port: int, body: str, stamp: int, senders: int) -> list[int]:
    """Send the same signed request from ``senders`` threads at the same moment."""
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(senders)

    def send() -> None:
        client = SignedSlackClient(f"http://127.0.0.1:{port}", SIGNING_SECRET)
        client.get("/healthz")  # connect first, so the sends really coincide
        start.wait(timeout=10)
        try:
            status = client.post(body, FORM, timestamp=stamp).status
        finally:
            client.close()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


def test_sent_by_many_threads_at_once_exactly_one_is_accepted(
    bot_server: Any, fake_slack: FakeSlackAPI
) -> None:
    statuses = send_together(bot_server.port, command_body(fake_slack), int(time.time()), SENDERS)
    assert sorted(statuses) == [200] + [401] * (SENDERS - 1)


def test_a_request_replayed_to_another_replica_is_refused(
    slack: SignedSlackClient, second_replica: Any, fake_slack: FakeSlackAPI
) -> None:
    other = SignedSlackClient(f"http://127.0.0.1:{second_replica.port}", SIGNING_SECRET)
    body, stamp = command_body(fake_slack), int(time.time())
    try:
        assert answered(slack.post(body, FORM, timestamp=stamp))
        assert other.post(body, FORM, timestamp=stamp).status == 401
        # The other replica answers requests of its own.
        assert answered(other.post(command_body(fake_slack), FORM))
    finally:
        other.close()


def test_replicas_sent_the_same_request_at_once_accept_it_once(
    bot_server: Any, second_replica: Any, fake_slack: FakeSlackAPI
) -> None:
    body, stamp = command_body(fake_slack), int(time.time())
    statuses: list[int] = []
    threads = [
        threading.Thread(
            target=lambda port=port: statuses.extend(send_together(port, body, stamp, 4))
        )
        for port in (bot_server.port, second_replica.port)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200] + [401] * 7


def test_socket_mode_is_not_affected(socket_mode: Any, fake_slack: FakeSlackAPI) -> None:
    # Socket Mode envelopes carry no signature; Slack may deliver the same
    # payload again (a retry), and each envelope gets its acknowledgement.
    form = payloads.slash_command("disguised compliance", response_url=fake_slack.response_url())
    first = socket_mode.wait_for_ack(socket_mode.slash_command(form))
    second = socket_mode.wait_for_ack(socket_mode.slash_command(form))
    for ack in (first, second):
        assert "isguised compliance" in str(ack.get("payload"))
