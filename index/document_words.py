"""Which words each document of the index holds, field by field.

Judging whether the best results answer a lookup (:mod:`index.coverage`) asks,
for each of them, in which field each word of the query is. Whoosh can only
tell by walking the word's postings to the document, block after block; for a
common word of a large knowledge base (a thousand times today's) that walk was
half of every lookup. The document itself is known: it is made from the
knowledge as the index made it (:mod:`index.documents`) and analysed as the
index analysed it (:func:`index.schema_fields.document_terms`), so its words
are the very terms it was indexed under. A document takes a fraction of a
millisecond to analyse; the last :data:`DOCUMENTS_KEPT` are kept.

Example::

    words = DocumentWords(kb, composer)
    words.fields("theme:chronic-neglect")["head"]   # frozenset({'chronic', 'neglect', ...})
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping

from index.compose import Composer
from index.documents import (
    IndexDocument,
    case_document,
    glossary_by_theme,
    glossary_document,
    make_key,
    question_document,
    recommendation_documents,
    split_key,
    theme_document,
)
from index.model import GlossaryTerm, Knowledge
from index.schema_fields import document_terms

#: How many documents' words are kept: every result of a few thousand lookups.
DOCUMENTS_KEPT = 4096

_Fields = Mapping[str, frozenset[str]]


class DocumentWords:
    """Each document's terms by field, made on first use; safe to share between threads."""

    def __init__(self, kb: Knowledge, composer: Composer, kept: int = DOCUMENTS_KEPT) -> None:
        self.kb = kb
        self.composer = composer
        self.kept = kept
        self._fields: OrderedDict[str, _Fields] = OrderedDict()
        self._glossary: dict[str, list[GlossaryTerm]] | None = None
        self._lock = threading.Lock()

    def fields(self, key: str) -> _Fields:
        """Field -> the terms of the document ``key`` there; empty if there is no
        such document."""
        with self._lock:
            found = self._fields.get(key)
            if found is not None:
                self._fields.move_to_end(key)
                return found
        document = self.document(key)
        terms = document_terms(document) if document is not None else {}
        found = {name: frozenset(words) for name, words in terms.items()}
        with self._lock:
            self._fields[key] = found
            while len(self._fields) > self.kept:
                self._fields.popitem(last=False)
        return found

    def document(self, key: str) -> IndexDocument | None:
        """The document ``key`` as the index was given it; None if there is none."""
        kind, item_id = split_key(key)
        kb = self.kb
        if kind == "theme" and item_id in kb.themes:
            if self._glossary is None:
                self._glossary = glossary_by_theme(kb)
            return theme_document(kb.themes[item_id], kb, self._glossary)
        if kind == "case" and item_id in kb.cases:
            return case_document(kb.cases[item_id], kb)
        if kind == "glossary" and item_id in kb.glossary:
            return glossary_document(kb.glossary[item_id], kb)
        if kind == "question" and item_id in self.composer.questions_by_id:
            return question_document(self.composer.questions_by_id[item_id], kb)
        if kind == "recommendation" and item_id in self.composer.recommendations_by_id:
            case, _ = self.composer.recommendations_by_id[item_id]
            for document in recommendation_documents(case):
                if document.key == make_key(kind, item_id):
                    return document
        return None
