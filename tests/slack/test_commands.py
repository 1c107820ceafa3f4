"""The slash command, every form of it, as Slack sends it to the running bot.

Each answer arrives as the HTTP answer to the signed request (the ack), private to
the person who asked, within Slack's Block Kit limits and with a fallback text.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from bot.blocks.primitives import as_dict
from bot.commands import VERBS, run_command, verb_module
from bot.console import render_blocks
from bot.messages.answers import PRACTICE_POINTS, QUESTION_TO_SIT_WITH, WHERE_IT_SHOWED
from bot.messages.failures import SOMETHING_WENT_WRONG
from tests.fakes.block_kit import check_blocks


def ack_message(answer: Any) -> dict[str, Any]:
    """The message the bot answered with, checked as Slack would check it."""
    assert answer.status == 200, answer.text
    body = answer.json()
    assert body["response_type"] == "ephemeral"
    assert body["text"].strip()
    assert check_blocks(body["blocks"]) == []
    return body


def action_ids(message: dict[str, Any]) -> list[str]:
    found = []
    for block in message["blocks"]:
        if block["type"] == "actions":
            found += [e["action_id"] for e in block["elements"]]
        elif block.get("accessory"):
            found.append(block["accessory"]["action_id"])
    return found


def headers(message: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "header"]


def shown_text(message: dict[str, Any]) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


def test_a_lookup_answers_with_the_theme_its_cases_and_the_way_on(slack: Any) -> None:
    message = ack_message(slack.slash_command("disguised compliance"))
    assert headers(message)[0] == "Disguised compliance"
    text = shown_text(message)
    for part in (WHERE_IT_SHOWED, PRACTICE_POINTS, QUESTION_TO_SIT_WITH):
        assert part in text
    assert "Case Y" in text
    assert "Surrey" in text or "Briefing" in text, "the sources are shown"
    ids = action_ids(message)
    for wanted in ("open_case", "more_questions", "share", "discuss"):
        assert wanted in ids


@pytest.mark.parametrize("typed", ["", "help", "HELP"])
def test_help_lists_every_verb_from_the_registry(slack: Any, typed: str) -> None:
    message = ack_message(slack.slash_command(typed))
    text = shown_text(message)
    for name in VERBS:
        module = verb_module(name)
        if getattr(module, "LISTED", True):
            assert f"/scr {module.EXAMPLE}" in text
            assert module.__doc__.strip().splitlines()[0] in text


def test_themes_offers_every_theme_in_a_menu(slack: Any, search_engine: Any) -> None:
    message = ack_message(slack.slash_command("themes"))
    selects = [
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "static_select"
    ]
    offered = [o["value"] for s in selects for o in s["options"]]
    assert sorted(offered) == sorted(search_engine.knowledge.themes)
    assert all(s["action_id"].startswith("pick_theme") for s in selects)


@pytest.mark.parametrize("typed", ["case y", "case Y", "case case-y", "CASE y"])
def test_case_shows_the_case_card(slack: Any, typed: str) -> None:
    message = ack_message(slack.slash_command(typed))
    assert headers(message)[0] == "Case Y"
    assert "open_case" in action_ids(message)


def test_an_unknown_case_lists_the_cases_there_are(slack: Any) -> None:
    message = ack_message(slack.slash_command("case q"))
    text = shown_text(message)
    assert "Case Y" in text and "Case Z" in text
    assert "“q”" in text


@pytest.mark.parametrize("typed", ["MASH", "glossary MASH", "term mash"])
def test_a_term_is_explained(slack: Any, typed: str) -> None:
    message = ack_message(slack.slash_command(typed))
    assert headers(message)[0].startswith("MASH")
    assert "Multi-Agency Safeguarding Hub" in shown_text(message)


def test_a_question_to_sit_with(slack: Any, search_engine: Any) -> None:
    message = ack_message(slack.slash_command("question"))
    every_question = {q.text for q in search_engine.knowledge.questions}
    quoted = [b["text"]["text"][1:] for b in message["blocks"] if b["type"] == "section"]
    assert any(q.replace("&amp;", "&") in every_question for q in quoted)
    assert "another_question" in action_ids(message)


def test_a_question_on_a_named_theme(slack: Any, search_engine: Any) -> None:
    message = ack_message(slack.slash_command("question disguised compliance"))
    theme_questions = {
        q.text for q in search_engine.knowledge.themes["disguised-compliance"].questions
    }
    quoted = [b["text"]["text"][1:] for b in message["blocks"] if b["type"] == "section"]
    assert any(q in theme_questions for q in quoted)


def test_nothing_found_says_so_and_offers_themes(slack: Any) -> None:
    message = ack_message(slack.slash_command("zzqxv wombles"))
    text = shown_text(message)
    assert "don't answer" in text
    assert "show" in " ".join(action_ids(message)), "themes to go to, never an empty reply"


def test_what_was_typed_is_shown_back_escaped(slack: Any) -> None:
    message = ack_message(slack.slash_command("<!channel> zzqxv <@U000PRAC>"))
    text = json.dumps(message)
    assert "<!channel>" not in text and "<@U000PRAC>" not in text
    assert "&lt;!channel&gt;" in text


def test_personal_details_are_not_shown_back(slack: Any) -> None:
    message = ack_message(slack.slash_command("neglect NR1 2DH"))
    text = json.dumps(message)
    assert "NR1 2DH" not in text
    assert "a postcode" in text
    assert headers(message)[0] == "Chronic neglect"


def test_the_log_has_counts_not_what_was_typed_nor_who(slack: Any, caplog: Any) -> None:
    caplog.set_level(logging.INFO)
    ack_message(slack.slash_command("fictional words disguised compliance", user_id="U000PRAC"))
    logged = caplog.text
    assert "fictional words" not in logged
    assert "U000PRAC" not in logged
    assert "disguised-compliance" in logged


def test_a_failing_verb_gets_an_apology_not_an_error(
    slack: Any, search_engine: Any, monkeypatch: Any
) -> None:
    # Fault injection: every lookup raises, as a bug in the search would.
    monkeypatch.setattr(type(search_engine), "search", lambda *a, **k: 1 / 0)
    message = ack_message(slack.slash_command("disguised compliance"))
    assert SOMETHING_WENT_WRONG.split(" — ")[0] in shown_text(message)


@pytest.mark.parametrize("typed", ["disguised compliance", "case z", "HSB procedures"])
def test_the_console_shows_exactly_what_slack_gets(
    slack: Any, search_engine: Any, typed: str
) -> None:
    message = ack_message(slack.slash_command(typed))
    reply = run_command(typed, search_engine, surface="console")
    sent = {"text": reply.text, "blocks": [as_dict(block) for block in reply.blocks]}
    assert sent == {"text": message["text"], "blocks": message["blocks"]}
    assert render_blocks(reply.blocks) == render_blocks(message["blocks"])
