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

from index.answers import CaseRef, Result
from index.model import Knowledge


class Engine(Protocol):
    """The parts of :class:`index.engine.LookupEngine` the bot uses."""

    knowledge: Knowledge

    def search(self, query: str, limit: int = 5): ...  # noqa: D102
    def theme_answer(self, theme_id: str) -> Result: ...  # noqa: D102
    def case_answer(self, case_id: str) -> Result: ...  # noqa: D102
    def glossary_answer(self, term_id: str) -> Result: ...  # noqa: D102
    def suggest(self, text: str) -> list[tuple[str, str]]: ...  # noqa: D102


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
    """The answer for ``ref``; ``KeyError`` when it no longer exists."""
    if ref.kind == "theme":
        return engine.theme_answer(ref.id)
    if ref.kind == "case":
        return engine.case_answer(ref.id)
    if ref.kind == "glossary":
        return engine.glossary_answer(ref.id)
    if ref.kind == "question":
        return _question_result(engine.knowledge, ref.id)
    if ref.kind == "recommendation":
        return _recommendation_result(engine.knowledge, ref.id)
    raise KeyError(str(ref))


def cite_text(kb: Knowledge, source_id: str, section: str) -> str:
    """A readable citation: the source's title and the section."""
    source = kb.sources.get(source_id)
    title = source.title if source else source_id
    return f"{title}, {section}" if section else title


def _question_result(kb: Knowledge, question_id: str) -> Result:
    for question in kb.questions:
        if question.id == question_id:
            where = kb.themes.get(question.theme_id or "") or kb.cases.get(question.case_id or "")
            return Result(
                kind="question",
                id=question.id,
                title=where.title if where else "A question to sit with",
                summary=question.text,
                score=0.0,
                questions=(question.text,),
                sources=(cite_text(kb, question.cite.source, question.cite.section),),
                theme_id=question.theme_id,
                case_id=question.case_id,
            )
    raise KeyError(question_id)


def _recommendation_result(kb: Knowledge, rec_id: str) -> Result:
    case_id, _, number = rec_id.partition("-rec-")
    case = kb.cases.get(case_id)
    for rec in case.recommendations if case else ():
        if rec.number == number:
            return Result(
                kind="recommendation",
                id=rec_id,
                title=f"{case.title}: recommendation {rec.number}",
                summary=rec.text,
                score=0.0,
                cases=(CaseRef(id=case.id, title=case.title, how=case.headline),),
                sources=(cite_text(kb, rec.cite.source, rec.cite.section),),
                case_id=case.id,
            )
    raise KeyError(rec_id)
