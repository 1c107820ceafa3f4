"""A pack as plain data: its subject, parts, items and questions, ready to render."""

from __future__ import annotations

from dataclasses import dataclass

from index.pack.formats import PackFormat

#: Part key -> title, in the pack's fixed order.
PART_TITLES: dict[str, str] = {
    "what_happened": "What happened",
    "why_it_matters": "Why it matters",
    "good_practice": "What good practice looks like",
    "questions": "Questions to discuss",
    "embedding": "Embedding the learning",
}


@dataclass(frozen=True)
class Subject:
    """What a pack is about: a theme or a case, by id."""

    kind: str
    id: str
    title: str

    @property
    def ref(self) -> str:
        """``theme:<id>`` or ``case:<id>``, as buttons and the record of use name it."""
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class PackItem:
    """One line of a part; ``citation`` numbers :attr:`Pack.citations` from 1.

    ``label`` names where it comes from when that matters to the reader (the
    case a vignette is from, a recommendation's number).
    """

    text: str
    citation: int
    label: str | None = None


@dataclass(frozen=True)
class PackPart:
    """One part of the pack, with its suggested minutes in this format."""

    key: str
    title: str
    minutes: int
    items: tuple[PackItem, ...] = ()
    #: A second list under its own heading (e.g. what went well in a case).
    extra_title: str | None = None
    extra_items: tuple[PackItem, ...] = ()
    #: A line after the items, e.g. that the full review has more findings.
    note: str | None = None


@dataclass(frozen=True)
class PackQuestion:
    """A reflective question; ``borrowed_from`` names the case or theme it was taken
    from when it is not the subject's own."""

    id: str
    text: str
    level: str
    citation: int
    borrowed_from: str | None = None


@dataclass(frozen=True)
class Pack:
    """A whole pack, ready to render."""

    subject: Subject
    format: PackFormat
    summary: str
    summary_citation: int
    parts: tuple[PackPart, ...]
    questions: tuple[PackQuestion, ...]
    closing: tuple[str, ...]
    citations: tuple[str, ...]
    #: Themes the subject links to, to choose the next session from.
    related: tuple[Subject, ...] = ()

    @property
    def title(self) -> str:
        return self.subject.title

    def part(self, key: str) -> PackPart:
        return next(part for part in self.parts if part.key == key)
