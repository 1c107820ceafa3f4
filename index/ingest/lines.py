"""Lines into blocks: headings, paragraphs and list items.

Every format ends here. Markdown marks (``#`` headings, ``-``/``1.`` lists) are
read in any text, since published reviews reach us as Markdown or as text
converted from slides that keeps them. Lines that no format marked are headings
when they stand alone and read like one (:func:`reads_as_heading`): short, no
closing full stop, not a lead-in to a list ("Agencies involved were:").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.ingest.blocks import Block, SourceLine
from index.ingest.inline import clean_inline

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+](?=\s)|[•▪■◦●○·◆➢►✓\uf0b7\uf0a7])\s*(.*)$")
_NUMBERED = re.compile(
    r"^(\s*)\(?((?:\d{1,2}[a-z]?)|[a-z]|[ivx]{1,4})[.)](?=\s)\s*(.*)$", re.IGNORECASE
)
#: "2.1 Chronic neglect", "3 Learning Themes for Practice", "4.4. Adolescent safety".
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?=[A-Z])(.*)$")
#: A section number rather than a list number: "2.1 Chronic neglect", "4 Conclusion".
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,2})\s+(?=[A-Z])")
_FOOTNOTE = re.compile(r"^[\u00b9\u00b2\u00b3\u2070-\u2079]+|^\[\d+\]")


def is_footnote(text: str) -> bool:
    """A footnote's text ("¹² Ibid p.139", "[3] Working Together 2018")."""
    return bool(_FOOTNOTE.match(text))


_LEAD_IN_END = frozenset(
    "that the to of and or with for a an in on by include includes including "
    "were are is was as from which who be such following e.g. i.e.".split()
)
_WORD = re.compile(r"[A-Za-z0-9'’]+")
#: A contents-page line: "2.1 Chronic neglect ..... 4", "Introduction<TAB>2".
CONTENTS_LINE = re.compile(
    r"^\s*(\S.{1,120}?)(?:\s*(?:\.\s?){3,}\s*|\s*…+\s*|\t+\s*|\s{3,})(\d{1,3})\s*$"
)
_CONTENTS_HEADING = re.compile(r"^\W*(?:table of )?contents\W*$", re.IGNORECASE)
_ENDS_IN_PAGE = re.compile(r"\s\d{1,3}\s*$")


#: Words that make a numbered line a sentence ("5.1 The Board should audit plans.")
#: rather than a heading ending in a full stop ("3.1 Professional Curiosity.").
_VERB = re.compile(
    r"\b(?:should|must|shall|will|would|could|can|may|needs? to|is|are|was|were|has|have|had)\b",
    re.I,
)


def reads_as_heading(text: str) -> bool:
    """Whether a line standing on its own reads as a heading.

    >>> reads_as_heading("Case Z: TOR1 – care leaver planning")
    True
    >>> reads_as_heading("Children's Services: to assure the NSCB that")
    False
    """
    words = _WORD.findall(text)
    # A section-numbered heading ("4.4 Adolescent Safeguarding including …") may run long.
    dotted = re.match(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s", text) is not None
    most_chars, most_words = (160, 24) if dotted else (110, 16)
    if not words or len(text) > most_chars or len(words) > most_words:
        return False
    first = text.lstrip("\"'“‘(")[:1]
    if not (first.isupper() or first.isdigit()) or _FOOTNOTE.match(text):
        return False
    if text.lower().startswith(("http", "www.")) or "@" in text:
        return False
    numbered = NUMBERED_HEADING.match(text)
    # "2.1.1 Identifying neglect:" is a heading; "3.1 The review was asked:" is not.
    if text.endswith(":") and _numbered_section(text):
        return True
    if text.endswith((":", ";", ",", "?", "!", "…", "...")):
        return False
    if text.endswith(".") and not (numbered and len(words) <= 10 and not _VERB.search(text)):
        return False
    if words[-1].lower() in _LEAD_IN_END:
        return False
    # A sentence that happens to be short ("He remains in care") rarely has no
    # capitalised word after the first; headings mostly do, or are very short.
    return len(words) <= 6 or any(w[:1].isupper() or w[:1].isdigit() for w in words[1:])


class _Builder:
    def __init__(self, guess_headings: bool) -> None:
        self.guess_headings = guess_headings
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []
        self.paragraph_page: int | None = None
        self.paragraph_marked = False  # a format said this line is a heading
        self.item_open = False  # the last block is an item that may continue
        self.indents: list[int] = []

    def flush(self) -> None:
        if not self.paragraph:
            return
        text = clean_inline(" ".join(self.paragraph))
        lines = len(self.paragraph)
        self.paragraph = []
        if not text:
            return
        if self.guess_headings and lines <= 2 and reads_as_heading(text):
            numbered = NUMBERED_HEADING.match(text)
            level = len(numbered.group(1).split(".")) if numbered else 0
            self.blocks.append(Block("heading", text, level=level, page=self.paragraph_page))
        else:
            self.blocks.append(Block("paragraph", text, page=self.paragraph_page))
        self.item_open = False

    def heading(self, text: str, level: int, page: int | None) -> None:
        self.flush()
        text = clean_inline(text)
        if text:
            self.blocks.append(Block("heading", text, level=level, page=page))
        self.item_open = False

    def item(self, text: str, indent: int, marker: str, page: int | None) -> None:
        self.flush()
        while self.indents and self.indents[-1] > indent:
            self.indents.pop()
        if not self.indents or self.indents[-1] < indent:
            self.indents.append(indent)
        depth = len(self.indents)
        self.blocks.append(Block("item", clean_inline(text), level=depth, marker=marker, page=page))
        self.item_open = True

    def marked_item(self, text: str, depth: int, marker: str, page: int | None) -> None:
        self.flush()
        self.blocks.append(Block("item", clean_inline(text), level=depth, marker=marker, page=page))
        self.item_open = True

    def continue_item(self, text: str) -> None:
        last = self.blocks[-1]
        last.text = clean_inline(f"{last.text} {text}")

    def line(self, text: str, page: int | None) -> None:
        if not self.paragraph:
            self.paragraph_page = page
        self.paragraph.append(text.strip())


def parse_lines(lines: Iterable[SourceLine], *, guess_headings: bool = True) -> list[Block]:
    """The blocks of a document, in reading order.

    Headings found by reading keep level 0 when nothing says their level
    (:mod:`index.ingest.sections` places them); Markdown and marked headings
    keep theirs. ``guess_headings=False`` when the format marks every heading
    (a PDF's type sizes), so a short line is never taken for one.
    """
    b = _Builder(guess_headings)
    in_contents = False
    for line in lines:
        if _CONTENTS_HEADING.match(clean_inline(line.text.lstrip("# "))):
            b.flush()
            in_contents = True
            continue
        if CONTENTS_LINE.match(line.text) or (in_contents and _ENDS_IN_PAGE.search(line.text)):
            in_contents = True
            continue  # a contents page lists headings; it is not content
        if line.text.strip():
            in_contents = False
        raw = line.text.replace("\t", "    ").rstrip()
        stripped = raw.strip()
        if not stripped:
            b.flush()
            b.item_open = False
            b.indents = []
            continue
        if line.heading is not None:
            b.heading(stripped, line.heading, line.page)
            continue
        if line.item is not None:
            b.marked_item(stripped, line.item, line.marker, line.page)
            continue
        atx = _ATX.match(stripped)
        if atx:
            b.heading(atx.group(2), len(atx.group(1)), line.page)
            continue
        bullet = _BULLET.match(raw)
        if bullet and bullet.group(2).strip():
            b.item(bullet.group(2), len(bullet.group(1)), "", line.page)
            continue
        numbered = _NUMBERED.match(raw)
        if numbered and numbered.group(3).strip() and not _SECTION_NUMBER.match(stripped):
            b.item(numbered.group(3), len(numbered.group(1)), numbered.group(2), line.page)
            continue
        if b.item_open and not b.paragraph:
            b.continue_item(stripped)
            continue
        b.line(stripped, line.page)
    b.flush()
    return _settle_headings(b.blocks)


_RECOMMENDATION_LABEL = re.compile(r"^recommendations?\s+\d", re.IGNORECASE)


def _numbered_section(text: str) -> bool:
    """ "2.1.1 Identifying neglect:", a numbered section heading that ends in a colon."""
    words = _WORD.findall(text)
    return bool(NUMBERED_HEADING.match(text)) and len(words) <= 8 and not _VERB.search(text)


def _settle_headings(blocks: list[Block]) -> list[Block]:
    """Headings that are really lead-ins or item labels become paragraphs.

    "Agencies involved were:" marked as a heading introduces a list, and
    "Recommendation 3b" labels the paragraph under it; neither opens a section.
    A heading ending in a colon stays one when another heading follows it
    directly ("Case M:" above "Patterns identified 2012 - 2013"), or when it is
    numbered as a section and a paragraph follows ("2.1.1 Identifying neglect:").
    """
    for index, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        lead_in = (
            block.text.endswith(":")
            and not (following and following.kind == "heading")
            and not (following and following.kind == "paragraph" and _numbered_section(block.text))
        )
        if lead_in or _RECOMMENDATION_LABEL.match(block.text):
            block.kind = "paragraph"
            block.level = 1
    return blocks
