"""The whoosh schema: which fields a document has and how each is analysed.

Three text fields keep lookups quick (every query word is searched in each):
``head`` (the title and aliases: what the item is called), ``summary`` and
``body`` (everything else, including the links to other items). Only the
document key is stored; everything shown to a person is composed from the
knowledge itself (:mod:`index.compose`), so the index stays small and can never
disagree with the knowledge it was built from.
"""

from __future__ import annotations

from whoosh.fields import ID, TEXT, Schema

from index.analysis import ANALYZER
from index.documents import IndexDocument

#: The text fields, and how much a match in each counts. A match in what an
#: item is called says far more about what it is *about* than a word in its body.
FIELD_BOOSTS: dict[str, float] = {"head": 4.0, "summary": 2.0, "body": 1.0}

#: The field searched for the whole query as a phrase.
PHRASE_FIELD = "head"


def build_schema() -> Schema:
    text_fields = {
        name: TEXT(analyzer=ANALYZER, phrase=name == PHRASE_FIELD) for name in FIELD_BOOSTS
    }
    return Schema(key=ID(stored=True, unique=True), kind=ID(stored=True), **text_fields)


def index_fields(document: IndexDocument) -> dict[str, str]:
    """The whoosh fields for one document."""
    return {
        "key": document.key,
        "kind": document.kind,
        "head": "\n\n".join(t for t in (document.title, document.aliases) if t),
        "summary": document.summary,
        "body": "\n\n".join(t for t in (document.body, document.links) if t),
    }
