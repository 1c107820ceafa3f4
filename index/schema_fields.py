"""The whoosh schema: which fields a document has and how each is analysed.

Only the document key is stored; everything shown to a person is composed from
the knowledge itself (:mod:`index.compose`), so the index stays small and can
never disagree with the knowledge it was built from.
"""

from __future__ import annotations

from whoosh.fields import ID, TEXT, Schema

from index.analysis import ANALYZER

#: The text fields, and how much a match in each counts, best first. A title
#: or alias match says far more about what a document is *about* than a word
#: somewhere in its body.
FIELD_BOOSTS: dict[str, float] = {
    "title": 5.0,
    "aliases": 3.5,
    "summary": 2.0,
    "links": 1.2,
    "body": 1.0,
}

#: Short fields, searched with phrases; the long ones only with words.
HEAD_FIELDS = ("title", "aliases", "summary")


def build_schema() -> Schema:
    text_fields = {
        name: TEXT(analyzer=ANALYZER, phrase=name in HEAD_FIELDS) for name in FIELD_BOOSTS
    }
    return Schema(key=ID(stored=True, unique=True), kind=ID(stored=True), **text_fields)
