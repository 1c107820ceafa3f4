"""Every answer links each source document's title to where it is published (the
``url`` in knowledge/sources.yaml): over signed HTTP for a lookup, and for every
theme, case and glossary answer the bot can give."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.blocks.answers import answer_message
from bot.blocks.primitives import as_dict


def _linked(text: str, title: str, url: str) -> bool:
    return f"<{url}|{title.replace('|', '¦')}>" in text


def test_a_lookup_over_http_links_its_sources(slack: Any, search_engine: Any) -> None:
    answer = slack.slash_command("disguised compliance")
    assert answer.status == 200
    shown = json.dumps(answer.json()["blocks"], ensure_ascii=False)
    named = [s for s in search_engine.knowledge.sources.values() if s.title in shown]
    assert named
    for source in named:
        assert source.url and _linked(shown, source.title, source.url), source.id


def test_every_answer_links_each_source_title_it_names(search_engine: Any) -> None:
    kb = search_engine.knowledge
    answers = [
        *(search_engine.theme_answer(i) for i in kb.themes),
        *(search_engine.case_answer(i) for i in kb.cases),
        *(search_engine.glossary_answer(i) for i in kb.glossary),
    ]
    for result in answers:
        blocks = [as_dict(b) for b in answer_message(result, kb).blocks]
        shown = json.dumps(blocks, ensure_ascii=False)
        for source in kb.sources.values():
            if re.search(re.escape(source.title), shown):
                assert source.url and _linked(shown, source.title, source.url), (
                    result.kind,
                    result.id,
                    source.id,
                )
