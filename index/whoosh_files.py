"""The whoosh files of one build: written in full, added to (a case approved into a
large index), and read back to check them. :mod:`index.builder` decides when, and
where the build goes; this module is all that writes whoosh's own files."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from index.documents import IndexDocument
from index.schema_fields import FIELD_BOOSTS, build_schema, document_terms, index_fields

#: The name whoosh gives the index's files in a build's folder.
INDEX_NAME = "scrbot"


def open_whoosh(path: Path) -> whoosh_index.Index:
    """The whoosh index in the build folder ``path``."""
    return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)


def _merge_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's merge policy for :meth:`index.builder.IndexStore.add_case`: segments under a tenth
    the size of the largest are merged into the one being written, so approvals
    do not pile up segments and the large one is never rewritten; returns the
    segments left as they are."""
    from whoosh.reading import SegmentReader

    largest = max((segment.doc_count_all() for segment in segments), default=0)
    merging = [segment for segment in segments if segment.doc_count_all() * 10 < largest]
    for segment in merging:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in merging]


class _Postings:
    """Whoosh's posting pool, kept term by term.

    Whoosh gathers a segment's postings as ``(field, term, docnum, weight, value)``
    tuples, sorts them all when the segment is written, and past ``limitmb``
    sorts and writes them to disk in runs that are merged back: at a thousand
    times today's knowledge, twenty million tuples sorted and a few gigabytes
    written and read, which made the build grow faster than the knowledge. Here
    each term's postings are appended to its own arrays as documents are added
    (in document order, so already sorted), and only the terms are sorted: the
    same postings in the same order, in linear time and a fraction of the memory.
    """

    def __init__(self) -> None:
        self._terms: dict[tuple[str, bytes], tuple[array[int], array[float], list[bytes]]] = {}
        self._last = -1
        #: Whether documents came in order, so each term's postings are sorted.
        self._in_order = True

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        fieldname, text, docnum, weight, value = item
        if docnum < self._last:
            self._in_order = False
        self._last = docnum
        found = self._terms.get((fieldname, text))
        if found is None:
            found = self._terms[(fieldname, text)] = (array("q"), array("d"), [])
        found[0].append(docnum)
        found[1].append(weight)
        found[2].append(value)

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        terms = self._terms
        for key in sorted(terms):
            fieldname, text = key
            docnums, weights, values = terms.pop(key)
            rows: Iterator[tuple[int, float, bytes]] = zip(docnums, weights, values, strict=True)
            if not self._in_order:
                rows = iter(sorted(rows))
            for docnum, weight, value in rows:
                yield fieldname, text, docnum, weight, value

    def cleanup(self) -> None:
        self._terms.clear()


class _FieldLengths:
    """A new segment's field lengths, read once per document and field.

    Whoosh, writing a segment's postings, reads each posting's field length back
    from the segment's length column on disk: at a thousand times today's
    knowledge, twenty million reads and a fifth of the build. The same lengths
    are read here once per document, through the same reader, and kept in lists.
    """

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._tables: dict[str, list[int | None]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        table = self._tables.get(fieldname)
        if table is None:
            reader = self._reader
            table = self._tables[fieldname] = [
                reader.doc_field_length(number, fieldname, default)
                for number in range(reader.doc_count_all())
            ]
        return table[docnum]


class _IndexWriter(SegmentWriter):  # type: ignore[misc]  # whoosh has no type hints
    """Whoosh's writer, with the postings of :class:`_Postings` and the field lengths
    of :class:`_FieldLengths`: the same files, byte for byte."""

    def __init__(self, ix: whoosh_index.Index) -> None:
        super().__init__(ix)
        self.pool = _Postings()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        try:
            lengths = _FieldLengths(reader) if reader is not None else None
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
            self.fieldwriter.close()
        finally:
            if reader is not None:
                reader.close()


def add_to_whoosh(path: Path, documents: list[IndexDocument], removed: list[str]) -> None:
    ix = open_whoosh(path)
    writer = _IndexWriter(ix)
    try:
        for key in removed:
            writer.delete_by_term("key", key)
        for document in documents:
            writer.add_document(**index_fields(document))
        writer.commit(mergetype=_merge_segments)
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()


def write_whoosh(
    path: Path, documents: list[IndexDocument], progress: Callable[[int, int], None] | None
) -> None:
    ix = whoosh_index.create_in(str(path), build_schema(), indexname=INDEX_NAME)
    writer = _IndexWriter(ix)
    try:
        for done, document in enumerate(documents, start=1):
            writer.add_document(**index_fields(document))
            if progress is not None:
                progress(done, len(documents))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()


def term_frequencies(path: Path) -> tuple[int, dict[str, dict[str, int]]]:
    """How many documents the index at ``path`` holds, and its field -> term ->
    document counts, read back to check a new build."""
    ix = open_whoosh(path)
    try:
        with ix.reader() as reader:
            frequencies = {
                name: {
                    text.decode("utf-8"): info.doc_frequency()
                    for text, info in reader.iter_field(name)
                }
                for name in FIELD_BOOSTS
            }
        return ix.doc_count(), frequencies
    finally:
        ix.close()


def count_terms(
    frequencies: dict[str, dict[str, int]], documents: list[IndexDocument], *, sign: int = 1
) -> None:
    """Add ``documents`` to the field -> term -> document counts (``sign=-1``: take
    away documents being replaced)."""
    for document in documents:
        for name, terms in document_terms(document).items():
            counts = frequencies.setdefault(name, {})
            for term in terms:
                count = counts.get(term, 0) + sign
                if count > 0:
                    counts[term] = count
                else:
                    counts.pop(term, None)


def document_count(path: Path) -> int:
    """How many documents the index at ``path`` holds."""
    ix = open_whoosh(path)
    try:
        return int(ix.doc_count())
    finally:
        ix.close()
