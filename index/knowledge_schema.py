"""Checking a knowledge file against the published JSON Schema
(``knowledge/schema.json``), with each error said in plain words."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import SchemaError

from index.knowledge_folder import SCHEMA_PATH
from index.knowledge_problems import (
    FieldPath,
    KnowledgeError,
    Problem,
    did_you_mean,
    field_name,
    shown_path,
)
from index.knowledge_yaml import ParsedDocument


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
    "^[^/]+\\.txt$": "give just the file name in the sources folder, ending in .txt",
}


def schema_problems(data: Any) -> list[str]:
    """What is wrong with ``data`` against the knowledge schema, one line each (none: valid)."""
    return [
        f"{field_name(path) or 'the file'}: {message}"
        for error in _validator().iter_errors(data)
        for path, message in _plain_errors(error)
    ]


def check_schema(doc: ParsedDocument, problems: list[Problem]) -> None:
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
