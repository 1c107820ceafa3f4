"""Check the knowledge files before anything is built from them.

:func:`validate_documents` reads every YAML file under a knowledge folder and
returns the parsed documents, or raises :class:`KnowledgeError` listing every
problem it found, each naming file, line and field::

    cases/case-y.yaml:42: themes[2].theme: unknown theme 'referals' (did you mean 'referrals'?)

What it checks: YAML syntax and duplicate keys; the published JSON Schema
(``knowledge/schema.json``); ids (unique within each kind; a theme's or case's
id matches its file name); cross-references (every source, case and theme id
used resolves); and, when a sources folder is given, that every cited section
is a heading in its source and every ``quote`` appears word for word in the
section its ``cite`` names (see :mod:`index.source_sections`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.knowledge_folder import (
    KEPT_SOURCES,
    KnowledgeFolders,
    folders_of,
    kept_sources_folder,
    knowledge_files,
    set_aside,
)
from index.knowledge_problems import FieldPath as FieldPath
from index.knowledge_problems import KnowledgeError as KnowledgeError
from index.knowledge_problems import Problem as Problem
from index.knowledge_problems import did_you_mean as did_you_mean
from index.knowledge_problems import field_name as field_name
from index.knowledge_problems import shown_path as shown_path
from index.knowledge_schema import check_schema
from index.knowledge_schema import schema_problems as schema_problems
from index.knowledge_yaml import ParsedDocument, parse_document
from index.source_sections import (
    SourceSections,
    cited_sections,
    fold_quotation,
    quotation_elsewhere,
    section_not_found,
    split_sections,
)

#: The ``status`` of a knowledge file that is a draft waiting for review.
DRAFT_STATUS = "draft"


def validate_documents(
    root: KnowledgeFolders,
    sources_dir: Path | None = None,
    *,
    extra: Mapping[Path, str] | None = None,
) -> list[dict[str, Any]]:
    """Parse and check every knowledge file in ``root`` (one folder, or several read
    as one); return the documents.

    With ``sources_dir`` (the folder of source text files), every ``quote`` is
    also checked word for word against the source its ``cite`` names. ``extra``
    (path -> YAML text) adds files not yet written, checked as if they were at
    that path (a review being approved). Drafts (``drafts/``, or ``status:
    draft``) are not knowledge and are left out. Raises :class:`KnowledgeError`
    listing every problem; returns only when there are none, so callers never
    build from half-valid knowledge.
    """
    folders = folders_of(root)
    # Every check runs over every file, so one run reports every problem.
    problems: list[Problem] = []
    for folder in folders:
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "was not found"
            problems.append(Problem(shown_path(folder), None, "", f"the knowledge folder {what}"))
    if problems:
        raise KnowledgeError(problems)
    for folder in folders:
        for stray in sorted(folder.rglob("*.yml")):
            if not set_aside(stray.relative_to(folder)):
                problems.append(
                    Problem(shown_path(stray), None, "", "not read: knowledge files end in .yaml")
                )
    files = knowledge_files(folders)
    texts: dict[Path, str | None] = dict.fromkeys(files)
    texts.update(extra or {})
    if not texts:
        problems.append(
            Problem(
                ", ".join(shown_path(folder) for folder in folders),
                None,
                "",
                "no knowledge files found; expected sources.yaml, cases/*.yaml, themes/*.yaml, "
                "briefings/*.yaml and glossary.yaml",
            )
        )
        raise KnowledgeError(problems)

    parsed = [parse_document(path, problems, text) for path, text in texts.items()]
    documents = [
        doc for doc in parsed if doc is not None and doc.data.get("status") != DRAFT_STATUS
    ]
    for doc in documents:
        check_schema(doc, problems)
    known = _check_ids(documents, problems)
    # A file that cannot be read defines no ids, so every reference to them
    # would be reported too; those checks wait until every file can be read.
    if None not in parsed:
        _check_references(documents, known, problems)
        _check_uncovered(documents, problems)
        # Ingest keeps the text it read in the own (last) knowledge folder.
        kept = kept_sources_folder(folders)
        if sources_dir is not None or kept.is_dir():
            _check_quotations(documents, sources_dir, problems, kept=kept)

    if problems:
        order = {shown_path(path): n for n, path in enumerate(texts)}
        problems.sort(key=lambda p: (order.get(p.file, -1), p.line or 0))
        raise KnowledgeError(problems)
    return [doc.data for doc in documents]


@dataclass(frozen=True)
class _Definition:
    label: str
    id: str
    doc: ParsedDocument
    path: FieldPath


def _definitions(doc: ParsedDocument) -> Iterator[_Definition]:
    """Every id a document defines. Defensive: runs on files the schema rejected,
    so that their ids still resolve and one mistake is not reported many times."""
    data, kind = doc.data, doc.kind

    def listed(key: str, label: str, prefix: FieldPath = ()) -> Iterator[_Definition]:
        items = _get(data, (*prefix, key))
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield _Definition(label, item["id"], doc, (*prefix, key, index, "id"))

    if kind == "sources":
        yield from listed("sources", "source")
    elif kind == "glossary":
        yield from listed("terms", "glossary term")
    elif kind == "signposts":
        yield from listed("national", "signpost")
        yield from listed("topics", "uncovered topic")
    elif kind in ("case", "theme", "briefing") and isinstance(data.get("id"), str):
        yield _Definition(kind, data["id"], doc, ("id",))
        yield from listed("questions", "question")


def _check_ids(
    documents: list[ParsedDocument], problems: list[Problem]
) -> dict[str, dict[str, _Definition]]:
    """Report duplicate ids and misnamed files; return the ids defined, by kind."""
    known: dict[str, dict[str, _Definition]] = {}
    for doc in documents:
        for definition in _definitions(doc):
            same = known.setdefault(definition.label, {})
            first = same.get(definition.id)
            if first is not None:
                where = f"{first.doc.shown}:{first.doc.line(first.path)}"
                message = (
                    f"duplicate {definition.label} id '{definition.id}' (first defined at {where})"
                )
                problems.append(doc.problem(definition.path, message))
                continue
            same[definition.id] = definition
            if definition.label in ("case", "theme") and doc.path.stem != definition.id:
                message = (
                    f"'{definition.id}' does not match the file name '{doc.path.name}'; "
                    f"rename the file to {definition.id}.yaml or change the id"
                )
                problems.append(doc.problem(definition.path, message))
    return known


def _references(doc: ParsedDocument) -> Iterator[tuple[FieldPath, str, Any]]:
    """(path, kind, id) for every id a schema-valid document refers to."""
    data, kind = doc.data, doc.kind
    for path, cite in _walk(data, "cite"):
        if isinstance(cite, list):  # a theme cites several sections
            for index, one in enumerate(cite):
                yield (*path, index, "source"), "source", one["source"]
        else:
            yield (*path, "source"), "source", cite["source"]
    if kind in ("case", "briefing"):
        yield ("source",), "source", data["source"]
    if kind == "case":
        for index, link in enumerate(data["themes"]):
            yield ("themes", index, "theme"), "theme", link["theme"]
        for index, parallel in enumerate(data.get("parallels") or ()):
            yield ("parallels", index, "case"), "case", parallel["case"]
    if kind == "theme":
        for index, theme_id in enumerate(data.get("related") or ()):
            yield ("related", index), "theme", theme_id
    if kind == "briefing":
        for index, theme_id in enumerate(data.get("themes") or ()):
            yield ("themes", index), "theme", theme_id
    if kind == "signposts":
        for index, topic in enumerate(data["topics"]):
            for number, nearby in enumerate(topic.get("nearby") or ()):
                yield ("topics", index, "nearby", number, "theme"), "theme", nearby["theme"]
    if kind == "glossary":
        for index, term in enumerate(data["terms"]):
            for number, theme_id in enumerate(term.get("themes") or ()):
                yield ("terms", index, "themes", number), "theme", theme_id


def _check_references(
    documents: list[ParsedDocument],
    known: dict[str, dict[str, _Definition]],
    problems: list[Problem],
) -> None:
    for doc in documents:
        if not doc.schema_ok:
            continue
        for path, label, value in _references(doc):
            ids = known.get(label, {})
            if value not in ids:
                problems.append(
                    doc.problem(path, f"unknown {label} '{value}'" + did_you_mean(value, ids))
                )
        _check_repeats(doc, problems)


def _check_uncovered(documents: list[ParsedDocument], problems: list[Problem]) -> None:
    """A topic listed as not covered must not be named by what the knowledge
    covers: "CSE" cannot be both a theme's alias and a topic the reviews miss."""
    from index.analysis import stems

    names: dict[str, str] = {}
    for doc in documents:
        data = doc.data
        if doc.kind == "theme" and doc.schema_ok:
            for name in (data["title"], *(data.get("aliases") or ())):
                names.setdefault(" ".join(stems(str(name))), f"theme '{data['id']}'")
        if doc.kind == "glossary" and doc.schema_ok:
            for term in data["terms"]:
                for name in (term["term"], term["expansion"], *(term.get("aliases") or ())):
                    names.setdefault(" ".join(stems(str(name))), f"glossary term '{term['id']}'")
    for doc in documents:
        if doc.kind != "signposts" or not doc.schema_ok:
            continue
        for index, topic in enumerate(doc.data["topics"]):
            for number, alias in enumerate(topic["aliases"]):
                phrase = " ".join(stems(str(alias)))
                if not phrase:
                    message = f"'{alias}' is only filler words, so it can never match a lookup"
                    problems.append(doc.problem(("topics", index, "aliases", number), message))
                elif phrase in names:
                    message = (
                        f"'{alias}' also names {names[phrase]}, which the reviews cover; "
                        "remove it from one of them"
                    )
                    problems.append(doc.problem(("topics", index, "aliases", number), message))


def _check_repeats(doc: ParsedDocument, problems: list[Problem]) -> None:
    """A theme listed twice in one case, or related to itself, would show twice
    (or point to itself) in every answer built from it."""
    data = doc.data
    if doc.kind == "case":
        first: dict[str, int] = {}
        for index, link in enumerate(data["themes"]):
            if link["theme"] in first:
                message = (
                    f"theme '{link['theme']}' is already listed at themes[{first[link['theme']]}]"
                )
                problems.append(doc.problem(("themes", index, "theme"), message))
            first.setdefault(link["theme"], index)
    if doc.kind == "theme":
        for index, theme_id in enumerate(data.get("related") or ()):
            if theme_id == data["id"]:
                problems.append(
                    doc.problem(("related", index), "a theme cannot be related to itself")
                )


def _walk(value: Any, key: str, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Every (path, value) under ``value`` held in a field called ``key``."""
    if isinstance(value, dict):
        for name, child in value.items():
            if name == key:
                yield (*path, name), child
            else:
                yield from _walk(child, key, (*path, name))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, key, (*path, index))


def _get(data: Any, path: FieldPath) -> Any:
    for part in path:
        if isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        elif isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        else:
            return None
    return data


# --- quotations -------------------------------------------------------------


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


def _check_quotations(
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
        for path, cite in _walk(doc.data, "cite"):
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
            section = _get(doc.data, (*path[:-1], "cite", "section"))
            found = sections[source_id]
            if found.found(section) and not found.contains(section, quote):
                problems.append(doc.problem(path, quotation_elsewhere(section, quote, found)))
