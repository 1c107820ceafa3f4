"""Title, publisher and publication date from a document's opening.

The *title area* is the run of short blocks before the first real content (a
long paragraph or a list), within the first page of a PDF. The title is its
first heading that is not the publisher's name or a date, with a very short
heading after it joined on ("Learning from Serious Case Reviews" + "Case Z").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.ingest.blocks import Block, Document
from index.ingest.dates import StatedDate, labelled_date, parse_date, title_page_date

#: Names of the bodies that publish reviews.
PUBLISHER = re.compile(
    r"\b(?:[A-Z][\w'’&.-]*\s+){0,6}?"
    r"(?:Safeguarding\s+(?:Children\s+|Adults?\s+)?(?:Board|Partnership|Children Partnership)"
    r"|Children'?s?\s+Safeguarding\s+(?:Board|Partnership)|Safeguarding Partnership|LSCB\b|NSPCC\b"
    r"|Child Safeguarding Practice Review Panel|(?:County|Borough|City|District) Council\b)",
)
_TITLE_AREA_BLOCKS = 12
_LONG_PARAGRAPH_WORDS = 30


@dataclass
class Metadata:
    title: str
    publisher: str | None
    published: StatedDate | None
    #: Headings that belong to the title page, not to a section.
    title_headings: frozenset[str]


def _title_area(blocks: list[Block]) -> list[Block]:
    area: list[Block] = []
    first_page = blocks[0].page if blocks else None
    for block in blocks[:_TITLE_AREA_BLOCKS]:
        if block.kind == "item" or len(block.text.split()) > _LONG_PARAGRAPH_WORDS:
            break
        if first_page is not None and block.page != first_page:
            break
        area.append(block)
    return area


def _publisher(document: Document, area: list[Block]) -> str | None:
    stated = document.meta.get("publisher")
    if stated:
        return stated
    for block in area:
        match = PUBLISHER.search(block.text)
        if match:
            return match.group(0).strip()
    for line in document.text.splitlines()[:200]:
        found = re.search(
            r"\b(?:published|produced|commissioned) by\s+(?:the\s+)?(.{3,80}?)(?:[.,;]|$)",
            line,
            re.I,
        )
        if found and PUBLISHER.search(found.group(1)):
            return found.group(1).strip()
    match = PUBLISHER.search(document.text[:20000])
    return match.group(0).strip() if match else None


def _published(document: Document, area: list[Block]) -> StatedDate | None:
    stated = document.meta.get("published")
    if stated:
        return parse_date(stated)
    opening = [b.text for b in area] + [b.text for b in document.blocks[:40]]
    for text in opening:
        found = labelled_date(text)
        if found:
            return found
    for block in area:
        found = title_page_date(block.text)
        if found:
            return found
    return None


def _is_publisher_or_date(text: str) -> bool:
    match = PUBLISHER.search(text)
    if match and len(text.split()) <= len(match.group(0).split()) + 1:
        return True
    return title_page_date(text) is not None or labelled_date(text) is not None


def read_metadata(document: Document) -> Metadata:
    """What the document's opening says about it."""
    area = _title_area(document.blocks)
    candidates = [b for b in area if b.kind == "heading" and not _is_publisher_or_date(b.text)]
    if document.file_format in ("pdf", "docx", "html"):
        # The format ranks its headings: the title is the most prominent.
        candidates.sort(key=lambda b: b.level or 99)
    if not candidates:
        candidates = [
            b for b in area if not _is_publisher_or_date(b.text) and len(b.text.split()) <= 20
        ]
    title = document.meta.get("title") or ""
    used: list[str] = []
    if candidates:
        first = candidates[0]
        used.append(first.text)
        words = first.text
        after = area.index(first) + 1
        following = area[after] if after < len(area) else None
        if (
            following is not None
            and following in candidates
            and len(following.text.split()) <= 3
            and not title
        ):
            words = f"{first.text.rstrip(':')}: {following.text}"
            used.append(following.text)
        if not title:
            title = words
    if not title:
        title = (
            re.sub(r"[_-]+", " ", document.file_name.rsplit(".", 1)[0]).strip()
            or document.file_name
        )
    headings = frozenset(
        [
            b.text
            for b in area
            if b.kind == "heading" and (b.text in used or _is_publisher_or_date(b.text))
        ]
        + ([title] if title else [])
    )
    return Metadata(
        title=title,
        publisher=_publisher(document, area),
        published=_published(document, area),
        title_headings=headings,
    )
