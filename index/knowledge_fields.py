"""Reaching into a parsed knowledge document by field path, such as
``("themes", 2, "theme")``, as the problems found in it are reported."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from index.knowledge_problems import FieldPath


def walk_field(value: Any, key: str, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Every (path, value) under ``value`` held in a field called ``key``."""
    if isinstance(value, dict):
        for name, child in value.items():
            if name == key:
                yield (*path, name), child
            else:
                yield from walk_field(child, key, (*path, name))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk_field(child, key, (*path, index))


def field_at(data: Any, path: FieldPath) -> Any:
    """The value at ``path`` in ``data``, or None where the path leads nowhere."""
    for part in path:
        if isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        elif isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        else:
            return None
    return data
