"""Honest answers over signed HTTP: what the reviews do not cover is declined, and a
child in danger now comes before any learning, with this deployment's front door.

The bot is the real Bolt app served by ``bot.http_server``; Slack's side is the
fake Web API on loopback. Every query is plainly fictional.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_app
from bot.listeners.shortcuts import FIND_RELATED_LEARNING
from index.setting_file import load_settings
from tests.fakes import payloads
from tests.fakes.block_kit import check_blocks
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.slack.conftest import serving, signed_client, slack_env

FRONT_DOOR = "Fictional Children's Advice Line"
PHONE = "0100 000 0000"
PROCEDURES = "https://procedures.example.org/children"


@pytest.fixture
def door_slack(
    fake_slack: FakeSlackAPI, tmp_path: Path, index_dir: Path, search_engine: Any
) -> Iterator[SignedSlackClient]:
    """The bot deployed with its own front door in the settings file."""
    (tmp_path / "state").mkdir()
    config = tmp_path / "scrbot.yaml"
    config.write_text(
        f'command: /scr\nfront_door_name: "{FRONT_DOOR}"\nfront_door_phone: "{PHONE}"\n'
        f"procedures_url: {PROCEDURES}\n",
        encoding="utf-8",
    )
    settings = load_settings(config, env=slack_env(fake_slack, tmp_path, index_dir))
    with serving(build_app(settings, engine=search_engine)) as server:
        with signed_client(server, fake_slack) as client:
            yield client


def ack_blocks(answer: Any) -> list[dict[str, Any]]:
    assert answer.status == 200, answer.text
    body = answer.json()
    assert body["text"].strip()
    assert check_blocks(body["blocks"]) == []
    return list(body["blocks"])


def texts(blocks: list[dict[str, Any]]) -> list[str]:
    found = []
    for block in blocks:
        if block["type"] in ("section", "header"):
            found.append(block["text"]["text"])
        elif block["type"] == "context":
            found += [element["text"] for element in block["elements"]]
    return found


def test_a_topic_the_reviews_do_not_cover_is_declined_and_signposted(
    door_slack: SignedSlackClient,
) -> None:
    blocks = ack_blocks(door_slack.slash_command("forced marriage"))
    shown = texts(blocks)
    assert shown[0] == "The reviews in scrbot don't cover forced marriage."
    assert not [b for b in blocks if b["type"] == "header"], "nothing is shown as the answer"
    joined = "\n".join(shown)
    assert "general knowledge, not from the reviews" in joined
    assert "national-case-review-repository" in joined
    assert FRONT_DOOR in joined and PHONE in joined and PROCEDURES in joined


def test_an_everyday_question_is_declined_too(door_slack: SignedSlackClient) -> None:
    shown = texts(ack_blocks(door_slack.slash_command("printer not working")))
    assert shown[0].startswith("The reviews in scrbot don't answer")


def test_a_child_in_danger_now_leads_with_what_to_do(door_slack: SignedSlackClient) -> None:
    answer = door_slack.slash_command(
        "a boy in my class says his stepdad will hit him again when he gets home tonight"
    )
    blocks = ack_blocks(answer)
    first = texts(blocks)[0]
    assert first.startswith("*A child's safety comes first.*")
    assert "999" in first and FRONT_DOOR in first
    assert answer.json()["text"].startswith("If a child is at immediate risk, call 999")
    headers = [b for b in blocks if b["type"] == "header"]
    assert headers and blocks.index(headers[0]) > 0, "the learning follows the safety line"


def test_every_answer_carries_the_safety_line(door_slack: SignedSlackClient) -> None:
    for typed in ("disguised compliance", "case y", "glossary MASH"):
        shown = texts(ack_blocks(door_slack.slash_command(typed)))
        line = next(t for t in shown if t.startswith("If a child is at immediate risk, call 999"))
        assert FRONT_DOOR in line, typed


def test_a_direct_message_about_an_uncovered_topic_is_declined(
    door_slack: SignedSlackClient, fake_slack: FakeSlackAPI
) -> None:
    door_slack.event(payloads.direct_message("radicalisation", user="U000PRAC"))
    posted = fake_slack.wait_for("chat.postMessage")[0]
    assert posted.ok
    said = "The reviews in scrbot don't cover radicalisation and the Prevent duty."
    assert posted.params["text"] == said


def test_the_shortcut_declines_and_leads_with_safety(
    door_slack: SignedSlackClient, fake_slack: FakeSlackAPI
) -> None:
    text = "Fictional: a pupil has just told me her dad hits her and she is scared to go home"
    answer = door_slack.interaction(payloads.message_shortcut(FIND_RELATED_LEARNING, text))
    assert answer.status == 200
    view = fake_slack.wait_for("views.open")[0].json_param("view")
    shown = json.dumps(view, ensure_ascii=False)
    assert "A child's safety comes first" in shown
    assert "scared to go home" not in shown, "the message is never shown back"
