"""The draft knowledge file: what it holds and how it is written.

A draft is ONE YAML file in the shape of a case (``knowledge/cases/*.yaml``)
with ``status: draft``, checked by the ``draft_case`` definition in
``knowledge/schema.json``. It is never loaded as knowledge or indexed; an editor
reviews it and approves it into ``knowledge/cases/``.

Top-level fields::

    kind: case
    status: draft
    id: ID                   # also the source id in sources.yaml
    title: …                 # as the document gives it
    source: ID
    publisher: …             # when the document names one
    published: "2021-03"     # only when the document states it (ISO, as precise as stated)
    published_as: March 2021 # the document's own words for that date
    ingested_from: {file, format, pages, sha256}
    sections: [{heading, level, page}]   # every heading of the source, in order

Item lists (each may be empty): ``case_summary``, ``terms_of_reference``,
``findings``, ``key_learning``, ``recommendations``, ``good_practice``,
``board_response``, ``reflective_questions``. Every item is::

    source_text: …          # the source's own words, verbatim apart from line breaks
    text: …                 # for the editor's own-words version; filled with the
    text_from_source: true  # source words until then, and marked so
    cite: {source, within, section, page}
    number: "3a"            # recommendations and terms of reference: as the source numbers it
    group: …                # recommendations: the heading they sit under
    lead_in: …              # the words introducing its list ("Children's Services: to assure")
    themes: [{theme, score}]  # findings, learning and recommendations: suggested theme links

``cite.section`` is the nearest heading above the item, ``cite.within`` the
headings above that (outermost first, joined by " › "), ``cite.page`` the PDF
page. Then::

    quotations: [{quote, cite}]     # short spans, each verbatim in the kept source
    suggested_themes: [{theme, best_score, items}]
    glossary_candidates: [{term, expansion, cite}]
"""

from __future__ import annotations

from typing import Any

import yaml

from index.ingest.items import CATEGORIES, Item
from index.ingest.themes import ThemeLink

DRAFT_HEADER = (
    "# Draft knowledge made by `scrbot ingest` from {file}. It is not served until it is\n"
    "# reviewed and approved. Items hold the source's own words (source_text); write `text`\n"
    "# in our own words and drop `text_from_source` as you go.\n"
    "# yaml-language-server: $schema=../schema.json\n"
)

#: Item categories that get suggested theme links.
LINKED = ("findings", "key_learning", "recommendations", "good_practice")


def item_entry(item: Item, cite: dict[str, Any], themes: list[ThemeLink] | None) -> dict[str, Any]:
    """One item as the draft lists it."""
    entry: dict[str, Any] = {}
    if item.number is not None and item.category in ("recommendations", "terms_of_reference"):
        entry["number"] = item.number
    if item.category == "recommendations" and item.group:
        entry["group"] = item.group
    if item.lead_in:
        entry["lead_in"] = item.lead_in
    entry["source_text"] = item.source_text
    entry["text"] = item.own_words or item.source_text
    entry["text_from_source"] = item.own_words is None
    if item.own_words:
        entry["quote"] = item.source_text
    entry["cite"] = cite
    if themes:
        entry["themes"] = [{"theme": t.theme, "score": t.score} for t in themes]
    return entry


def draft_yaml(draft: dict[str, Any], file_name: str) -> str:
    """The draft as YAML text, with its header comment."""
    body: str = yaml.safe_dump(draft, sort_keys=False, allow_unicode=True, width=100)
    return DRAFT_HEADER.format(file=file_name.replace("\n", " ")) + body


def empty_lists() -> dict[str, list[Any]]:
    return {category: [] for category in CATEGORIES}
