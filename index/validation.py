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

import difflib
import functools
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import SchemaError

from index.knowledge import knowledge_files
from index.source_sections import (
    SourceSections,
    cited_sections,
    fold_quotation,
    quotation_elsewhere,
    section_not_found,
    split_sections,
)

#: The published schema; the code's own copy, so a custom knowledge folder is
#: held to what this code can build.
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "schema.json"

if TYPE_CHECKING:  # the C loader is typed as the pure-Python one it behaves as
    from yaml import SafeLoader as _BaseLoader
else:
    try:  # libyaml's parser is several times faster; the pure-Python one behaves the same.
        from yaml import CSafeLoader as _BaseLoader
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml import SafeLoader as _BaseLoader

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _Loader(_BaseLoader):
    """Safe YAML, except that dates stay text.

    The schema wants dates as written ("July 2015", "2015-07-01"); YAML 1.1
    would turn the second into a date object, which editors validating against
    the JSON Schema (YAML 1.2) would not, so the two would disagree.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place; ``str()`` gives the one-line report."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class KnowledgeError(Exception):
    """The knowledge is not valid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class _Document:
    """One parsed file, with the line each field is on."""

    path: Path
    shown: str
    data: dict[str, Any]
    lines: dict[FieldPath, int]
    schema_ok: bool = False

    def line(self, path: FieldPath) -> int:
        """The line of ``path``, or of its nearest ancestor the file spells out."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: FieldPath, message: str) -> Problem:
        return Problem(self.shown, self.line(path), field_name(path), message)

    @property
    def kind(self) -> Any:
        return self.data.get("kind")


def validate_documents(root: Path, sources_dir: Path | None = None) -> list[dict[str, Any]]:
    """Parse and check every knowledge file under ``root``; return the documents.

    With ``sources_dir`` (the folder of source text files), every ``quote`` is
    also checked word for word against the source its ``cite`` names.
    Raises :class:`KnowledgeError` listing every problem; returns only when
    there are none, so callers never build from half-valid knowledge.
    """
    root = Path(root)
    # Every check runs over every file, so one run reports every problem.
    problems: list[Problem] = []
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "was not found"
        raise KnowledgeError([Problem(shown_path(root), None, "", f"the knowledge folder {what}")])
    for stray in sorted(root.rglob("*.yml")):
        problems.append(
            Problem(shown_path(stray), None, "", "not read: knowledge files end in .yaml")
        )
    files = knowledge_files(root)
    if not files:
        problems.append(
            Problem(
                shown_path(root),
                None,
                "",
                "no knowledge files found; expected sources.yaml, cases/*.yaml, themes/*.yaml, "
                "briefings/*.yaml and glossary.yaml",
            )
        )
        raise KnowledgeError(problems)

    documents = [doc for doc in (_parse(path, problems) for path in files) if doc is not None]
    for doc in documents:
        _check_schema(doc, problems)
    known = _check_ids(documents, problems)
    # A file that cannot be read defines no ids, so every reference to them
    # would be reported too; those checks wait until every file can be read.
    if len(documents) == len(files):
        _check_references(documents, known, problems)
        _check_uncovered(documents, problems)
        kept = root / KEPT_SOURCES
        if sources_dir is not None or kept.is_dir():
            _check_quotations(documents, sources_dir, problems, kept=kept)

    if problems:
        order = {shown_path(path): n for n, path in enumerate(files)}
        problems.sort(key=lambda p: (order.get(p.file, -1), p.line or 0))
        raise KnowledgeError(problems)
    return [doc.data for doc in documents]


def shown_path(path: Path) -> str:
    """``path`` as the user can open it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def field_name(path: FieldPath) -> str:
    """``("themes", 2, "how")`` -> ``"themes[2].how"``."""
    name = ""
    for part in path:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name


# --- YAML -------------------------------------------------------------------

#: Plain advice for the YAML mistakes people make most when writing prose.
_YAML_HINTS = {
    "mapping values are not allowed": "a ': ' inside text needs the whole text in quotes",
    "could not find expected ':'": "a field name needs ': ' after it, or a line needs indenting",
    "found unexpected end of stream": "a quote, bracket or brace is not closed",
    "did not find expected": "a quote, bracket or brace is not closed",
    "but found another document": "one knowledge file holds one document; remove the '---'",
}


def _parse(path: Path, problems: list[Problem]) -> _Document | None:
    shown = shown_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(shown, None, "", "is not UTF-8 text; save it as UTF-8"))
        return None
    except OSError as error:
        problems.append(Problem(shown, None, "", f"cannot be read ({error.strerror})"))
        return None

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            problems.append(
                Problem(shown, None, "", "the file is empty; a knowledge file starts with 'kind:'")
            )
            return None
        lines: dict[FieldPath, int] = {(): node.start_mark.line + 1}
        _map_lines(node, (), lines, shown, problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "not valid YAML").strip()
        if problem.startswith("but ") and error.context:  # "…, but found another document"
            problem = f"{error.context.strip()}, {problem}"
        hint = next((h for key, h in _YAML_HINTS.items() if key in problem), None)
        if mark and _character_at(text, mark.line, mark.column) == "\t":
            hint = "use spaces, not tabs, to indent"
        message = f"not valid YAML: {problem}" + (f"; {hint}" if hint else "")
        problems.append(Problem(shown, mark.line + 1 if mark else None, "", message))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(shown, None, "", f"not valid YAML: {error}"))
        return None
    finally:
        loader.dispose()

    if not isinstance(data, dict):
        problems.append(
            Problem(shown, 1, "", "a knowledge file is a set of fields, starting with 'kind:'")
        )
        return None
    return _Document(path=path, shown=shown, data=data, lines=lines)


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


def _map_lines(
    node: yaml.Node,
    path: FieldPath,
    lines: dict[FieldPath, int],
    shown: str,
    problems: list[Problem],
) -> None:
    """Record the line of every field and item, and report duplicate keys.

    Runs on the composed node tree because the constructed dict has lost both:
    PyYAML keeps the last of two equal keys without a word.
    """
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                continue
            key, line = key_node.value, key_node.start_mark.line + 1
            if key in first_seen:
                problems.append(
                    Problem(
                        shown,
                        line,
                        field_name((*path, key)),
                        f"duplicate key '{key}' (first at line {first_seen[key]}); keep one",
                    )
                )
                continue
            first_seen[key] = line
            lines[(*path, key)] = line
            _map_lines(value_node, (*path, key), lines, shown, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _map_lines(item, (*path, index), lines, shown, problems)


# --- JSON Schema ------------------------------------------------------------


@functools.cache
def _validator() -> Draft202012Validator:
    shown = shown_path(SCHEMA_PATH)
    try:
        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
    except OSError as error:
        raise KnowledgeError(
            [Problem(shown, None, "", f"cannot be read ({error.strerror})")]
        ) from None
    except json.JSONDecodeError as error:
        raise KnowledgeError(
            [Problem(shown, error.lineno, "", f"not valid JSON: {error.msg}")]
        ) from None
    except SchemaError as error:
        raise KnowledgeError(
            [Problem(shown, None, "", f"not a valid JSON Schema: {error.message}")]
        ) from None
    return Draft202012Validator(schema)


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list (one '- ' item per line)",
    "object": "a set of fields",
    "null": "left empty",
    "boolean": "true or false",
}

#: What each id pattern in the schema means, in words.
_PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "use lower-case words joined by hyphens, e.g. disguised-compliance",
    "^case-[a-z]$": "use 'case-' and one lower-case letter, e.g. case-y",
    "^[^/]+\\.txt$": "give just the file name in the sources folder, ending in .txt",
}


def schema_problems(data: Any) -> list[str]:
    """What is wrong with ``data`` against the knowledge schema, one line each (none: valid)."""
    return [
        f"{field_name(path) or 'the file'}: {message}"
        for error in _validator().iter_errors(data)
        for path, message in _plain_errors(error)
    ]


def _check_schema(doc: _Document, problems: list[Problem]) -> None:
    reported: set[tuple[FieldPath, str]] = set()
    for error in _validator().iter_errors(doc.data):
        for path, message in _plain_errors(error):
            if (path, message) not in reported:
                reported.add((path, message))
                problems.append(doc.problem(path, message))
    doc.schema_ok = not reported


def _plain_errors(error: ValidationError) -> Iterator[tuple[FieldPath, str]]:
    """Turn one jsonschema error into plain (path, message) pairs."""
    path: FieldPath = tuple(error.absolute_path)
    value, rule = error.instance, error.validator
    # The stubs allow for jsonschema's Unset and boolean schemas; a rule that failed has neither.
    rule_value: Any = error.validator_value
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    if rule == "required" and isinstance(value, dict):
        for name in rule_value:
            if name not in value:
                yield path, f"missing required field '{name}'"
    elif rule == "additionalProperties" and isinstance(value, dict):
        allowed = list(schema.get("properties", {}))
        for name in value:
            if name not in allowed:
                yield (*path, name), f"unknown field '{name}'" + did_you_mean(str(name), allowed)
    elif rule == "type":
        yield path, _type_message(value, rule_value)
    elif rule == "enum":
        choices = [str(c) for c in rule_value]
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        yield path, f"{_shown_value(value)} is not one of: {', '.join(choices)}" + hint
    elif rule == "const":
        yield path, f"must be {_shown_value(rule_value)}"
    elif rule == "pattern":
        pattern = rule_value
        hint = (
            _PATTERN_HINTS.get(pattern) or schema.get("description") or f"it must match {pattern}"
        )
        yield path, f"{_shown_value(value)} is not in the right form: {hint}"
    elif rule == "minLength":
        yield path, "must not be empty"
    elif rule == "minItems":
        count = rule_value
        yield path, f"must list at least {count} item{'s' if count != 1 else ''}"
    else:
        yield path, error.message


def _type_message(value: Any, expected: str | list[str]) -> str:
    types = [expected] if isinstance(expected, str) else list(expected)
    if value is None and "string" in types:
        return "is empty; write the text here"
    message = (
        f"should be {' or '.join(_TYPE_WORDS.get(t, t) for t in types)}, not {_describe(value)}"
    )
    if "string" in types and isinstance(value, bool | int | float):
        message += "; put it in quotes so it is read as text"
    return message


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return type(value).__name__


def _shown_value(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or ``""``."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# --- ids and cross-references -----------------------------------------------


@dataclass(frozen=True)
class _Definition:
    label: str
    id: str
    doc: _Document
    path: FieldPath


def _definitions(doc: _Document) -> Iterator[_Definition]:
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
    documents: list[_Document], problems: list[Problem]
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


def _references(doc: _Document) -> Iterator[tuple[FieldPath, str, Any]]:
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
    documents: list[_Document], known: dict[str, dict[str, _Definition]], problems: list[Problem]
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


def _check_uncovered(documents: list[_Document], problems: list[Problem]) -> None:
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


def _check_repeats(doc: _Document, problems: list[Problem]) -> None:
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


#: The knowledge's own folder of source texts: what ``scrbot ingest`` kept.
KEPT_SOURCES = "sources"


def kept_source(root: Path, source: dict[str, Any]) -> Path | None:
    """The text ``scrbot ingest`` kept for ``source`` (a sources.yaml entry), if any."""
    path = Path(root) / KEPT_SOURCES / str(source.get("file", ""))
    return path if source.get("file") and path.is_file() else None


def _check_kept(doc: _Document, kept: Path, problems: list[Problem]) -> None:
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
    documents: list[_Document],
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
    files: dict[str, tuple[_Document, int]] = {}
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
