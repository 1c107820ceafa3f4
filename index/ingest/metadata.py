"""Title, publisher and publication date from a document's opening.

The *title area* is the run of short blocks before the first real content (a
long paragraph or a list), within the first page of a PDF. The title is its
first heading that is not the publisher's name or a date, with a very short
heading after it joined on ("Learning from Serious Case Reviews" + "Case Z").

The publication date is the first that the document states, most trusted first:
a labelled date ("Published: March 2021"), a date alone or ending a line in the
title area ("Overview report – June 2019"), a date in a running header or footer
(the lines a PDF or Word document prints on every page, or a line a text
repeats, or the short lines that close it). Never a date from the narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.ingest.blocks import Block, Document
from index.ingest.dates import (
    StatedDate,
    cover_line_date,
    labelled_date,
    parse_date,
    title_page_date,
)
from index.ingest.section_kinds import kinds_of

#: Names of the bodies that publish reviews.
PUBLISHER = re.compile(
    r"\b(?:[A-Z][\w'’&.-]*\s+){0,6}?"
    r"(?:Safeguarding\s+(?:Children\s+|Adults?\s+)?(?:Board|Partnership|Children Partnership)"
    r"|Children'?s?\s+Safeguarding\s+(?:Board|Partnership)|Safeguarding Partnership|LSCB\b|NSPCC\b"
    r"|Child Safeguarding Practice Review Panel|(?:County|Borough|City|District) Council\b)",
)
#: Words before a body's name that make it a source cited, not the publisher:
#: "According to the NSPCC", "Cited in NSPCC (2019)", a footnote, a web address.
_CITED = re.compile(
    r"(?:according to|cited in|quoted in|see|source:|ibid|www\.|https?://\S*)"
    r"(?:\s+the)?\s*$|^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰\d]+\s|\n\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+[^\n]*$",
    re.I,
)
_TITLE_AREA_BLOCKS = 12
_LONG_PARAGRAPH_WORDS = 30
#: A line of a text this short that comes back is a header or footer left in by
#: conversion; the closing lines this short are a document's sign-off.
_RUNNING_LINE_WORDS = 16
_CLOSING_LINES = 3
#: "Page 3", "page 3 of 20", "3 of 20", "3/20" ending a header or footer.
_PAGE_NUMBER = re.compile(
    r"(?:^|[|–—·•,]|\s)\s*(?:page(?:\s+\d+(?:\s*(?:of|/)\s*\d+)?)?|\d+\s*(?:of|/)\s*\d+)\s*$",
    re.I,
)


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
        named = _named_publisher(block.text)
        if named:
            return named
    for line in document.text.splitlines()[:200]:
        found = re.search(
            r"\b(?:published|produced|commissioned) by\s+(?:the\s+)?(.{3,80}?)(?:[.,;]|$)",
            line,
            re.I,
        )
        if found and PUBLISHER.search(found.group(1)):
            return found.group(1).strip()
    return _named_publisher(document.text[:20000])


def _named_publisher(text: str) -> str | None:
    """The first body ``text`` names that it does not cite as a source."""
    for match in PUBLISHER.finditer(text):
        if not _CITED.search(text[max(0, match.start() - 40) : match.start()]):
            return match.group(0).strip()
    return None


def _published(document: Document, area: list[Block]) -> StatedDate | None:
    stated = document.meta.get("published")
    if stated:
        return parse_date(stated)
    opening = [b.text for b in area] + [b.text for b in document.blocks[:40]]
    for text in opening:
        found = labelled_date(text)
        if found:
            return found
    for read in (title_page_date, cover_line_date):
        for block in area:
            found = read(block.text)
            if found:
                return found
    for line in running_lines(document):
        line = _PAGE_NUMBER.sub("", line).strip(" |–—-·•,")
        found = title_page_date(line) or cover_line_date(line)
        if found:
            return found
    return None


def running_lines(document: Document) -> list[str]:
    """The document's running headers and footers: what the reader found printed
    on every page, or, in a text, the short lines that recur and the short lines
    that close it."""
    stated = document.meta.get("running_lines")
    if stated:
        return stated.splitlines()
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]
    short = [line for line in lines if len(line.split()) <= _RUNNING_LINE_WORDS]
    seen: set[str] = set()
    repeated: list[str] = []
    for line in short:
        # A footer comes back with its page number changed: "Child D review | Page 3".
        key = _PAGE_NUMBER.sub("", line).strip(" |–—-·•,")
        if key and key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    closing = [
        line
        for line in lines[-_CLOSING_LINES:]
        if len(line.split()) <= _RUNNING_LINE_WORDS and not re.match(r"[-•*●▪]|\d+[.)]\s", line)
    ]
    return repeated + closing


def _is_publisher_or_date(text: str) -> bool:
    match = PUBLISHER.search(text)
    if match and len(text.split()) <= len(match.group(0).split()) + 1:
        return True
    return title_page_date(text) is not None or labelled_date(text) is not None


def _opens_a_section(text: str) -> bool:
    """A heading that begins the document's sections ("1 Introduction", "Contents",
    "Summary"), not a part of its title ("Case Z")."""
    return bool(
        re.match(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s", text)
        or re.match(r"^(?:table of )?contents\b", text, re.I)
        or kinds_of(text)
    )


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
            and not _opens_a_section(following.text)
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
