"""Every point of an answer is numbered, and the sources under it say what each
number is, with the document's title linked to where it is published.

Signed slash commands to the running bot, answers checked as Slack checks them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.blocks.primitives import escape_mrkdwn
from bot.messages.answers import CASE_MODAL_ADDITIONAL, CASE_MODAL_TERMS, GENERAL_KNOWLEDGE
from index.knowledge import load_knowledge
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.test_commands import ack_message

SOURCE_LINE = re.compile(r"^\[(\d+)\] <(https://[^|>]+)\|([^>]+)> — (.+)$")


def mrkdwn_texts(message: dict[str, Any]) -> list[str]:
    texts = []
    for block in message["blocks"]:
        if block["type"] == "section":
            texts.append(block["text"]["text"])
        elif block["type"] == "context":
            texts += [e["text"] for e in block["elements"] if e["type"] == "mrkdwn"]
    return texts


def sources_block(message: dict[str, Any]) -> list[str]:
    found = [
        e["text"]
        for b in message["blocks"]
        if b["type"] == "context"
        for e in b["elements"]
        if e["text"].startswith("*Sources*\n")
    ]
    assert len(found) == 1, mrkdwn_texts(message)
    return found[0].split("\n")[1:]


def test_points_carry_numbers_and_the_sources_block_links_each_document(slack: Any) -> None:
    message = ack_message(slack.slash_command("MASH"))
    lines = sources_block(message)
    kb = load_knowledge()
    by_title = {source.title: source for source in kb.sources.values()}
    numbers = []
    for line in lines:
        match = SOURCE_LINE.match(line)
        assert match, line
        number, url, title, section = match.groups()
        numbers.append(int(number))
        assert by_title[title].url == url
        assert section.strip()
    assert numbers == list(range(1, len(lines) + 1))
    assert len(lines) > 1, "a glossary card draws points from several sources"
    # Every number in the sources block is used by a point above it, and no other.
    used = {
        int(n)
        for text in mrkdwn_texts(message)
        if not text.startswith("*Sources*")
        for n in re.findall(r" \[(\d+)\]", text)
    }
    assert used == set(numbers)


def test_a_general_knowledge_definition_is_labelled(slack: Any) -> None:
    kb = load_knowledge()
    general = kb.glossary["mash"]
    assert general.origin == "general"
    message = ack_message(slack.slash_command("MASH"))
    assert GENERAL_KNOWLEDGE in mrkdwn_texts(message)


def test_a_definition_from_the_reviews_is_not_labelled_general(slack: Any) -> None:
    kb = load_knowledge()
    assert kb.glossary["rmm"].origin == "source"
    message = ack_message(slack.slash_command("RMM"))
    assert message["blocks"][0]["text"]["text"] == "RMM (Risk Management Meeting)"
    assert GENERAL_KNOWLEDGE not in mrkdwn_texts(message)


def test_the_case_window_shows_terms_of_reference_and_further_learning(
    slack: Any, fake_slack: FakeSlackAPI
) -> None:
    """Case Z's six key lessons and its terms of reference are part of the case."""
    kb = load_knowledge()
    case = kb.cases["case-z"]
    slack.press("open_case", "case-z")
    call = fake_slack.wait_for("views.open")[0]
    assert call.ok, call.response
    shown = json.dumps(call.json_param("view"), ensure_ascii=False)
    assert CASE_MODAL_TERMS in shown and CASE_MODAL_ADDITIONAL in shown
    assert len(case.terms_of_reference) >= 4 and len(case.additional_learning) >= 6
    for item in [*case.terms_of_reference, *case.additional_learning]:
        assert escape_mrkdwn(item.text) in shown, item.text
    assert f"<{kb.sources[case.source].url}|" in shown
