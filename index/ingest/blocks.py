"""What every reader turns a document into: lines, then blocks.

A reader gives :class:`SourceLine` objects (the document's text, line by line,
with a heading level where the format says so); :mod:`index.ingest.lines` turns
them into :class:`Block` objects: headings, paragraphs and list items, each with
the page it starts on (PDFs only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "item"]


@dataclass(frozen=True)
class SourceLine:
    """One line of a document as its reader saw it.

    ``heading`` is the heading level when the format marks it (a PDF's larger or
    bold type, HTML ``<h2>``, a DOCX "Heading 2" style); None when it does not, and
    the line parser decides. ``item`` is the list depth (1 = top level) when the
    format marks a list item; ``marker`` its number or letter, if any.
    """

    text: str
    page: int | None = None
    heading: int | None = None
    item: int | None = None
    marker: str = ""


@dataclass
class Block:
    """A heading, a paragraph or a list item, in the source's own words."""

    kind: BlockKind
    text: str
    level: int = 1
    marker: str = ""
    page: int | None = None
    #: The headings this block is under, outermost first (filled by sections).
    path: tuple[str, ...] = ()


@dataclass
class Document:
    """A document as read: its blocks, the text kept as the source, and what the
    format itself says about it (an HTML ``<title>``, a stated date)."""

    blocks: list[Block]
    text: str
    file_name: str
    file_format: str
    pages: int | None = None
    meta: dict[str, str] = field(default_factory=dict)
    #: Words the reader rejoined across a line-end hyphen ("safe-/guarding").
    rejoined: set[str] = field(default_factory=set)
