"""Block Kit builders keep within Slack's limits, escape what people type, and
always carry a fallback text. Oversized content is split or cut short, never refused."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks.answers import answer_message, answer_modal
from bot.blocks.cases import case_modal, questions_modal
from bot.blocks.home import home_view, related_modal, search_modal
from bot.blocks.ids import ACTION_SHOW, DISCUSSION_SUBJECT_BLOCK, action_pattern
from bot.blocks.lists import (
    cases_message,
    glossary_message,
    help_message,
    question_message,
    theme_select,
    themes_message,
)
from bot.blocks.primitives import (
    MAX_ACTIONS_ELEMENTS,
    MAX_BUTTON_TEXT,
    MAX_CONTEXT_TEXT,
    MAX_FALLBACK_TEXT,
    MAX_HEADER_TEXT,
    MAX_MESSAGE_BLOCKS,
    MAX_MODAL_TITLE,
    MAX_SECTION_TEXT,
    MAX_VIEW_BLOCKS,
    Message,
    actions,
    button,
    context,
    divider,
    escape_mrkdwn,
    fit,
    header,
    modal,
    sections,
    split_text,
    truncate,
)
from bot.blocks.search import search_message
from bot.blocks.supervision import discussion_start_modal
from bot.messages.answers import CASE_MODAL_MORE, MORE_TRUNCATED
from index.answers import CaseRef, RelatedTheme, Result, SearchResponse
from index.compose import Composer
from index.knowledge import load_knowledge
from index.model import Case, Cite, Knowledge, Numbered, Point, Theme, TimelineEvent
from tests.fakes.block_kit import check_blocks, check_view

CITE = Cite(source="fictional-source", section="Fictional section")


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


def message_dict(message: Message) -> dict:
    return message.to_dict()  # slack_sdk validates its own limits here too


def assert_valid_message(message: Message) -> dict:
    data = message_dict(message)
    assert check_blocks(data["blocks"]) == []
    assert len(data["blocks"]) <= MAX_MESSAGE_BLOCKS
    assert data["text"].strip(), "every message needs a fallback text"
    assert len(data["text"]) <= MAX_FALLBACK_TEXT
    return data


def assert_valid_view(view) -> dict:
    data = view.to_dict()
    assert check_view(data) == []
    assert len(data["blocks"]) <= MAX_VIEW_BLOCKS
    if data["type"] == "modal":
        assert len(data["title"]["text"]) <= MAX_MODAL_TITLE
    return data


# --- escaping and cutting text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("<!channel> please read", "&lt;!channel&gt; please read"),
        ("<@U000LEAD>", "&lt;@U000LEAD&gt;"),
        ("A&E and <b>", "A&amp;E and &lt;b&gt;"),
        ("plain words", "plain words"),
        ("", ""),
    ],
)
def test_escape_mrkdwn_neutralises_slack_markup(typed: str, shown: str) -> None:
    assert escape_mrkdwn(typed) == shown


_PIECES = st.lists(
    st.sampled_from(["word", "&", "<", ">", " ", "\n", "<@U000LEAD>", "café", "*bold*"]),
    max_size=400,
).map("".join)


def _entities_whole(text: str) -> bool:
    # Every & starts a whole entity, and no < is left open.
    return all(re.match(r"&(amp|lt|gt);", text[i:]) for i, c in enumerate(text) if c == "&")


@settings(max_examples=200, deadline=None)
@given(_PIECES, st.integers(min_value=2, max_value=300))
def test_truncate_stays_within_the_limit_and_never_cuts_an_entity(text: str, limit: int) -> None:
    escaped = escape_mrkdwn(text)
    cut = truncate(escaped, limit)
    assert len(cut) <= limit
    assert _entities_whole(cut)
    if len(escaped) <= limit:
        assert cut == escaped


@settings(max_examples=200, deadline=None)
@given(_PIECES, st.integers(min_value=20, max_value=400))
def test_split_text_keeps_every_word_within_the_limit(text: str, limit: int) -> None:
    escaped = escape_mrkdwn(text)
    pieces = split_text(escaped, limit)
    assert all(len(piece) <= limit for piece in pieces)
    assert all(_entities_whole(piece) for piece in pieces)
    # Only whitespace is lost between pieces; every other character is kept, in order.
    assert "".join("".join(p.split()) for p in pieces) == "".join(escaped.split())


def test_sections_split_long_text_across_blocks() -> None:
    text = "\n".join(f"• point {n} " + "x" * 200 for n in range(60))
    found = sections(text)
    assert len(found) > 1
    assert all(len(b.text.text) <= MAX_SECTION_TEXT for b in found)
    assert " ".join(b.text.text for b in found).split() == text.split()


@pytest.mark.parametrize(
    ("make", "limit"),
    [
        (lambda text: header(text).text.text, MAX_HEADER_TEXT),
        (lambda text: button(text, "a", "v").text.text, MAX_BUTTON_TEXT),
        (lambda text: modal(text, []).title.text, MAX_MODAL_TITLE),
        (lambda text: context(text).elements[0].text, MAX_CONTEXT_TEXT),
    ],
)
def test_short_fields_are_cut_to_slacks_limits(make, limit: int) -> None:
    shown = make("Engaging challenging families and authoritative practice " * 80)
    assert len(shown) <= limit
    assert shown.endswith("…")


# --- oversized answers ---------------------------------------------------------------


def _huge_result() -> Result:
    return Result(
        kind="theme",
        id="fictional-theme",
        title="A fictional theme with a very long title " * 10,
        summary="A summary that goes on. " * 500,
        score=1.0,
        cases=tuple(
            CaseRef(id=f"case-{n}", title=f"Case {n}", how="How it showed, at length. " * 40)
            for n in range(80)
        ),
        practice_points=tuple("A practice point that goes on. " * 30 for _ in range(40)),
        questions=("What would you do next, and why?",),
        sources=tuple(f"Fictional source {n}, section {n}" * 5 for n in range(60)),
        theme_id="fictional-theme",
    )


def test_an_oversized_answer_is_cut_short_with_a_way_to_read_on() -> None:
    message = answer_message(_huge_result(), Knowledge(), shareable=True)
    data = assert_valid_message(message)
    assert len(data["blocks"]) == MAX_MESSAGE_BLOCKS
    assert data["blocks"][-1]["type"] == "actions", "the buttons to go further are kept"
    assert any(
        b["type"] == "context" and MORE_TRUNCATED in b["elements"][0]["text"]
        for b in data["blocks"]
    )


def test_an_oversized_case_fits_one_modal() -> None:
    case = Case(
        id="case-q",
        title="Case Q (a fictional case with a long name)",
        source="fictional-source",
        headline="A fictional headline. " * 300,
        family=tuple(Point(f"Family point {n}. " * 50, CITE) for n in range(50)),
        why_reviewed=(),
        themes=(),
        timeline=tuple(
            TimelineEvent(f"Month {n}", "Something happened. " * 30, CITE) for n in range(400)
        ),
        findings=tuple(Point(f"Finding {n}. " * 40, CITE) for n in range(100)),
        recommendations=tuple(Numbered(str(n), "Do better. " * 20, CITE) for n in range(100)),
        board_response=tuple(Point("The Board responded. " * 20, CITE) for _ in range(50)),
    )
    data = assert_valid_view(case_modal(case, Knowledge()))
    assert data["title"]["text"].startswith("Case Q")
    assert CASE_MODAL_MORE in json.dumps(data)


def test_more_than_a_hundred_themes_need_more_than_one_menu() -> None:
    themes = [
        Theme(f"theme-{n}", f"Fictional theme {n}", "Summary", (CITE,), (), (), (), ())
        for n in range(250)
    ]
    selects = theme_select(themes)
    assert [len(s.options) for s in selects] == [100, 100, 50]
    assert all(s.to_dict() for s in selects)


def test_actions_make_repeated_action_ids_unique_and_matchable() -> None:
    block = actions(*(button(f"B{n}", ACTION_SHOW, "theme:x") for n in range(30)))
    ids = [e.action_id for e in block.elements]
    assert len(ids) == MAX_ACTIONS_ELEMENTS
    assert len(set(ids)) == len(ids)
    assert all(action_pattern(ACTION_SHOW).match(i) for i in ids)
    assert not action_pattern(ACTION_SHOW).match("show_more")


def test_fit_keeps_the_closing_buttons() -> None:
    many = [divider() for _ in range(70)] + [actions(button("Go", "go", "1"))]
    kept = fit(many, 50, "more")
    assert len(kept) == 50
    assert kept[-1].type == "actions"
    assert kept[-2].type == "context"


# --- what people typed ------------------------------------------------------------------


def test_a_typed_mention_is_shown_as_text_when_nothing_is_found(kb: Knowledge) -> None:
    response = SearchResponse(
        query="<!channel> zzqx <@U000PRAC>",
        related=(RelatedTheme("chronic-neglect", "Chronic neglect"),),
    )
    data = assert_valid_message(search_message(response, kb, command="/scr"))
    shown = json.dumps(data)
    assert "<!channel>" not in shown and "<@U000PRAC>" not in shown
    assert "&lt;!channel&gt;" in shown


def test_nothing_found_still_offers_somewhere_to_go(kb: Knowledge) -> None:
    data = assert_valid_message(search_message(SearchResponse(query="zzqx"), kb, command="/scr"))
    buttons = [e for b in data["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons, "never an empty reply"
    assert all(e["value"].startswith("theme:") for e in buttons)


# --- every builder, on the real knowledge ---------------------------------------------------


def test_every_answer_in_the_knowledge_fits_slack(kb: Knowledge) -> None:
    composer = Composer(kb)
    keys = [f"theme:{t}" for t in kb.themes] + [f"case:{c}" for c in kb.cases]
    keys += [f"glossary:{g}" for g in kb.glossary] + [f"question:{q.id}" for q in kb.questions[:20]]
    for key in keys:
        result = composer.result(key)
        for shareable in (True, False):
            assert_valid_message(answer_message(result, kb, shareable=shareable))
        assert_valid_view(answer_modal(result, kb))


def test_every_case_and_theme_modal_fits_slack(kb: Knowledge) -> None:
    for case in kb.cases.values():
        assert_valid_view(case_modal(case, kb))
        assert_valid_view(questions_modal(case.title, case.questions))
    for theme in kb.themes.values():
        assert_valid_view(questions_modal(theme.title, theme.questions))


def test_lists_help_and_home_fit_slack(kb: Knowledge) -> None:
    assert_valid_message(themes_message(kb))
    assert_valid_message(cases_message(kb))
    assert_valid_message(cases_message(kb, unknown="<!here>"))
    assert_valid_message(glossary_message(kb))
    assert_valid_message(help_message("/scr", [("/scr themes", "See every theme.")]))
    assert_valid_message(question_message(kb.questions[0], kb, next_index=1))
    featured = next(iter(kb.themes.values()))
    for rotation in (True, False):
        assert_valid_view(home_view(kb, command="/scr", featured=featured, from_rotation=rotation))
    assert_valid_view(search_modal(kb))
    assert_valid_view(related_modal(None, kb, command="/scr"))


def _theme_ids(values: list[str]) -> list[str]:
    return [value.removeprefix("theme:") for value in values if not value.startswith("case:")]


def test_themes_are_listed_by_title_wherever_people_choose_one(kb: Knowledge) -> None:
    by_title = [t.id for t in sorted(kb.themes.values(), key=lambda t: t.title.casefold())]
    assert by_title != list(kb.themes), "file (id) order differs, so the test can fail"

    themes = themes_message(kb).to_dict()["blocks"]
    (picker,) = [b for b in themes if b["type"] == "actions"][0]["elements"]
    assert [option["value"] for option in picker["options"]] == by_title

    home = home_view(kb, command="/scr", featured=None, from_rotation=False).to_dict()
    buttons = [b["accessory"]["value"] for b in home["blocks"] if "accessory" in b]
    shown = _theme_ids(buttons)
    assert shown and shown == by_title[: len(shown)]

    view = discussion_start_modal(kb, None).to_dict()
    subject = next(b for b in view["blocks"] if b.get("block_id") == DISCUSSION_SUBJECT_BLOCK)
    groups = subject["element"]["option_groups"]
    assert _theme_ids([o["value"] for o in groups[0]["options"]]) == by_title
