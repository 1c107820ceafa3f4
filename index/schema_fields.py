"""The whoosh schema: which fields a document has and how each is analysed.

Three text fields keep lookups quick (every query word is searched in each):
``head`` (the title and aliases: what the item is called), ``summary`` and
``body`` (everything else, including the links to other items). Only the
document key is stored; everything shown to a person is composed from the
knowledge itself (:mod:`index.compose`), so the index stays small and can never
disagree with the knowledge it was built from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from whoosh.fields import ID, TEXT, Schema
from whoosh.formats import Positions
from whoosh.system import pack_uint

from index.analysis import ANALYZER, index_terms
from index.documents import IndexDocument

#: The text fields, and how much a match in each counts. A match in what an
#: item is called says far more about what it is *about* than a word in its body.
FIELD_BOOSTS: dict[str, float] = {"head": 4.0, "summary": 2.0, "body": 1.0}

#: The field searched for the whole query as a phrase.
PHRASE_FIELD = "head"


class KnowledgeText(TEXT):  # type: ignore[misc]  # whoosh has no type hints
    """A whoosh ``TEXT`` field analysed with :data:`~index.analysis.ANALYZER`, whose
    indexing makes the analyzer's terms in one pass (:func:`index_terms`) rather
    than through a token object per word: the same postings, in a third of the time.
    Queries are analysed by the analyzer itself, as for any ``TEXT`` field."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        terms, first = index_terms(value)
        form = self.format
        boost = form.field_boost
        if isinstance(form, Positions):
            positions: defaultdict[str, list[int]] = defaultdict(list)
            for offset, term in enumerate(terms, start=first):
                positions[term].append(offset)
            for term, found in positions.items():
                yield term.encode("utf-8"), len(found), len(found) * boost, form.encode(found)
        else:
            for term, count in Counter(terms).items():
                yield term.encode("utf-8"), count, count * boost, pack_uint(count)


def build_schema() -> Schema:
    text_fields = {
        name: KnowledgeText(analyzer=ANALYZER, phrase=name == PHRASE_FIELD) for name in FIELD_BOOSTS
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


def document_terms(document: IndexDocument) -> dict[str, set[str]]:
    """Field -> the terms ``document`` is indexed under there (each counts once
    towards the term's document frequency)."""
    fields = index_fields(document)
    return {name: set(index_terms(fields[name])[0]) for name in FIELD_BOOSTS}
