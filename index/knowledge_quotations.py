"""Quotations and cited sections, checked against the source texts: those ingest
kept in the knowledge's ``sources/`` folder (each still the text ingested, by its
SHA-256), and those in a sources folder given to ``scrbot validate --sources``.
Every ``quote`` must be word for word in its source, in the section its ``cite``
names, and every cited section a heading there (see :mod:`index.source_sections`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from index.knowledge_fields import field_at, walk_field
from index.knowledge_folder import KEPT_SOURCES
from index.knowledge_problems import FieldPath, Problem, shown_path
from index.knowledge_yaml import ParsedDocument
from index.source_sections import (
    SourceSections,
    cited_sections,
    fold_quotation,
    quotation_elsewhere,
    section_not_found,
    split_sections,
)


def quotations(document: dict[str, Any]) -> Iterator[tuple[FieldPath, str, str]]:
    """(path, quote, cited source id) for every quotation in a valid document."""
    for path, holder in _walk_holders(document):
        cite = holder.get("cite")
        if (
            isinstance(holder.get("quote"), str)
            and isinstance(cite, dict)
            and isinstance(cite.get("source"), str)
        ):
            yield (*path, "quote"), holder["quote"], cite["source"]


def _walk_holders(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    if isinstance(value, dict):
        if "quote" in value:
            yield path, value
        for name, child in value.items():
            yield from _walk_holders(child, (*path, name))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk_holders(child, (*path, index))


def kept_source(root: Path, source: dict[str, Any]) -> Path | None:
    """The text ``scrbot ingest`` kept for ``source`` (a sources.yaml entry), if any."""
    path = Path(root) / KEPT_SOURCES / str(source.get("file", ""))
    return path if source.get("file") and path.is_file() else None


def _check_kept(doc: ParsedDocument, kept: Path, problems: list[Problem]) -> None:
    """A kept source text must be the one ingested: its SHA-256 as sources.yaml says."""
    for index, source in enumerate(doc.data["sources"]):
        path = kept / source["file"]
        if "sha256" not in source or not path.is_file():
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() != source["sha256"]:
            message = (
                f"the kept text {shown_path(path)} has changed since it was ingested (its "
                "SHA-256 differs): restore it, or ingest the review again"
            )
            problems.append(doc.problem(("sources", index, "sha256"), message))


def check_quotations(
    documents: list[ParsedDocument],
    sources_dir: Path | None,
    problems: list[Problem],
    *,
    kept: Path | None = None,
) -> None:
    """Quotations and cited sections against the sources: the texts ingest kept in
    the knowledge's ``sources/`` folder, and those in ``sources_dir`` when given."""
    if sources_dir is not None and not Path(sources_dir).is_dir():
        problems.append(
            Problem(
                shown_path(sources_dir),
                None,
                "",
                "the sources folder was not found, so quotations were not checked",
            )
        )
        return
    files: dict[str, tuple[ParsedDocument, int]] = {}
    for doc in documents:
        if doc.kind == "sources" and doc.schema_ok:
            if kept is not None:
                _check_kept(doc, kept, problems)
            for index, source in enumerate(doc.data["sources"]):
                files.setdefault(source["id"], (doc, index))

    raw_texts: dict[str, str | None] = {}

    def source_text(source_id: str) -> str | None:
        if source_id not in raw_texts:
            doc, index = files[source_id]
            name = doc.data["sources"][index]["file"]
            folder = sources_dir
            if kept is not None and (kept / name).is_file():
                folder = kept
            if folder is None:
                raw_texts[source_id] = None  # not ingested, and no sources folder given
                return None
            try:
                raw_texts[source_id] = (Path(folder) / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                reason = (
                    "is not in" if isinstance(error, FileNotFoundError) else "cannot be read from"
                )
                message = f"file '{name}' {reason} the sources folder ({shown_path(folder)})"
                problems.append(doc.problem(("sources", index, "file"), message))
                raw_texts[source_id] = None
        return raw_texts[source_id]

    valid = [doc for doc in documents if doc.schema_ok]
    cited = cited_sections(doc.data for doc in valid)
    folded: dict[str, str] = {}
    sections: dict[str, SourceSections] = {}
    for source_id in files:
        text = source_text(source_id) if source_id in cited else None
        if text is not None:
            folded[source_id] = fold_quotation(text)
            sections[source_id] = split_sections(text, cited[source_id])

    for doc in valid:
        for path, cite in walk_field(doc.data, "cite"):
            for index, one in enumerate(cite if isinstance(cite, list) else [cite]):
                at = (*path, index, "section") if isinstance(cite, list) else (*path, "section")
                found = sections.get(one["source"])
                if found is not None and not found.found(one["section"]):
                    problems.append(doc.problem(at, section_not_found(one, found)))
        for path, quote, source_id in quotations(doc.data):
            if source_id not in folded:
                continue  # an unknown source or an unreadable file, reported already
            name = files[source_id][0].data["sources"][files[source_id][1]]["file"]
            if fold_quotation(quote) not in folded[source_id]:
                message = (
                    f"quotation not found word for word in {source_id} ({name}); copy the exact "
                    "words from the source, or say it in our own words under 'text' instead"
                )
                problems.append(doc.problem(path, message))
                continue
            section = field_at(doc.data, (*path[:-1], "cite", "section"))
            found = sections[source_id]
            if found.found(section) and not found.contains(section, quote):
                problems.append(doc.problem(path, quotation_elsewhere(section, quote, found)))
