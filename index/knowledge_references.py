"""Ids and what refers to them, across every knowledge file: each id defined once
(and a theme's or case's matching its file name), every source, case and theme id
used resolving, nothing listed twice, and no topic the reviews do not cover named
by what they do cover."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from index.knowledge_fields import field_at, walk_field
from index.knowledge_problems import FieldPath, Problem, did_you_mean
from index.knowledge_yaml import ParsedDocument


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
        items = field_at(data, (*prefix, key))
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


def check_ids(
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
    for path, cite in walk_field(data, "cite"):
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


def check_references(
    documents: list[ParsedDocument],
    known: dict[str, dict[str, _Definition]],
    problems: list[Problem],
) -> None:
    """Report every reference that does not resolve, and anything listed twice."""
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


def check_uncovered(documents: list[ParsedDocument], problems: list[Problem]) -> None:
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
