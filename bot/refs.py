"""Short references to what the bot can show, carried in button values.

A reference is ``kind:id`` — ``theme:disguised-compliance``, ``case:case-z``,
``glossary:mash``, ``question:dc-reflect-1``, ``recommendation:case-y-rec-3`` — so a
button press can show the same thing again without keeping any state.

Example::

    ref = Ref.parse("case:case-z")      # Ref(kind='case', id='case-z')
    result = resolve(engine, ref)       # the same Result a lookup would give
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from index.answers import Result, SearchResponse
from index.compose import Composer
from index.model import Knowledge


class Engine(Protocol):
    """The parts of :class:`index.engine.LookupEngine` the bot uses."""

    @property
    def knowledge(self) -> Knowledge: ...

    def search(self, query: str, limit: int = 5) -> SearchResponse: ...
    def theme_answer(self, theme_id: str) -> Result: ...
    def case_answer(self, case_id: str) -> Result: ...
    def glossary_answer(self, term_id: str) -> Result: ...
    def suggest(self, text: str) -> list[tuple[str, str]]: ...


class Ref(NamedTuple):
    """What to show: a kind (as :data:`index.answers.KINDS` names them) and an id."""

    kind: str
    id: str

    @classmethod
    def parse(cls, value: str) -> Ref:
        kind, _, ident = (value or "").partition(":")
        if not kind or not ident:
            raise KeyError(value)
        return cls(kind, ident)

    @classmethod
    def of(cls, result: Result) -> Ref:
        return cls(result.kind, result.id)

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


def resolve(engine: Engine, ref: Ref) -> Result:
    """The answer for ``ref``, as a lookup would give it; ``KeyError`` when it no
    longer exists (e.g. after the knowledge was updated)."""
    if ref.kind == "theme":
        return engine.theme_answer(ref.id)
    if ref.kind == "case":
        return engine.case_answer(ref.id)
    if ref.kind == "glossary":
        return engine.glossary_answer(ref.id)
    if ref.kind in ("question", "recommendation"):
        composer = Composer(engine.knowledge)
        if not composer.has(str(ref)):
            raise KeyError(str(ref))
        return composer.result(str(ref))
    raise KeyError(str(ref))
