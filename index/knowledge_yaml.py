"""Reading one knowledge file: YAML syntax, duplicate keys, dates kept as text, and
the line each field is on (for :mod:`index.validation` to report against)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from index.knowledge_problems import FieldPath, Problem, field_name, shown_path

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


def knowledge_loader() -> type[_BaseLoader]:
    """The YAML loader knowledge files are read with (safe; dates stay text)."""
    return _Loader


@dataclass
class ParsedDocument:
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


_YAML_HINTS = {
    "mapping values are not allowed": "a ': ' inside text needs the whole text in quotes",
    "could not find expected ':'": "a field name needs ': ' after it, or a line needs indenting",
    "found unexpected end of stream": "a quote, bracket or brace is not closed",
    "did not find expected": "a quote, bracket or brace is not closed",
    "but found another document": "one knowledge file holds one document; remove the '---'",
}


def parse_document(
    path: Path, problems: list[Problem], text: str | None = None
) -> ParsedDocument | None:
    """Read the knowledge file at ``path`` (or ``text``, as if it were at ``path``),
    adding what is wrong with it to ``problems``; None when it cannot be read."""
    shown = shown_path(path)
    try:
        if text is None:
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
    return ParsedDocument(path=path, shown=shown, data=data, lines=lines)


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
