"""Every message and view the bot builds is one a screen reader can use: a meaningful
``text`` fallback on every message (what notifications and screen readers show), and
an ``accessibility_label`` on every button whose words alone do not say what it acts
on — one repeated in the payload, one with the same words on other payloads ("Open",
"Share to channel", heard three times in a channel), or an icon alone.

Every builder in ``bot/blocks/`` that returns a message or a view is called here,
on the real knowledge; a test fails when a new builder is added without a case.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from slack_sdk.models.views import View

import bot.blocks
from bot.blocks.answers import answer_message, answer_modal
from bot.blocks.cases import case_modal, questions_modal, questions_view
from bot.blocks.digest import digest_message, thread_question_message
from bot.blocks.feedback import feedback_modal
from bot.blocks.home import home_view, related_modal, search_modal
from bot.blocks.lists import (
    cases_message,
    glossary_message,
    help_message,
    question_message,
    rendered_message,
    themes_message,
)
from bot.blocks.packs import (
    pack_all_questions_message,
    pack_closing_message,
    pack_message,
    pack_preview_message,
    pack_question_message,
)
from bot.blocks.primitives import Message, as_dict, message, modal, notice_message, sections
from bot.blocks.search import search_message
from bot.blocks.supervision import (
    discussion_offer_message,
    discussion_start_modal,
    discussion_unknown_message,
    held_modal,
)
from bot.refs import Ref
from index.engine import LookupEngine
from index.knowledge import load_knowledge
from index.model import Knowledge
from index.pack import GROUP, compose_pack, find_subject, question_choices
from index.usage import Discussion
from scheduler.post import compose_post
from scheduler.slots import Slot

Payload = Message | View


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LookupEngine]:
    found = LookupEngine.open(index_dir=tmp_path_factory.mktemp("index"))
    yield found
    found.close()


def _discussion(kb: Knowledge, held: bool) -> Discussion:
    pack = compose_pack(kb, find_subject(kb, "disguised compliance"), GROUP)
    return Discussion(
        id=7,
        kind="theme",
        item="disguised-compliance",
        channel="C000TEAM",
        format=GROUP.id,
        question_ids=tuple(q.id for q in pack.questions),
        started_on=date(2026, 3, 2),
        held_on=date(2026, 3, 9) if held else None,
        held_format=GROUP.id if held else None,
        people=6 if held else None,
    )


def payloads(engine: LookupEngine) -> dict[str, list[Payload]]:
    """Every builder's payloads, by the builder's name."""
    kb = engine.knowledge
    subject = find_subject(kb, "disguised compliance")
    pack = compose_pack(kb, subject, GROUP)
    theme = engine.theme_answer("disguised-compliance")
    case = engine.case_answer("case-z")
    term = engine.glossary_answer(next(iter(kb.glossary)))
    found = engine.search("disguised compliance", limit=5)
    nothing = engine.search("zzqx wibble", limit=5)
    uncovered = engine.search("forced marriage", limit=5)
    question = next(q for t in kb.themes.values() for q in t.questions)
    at = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    slot = Slot(at=at, channel="C000TEAM", local=at, timezone="UTC")
    post = compose_post(kb, "disguised-compliance", None, slot)
    return {
        "answer_message": [answer_message(r, kb, shareable=True) for r in (theme, case, term)],
        "answer_modal": [answer_modal(r, kb) for r in (theme, case, term)],
        "search_message": [
            search_message(r, kb, command="/scr", shareable=True)
            for r in (found, nothing, uncovered)
        ],
        "case_modal": [case_modal(c, kb) for c in kb.cases.values()],
        "questions_modal": [
            questions_modal("Disguised compliance", pack.questions),
            questions_modal("Nothing", []),
        ],
        "questions_view": [
            questions_view(kb, Ref("theme", "disguised-compliance")),
            *(questions_view(kb, Ref("case", case_id)) for case_id in kb.cases),
        ],
        "digest_message": [digest_message(post)],
        "thread_question_message": [
            m for m in [thread_question_message("C000TEAM/2026-11-23T09:30", "Why?")] if m
        ],
        "home_view": [
            home_view(
                kb, command="/scr", featured=kb.themes["disguised-compliance"], from_rotation=True
            )
        ],
        "search_modal": [search_modal(kb), search_modal(kb, response=found)],
        "related_modal": [
            related_modal(found, kb, command="/scr"),
            related_modal(None, kb, command="/scr"),
        ],
        "rendered_message": [
            rendered_message(kb, "a11y-test", lambda: notice_message("Hello there"))
        ],
        "themes_message": [themes_message(kb)],
        "cases_message": [cases_message(kb), cases_message(kb, unknown="case q")],
        "glossary_message": [glossary_message(kb), glossary_message(kb, unknown="zz")],
        "question_message": [question_message(question, kb, next_index=1)],
        "help_message": [help_message("/scr", [("case z", "a case card")])],
        "pack_message": [
            pack_message(pack, discussion=_discussion(kb, held)) for held in (False, True)
        ],
        "pack_question_message": [
            pack_question_message(pack, i, discussion_id=7, parent_ts="1.2")
            for i in range(len(pack.questions))
        ],
        "pack_all_questions_message": [pack_all_questions_message(pack)],
        "pack_closing_message": [pack_closing_message(pack)],
        "pack_preview_message": [pack_preview_message(pack)],
        "message": [message(sections("A line to read"), "A line to read")],
        "modal": [modal("A title", sections("A line"))],
        "notice_message": [notice_message("Something to say.")],
        "discussion_start_modal": [
            discussion_start_modal(kb, subject, question_choices(kb, subject)),
            discussion_start_modal(kb, None),
        ],
        "held_modal": [
            held_modal(
                _discussion(kb, False), subject.title, today=date(2026, 3, 9), private_metadata="{}"
            )
        ],
        "discussion_unknown_message": [
            discussion_unknown_message("zz", [subject], command="/scr"),
            discussion_unknown_message("zz", [], command="/scr"),
        ],
        "feedback_modal": [feedback_modal("theme:disguised-compliance")],
        "discussion_offer_message": [
            discussion_offer_message(subject),
            discussion_offer_message(None),
        ],
    }


def builders() -> set[str]:
    """Every public function in bot/blocks/ that returns a message or a view."""
    found = set()
    for info in pkgutil.iter_modules(bot.blocks.__path__):
        module = importlib.import_module(f"bot.blocks.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            returns = str(inspect.signature(function).return_annotation)
            if re.search(r"\b(Message|View)\b", returns):
                found.add(name)
    return found


def test_every_builder_is_checked(engine: LookupEngine) -> None:
    assert builders() == set(payloads(engine))


def _buttons(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        if data.get("type") == "button":
            yield data
        for value in data.values():
            yield from _buttons(value)
    elif isinstance(data, list):
        for value in data:
            yield from _buttons(value)


def _as_data(payload: Payload) -> dict[str, Any]:
    if isinstance(payload, View):
        return payload.to_dict()
    return {"text": payload.text, "blocks": [as_dict(b) for b in payload.blocks]}


def test_every_message_has_a_meaningful_text_fallback(engine: LookupEngine) -> None:
    for name, built in payloads(engine).items():
        for payload in built:
            if isinstance(payload, Message):
                text = payload.text.strip()
                assert len(text) >= 8 and re.search(r"[A-Za-z]{3}", text), (name, text)
                assert "{" not in text, (name, text)


def fixed_button_words() -> set[str]:
    """The words of every button whose words are fixed (``BUTTON_*`` in bot/messages/),
    so never name what the button acts on; a button named after a theme or a case
    already says it."""
    import bot.messages

    found = set()
    for info in pkgutil.iter_modules(bot.messages.__path__):
        module = importlib.import_module(f"bot.messages.{info.name}")
        found |= {v for k, v in vars(module).items() if k.startswith("BUTTON_")}
    return found


def test_every_repeated_or_icon_only_button_says_what_it_acts_on(engine: LookupEngine) -> None:
    built = payloads(engine)
    fixed = fixed_button_words()
    # Words used by buttons on more than one kind of payload, or more than once in one.
    on_payloads: Counter[str] = Counter()
    for payloads_of_builder in built.values():
        seen = {b["text"]["text"] for p in payloads_of_builder for b in _buttons(_as_data(p))}
        on_payloads.update(seen)
    for name, payloads_of_builder in built.items():
        for payload in payloads_of_builder:
            buttons = list(_buttons(_as_data(payload)))
            in_payload = Counter(b["text"]["text"] for b in buttons)
            labels = []
            for found in buttons:
                words = found["text"]["text"]
                repeated = on_payloads[words] > 1 or in_payload[words] > 1
                generic = words in fixed and repeated
                icon_only = not re.search(r"[A-Za-z]", words)
                if generic or icon_only:
                    label = found.get("accessibility_label")
                    assert label and label != words, (name, words)
                    labels.append(label)
            assert len(labels) == len(set(labels)), (name, Counter(labels).most_common(2))


def test_answers_shared_in_a_channel_say_which_answer_each_share_button_shares(
    engine: LookupEngine,
) -> None:
    kb = load_knowledge()
    spoken = set()
    for theme_id in list(kb.themes)[:3]:
        shown = _as_data(answer_message(engine.theme_answer(theme_id), kb, shareable=True))
        spoken |= {
            b.get("accessibility_label") for b in _buttons(shown) if "share" in b["action_id"]
        }
    assert len(spoken) == 3 and None not in spoken
