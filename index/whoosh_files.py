"""The whoosh files of one build: written in full, added to (a case approved into a
large index), and read back to check them. :mod:`index.builder` decides when, and
where the build goes; this module is all that writes whoosh's own files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from index.documents import IndexDocument
from index.schema_fields import FIELD_BOOSTS, build_schema, document_terms, index_fields

#: The name whoosh gives the index's files in a build's folder.
INDEX_NAME = "scrbot"
#: Memory whoosh may use to sort postings before spilling them to disk: the
#: postings of a knowledge base a hundred times today's fit, and sorting in
#: memory builds it in two-thirds of the time (a larger one spills, as before).
WRITER_MEMORY_MB = 1024


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


def add_to_whoosh(path: Path, documents: list[IndexDocument], removed: list[str]) -> None:
    ix = open_whoosh(path)
    writer = ix.writer(limitmb=WRITER_MEMORY_MB)
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
    writer = ix.writer(limitmb=WRITER_MEMORY_MB)
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
