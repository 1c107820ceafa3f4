"""Numbering what a pack's items cite, in the order the citations are first used."""

from __future__ import annotations

from collections.abc import Iterable

from index.model import Cite, Knowledge, Point, Question
from index.pack.model import PackItem, PackQuestion
from index.pack.text import one_line


class Citations:
    """Numbers citations in the order they are first used (after ``texts``, those of
    a pack already made), and makes the items that carry the numbers."""

    def __init__(self, kb: Knowledge, texts: Iterable[str] = ()) -> None:
        self.kb = kb
        self.texts: list[str] = list(texts)

    def number(self, cite: Cite) -> int:
        source = self.kb.sources.get(cite.source)
        text = f"{source.title if source else cite.source}, {cite.section}"
        if text not in self.texts:
            self.texts.append(text)
        return self.texts.index(text) + 1

    def line(self, text: str, cite: Cite, label: str | None = None) -> PackItem:
        return PackItem(text=one_line(text), citation=self.number(cite), label=label)

    def item(self, point: Point, label: str | None = None) -> PackItem:
        return self.line(point.text, point.cite, label)

    def question(self, question: Question, borrowed_from: str | None = None) -> PackQuestion:
        return PackQuestion(
            id=question.id,
            text=one_line(question.text),
            level=question.level,
            citation=self.number(question.cite),
            borrowed_from=borrowed_from,
        )
