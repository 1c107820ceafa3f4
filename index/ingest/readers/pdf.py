"""PDF files with a text layer, read with pypdfium2 (PDFium).

PDFium gives the characters in reading order with their type size, weight and
position. From those: lines larger or bolder than the body text are headings
(the sizes rank their levels); a gap wider than the line spacing ends a
paragraph. Running headers and footers (a line repeated at the top or bottom of
most pages, numbers aside) and page numbers are removed, and a word broken
across lines by a hyphen is rejoined, so a quotation that crosses a page or a
line reads as the document does.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from index.ingest.blocks import Document, SourceLine
from index.ingest.errors import IngestError
from index.ingest.lines import parse_lines

#: Longer than any review's main report; a 500-page file is a bundle, not a review.
MAX_PAGES = 300
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I
)
_EDGE_LINES = 3
#: First halves of words that keep their hyphen when a line breaks after it ("multi-agency").
_KEEP_HYPHEN = frozenset(
    "multi non co pre post self well inter cross anti semi sub ex long short full part step half "
    "re de out over under follow up one two three four five six seven eight nine ten first second "
    "third year day age low high in on off".split()
)


@dataclass
class _Line:
    text: str
    size: float
    bold: bool
    top: float
    bottom: float
    page: int


def _open(path: Path, data: bytes):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    if b"%PDF-" not in data[:1024]:
        raise IngestError(
            f"{path.name} is not a PDF (it does not start as one): check the file, or give "
            "the document it came from."
        )
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if (
            getattr(error, "err_code", None) == raw.FPDF_ERR_PASSWORD
            or "password" in str(error).lower()
        ):
            raise IngestError(
                f"{path.name} is protected by a password: open it and save or print an "
                "unprotected copy as PDF, then ingest that."
            ) from error
        raise IngestError(
            f"{path.name} is not a readable PDF ({error}): it may be damaged; download "
            "it again or export it from the original."
        ) from error


def _page_lines(document: object, index: int) -> list[_Line]:
    import ctypes

    import pypdfium2.raw as raw

    page = document[index]  # type: ignore[index]
    textpage = page.get_textpage()
    handle = textpage.raw
    lines: list[_Line] = []
    chars: list[str] = []
    sizes: list[float] = []
    weights: list[int] = []
    tops: list[float] = []
    bottoms: list[float] = []
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))

    def close() -> None:
        text = "".join(chars).strip()
        if text:
            visible = [s for c, s in zip(chars, sizes, strict=True) if not c.isspace()]
            bold = [w for c, w in zip(chars, weights, strict=True) if not c.isspace()]
            lines.append(
                _Line(
                    text=" ".join(text.split()),
                    size=round(max(visible), 1) if visible else 0.0,
                    bold=bool(bold) and min(bold) >= 600,
                    top=max(tops) if tops else 0.0,
                    bottom=min(bottoms) if bottoms else 0.0,
                    page=index + 1,
                )
            )
        for values in (chars, sizes, weights, tops, bottoms):
            values.clear()

    for position in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(handle, position)
        char = chr(code) if code else ""
        if char == "\n":
            close()
            continue
        if char in ("\r", "\ufffe", "\x02"):
            continue
        chars.append(char)
        sizes.append(raw.FPDFText_GetFontSize(handle, position))
        weights.append(raw.FPDFText_GetFontWeight(handle, position))
        if not char.isspace() and raw.FPDFText_GetCharBox(
            handle,
            position,
            ctypes.byref(left),
            ctypes.byref(right),
            ctypes.byref(bottom),
            ctypes.byref(top),
        ):
            tops.append(top.value)
            bottoms.append(bottom.value)
    close()
    textpage.close()
    page.close()
    return lines


def _strip_running(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove page numbers and lines repeated at the top or bottom of most pages."""

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.lower())

    counts: Counter[str] = Counter()
    for lines in pages:
        edges = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        counts.update({key(line) for line in edges})
    repeated = {k for k, n in counts.items() if len(pages) >= 3 and n >= max(3, len(pages) * 0.4)}
    kept_pages: list[list[_Line]] = []
    for lines in pages:
        edge = set(range(min(_EDGE_LINES, len(lines)))) | set(
            range(max(0, len(lines) - _EDGE_LINES), len(lines))
        )
        kept_pages.append(
            [
                line
                for n, line in enumerate(lines)
                if not (n in edge and (key(line) in repeated or _PAGE_NUMBER.match(line.text)))
            ]
        )
    return kept_pages


def _heading_levels(lines: list[_Line]) -> tuple[float, dict[float, int]]:
    """The body type size, and a level for each larger size (largest = 1)."""
    weight: Counter[float] = Counter()
    for line in lines:
        weight[line.size] += len(line.text)
    body = weight.most_common(1)[0][0] if weight else 0.0
    larger = sorted(
        {line.size for line in lines if line.size >= body * 1.15 and line.size - body >= 1},
        reverse=True,
    )
    return body, {size: level for level, size in enumerate(larger[:4], start=1)}


def _is_heading(line: _Line, body: float, levels: dict[float, int]) -> int | None:
    words = len(line.text.split())
    if words > 20 or _PAGE_NUMBER.match(line.text):
        return None
    if line.size in levels:
        return levels[line.size]
    smaller = [level for size, level in levels.items() if size < line.size]
    if smaller:
        return min(smaller)
    if (
        line.bold
        and words <= 14
        and not line.text.endswith((".", ",", ";"))
        and abs(line.size - body) < 1
    ):
        return len(levels) + 1
    return None


def _rejoin(previous: str, following: str, rejoined: set[str]) -> tuple[str, str] | None:
    """("safe-", "guarding is …") -> ("safeguarding", "is …"); None when no hyphen break."""
    end = re.search(r"([A-Za-z]+)-$", previous)
    start = re.match(r"([a-z][\w'’]*)(.*)$", following)
    if not end or not start:
        return None
    first, second = end.group(1), start.group(1)
    if first.lower() in _KEEP_HYPHEN:
        return previous + second, start.group(2).lstrip()
    rejoined.add((first + second).lower())
    return previous[:-1] + second, start.group(2).lstrip()


def _source_lines(pages: list[list[_Line]], rejoined: set[str]) -> list[SourceLine]:
    every = [line for lines in pages for line in lines]
    body, levels = _heading_levels(every)
    out: list[SourceLine] = []
    previous: _Line | None = None
    for line in every:
        level = _is_heading(line, body, levels)
        text = line.text
        if previous is not None and out and out[-1].text:
            if level is not None:
                if (
                    out[-1].heading == level
                    and previous.page == line.page
                    and previous.size == line.size
                ):
                    # A heading wrapped over two lines is one heading.
                    out[-1] = SourceLine(f"{out[-1].text} {text}", out[-1].page, heading=level)
                    previous = line
                    continue
                out.append(SourceLine(""))
            elif out[-1].heading is not None:
                out.append(SourceLine(""))
            else:
                height = max(previous.top - previous.bottom, 1.0)
                same_page = previous.page == line.page
                gap = previous.bottom - line.top if same_page else 0.0
                sentence_end = previous.text.endswith((".", "!", "?", ":", '"', "”"))
                if (same_page and gap > height * 0.7) or (
                    not same_page and sentence_end and text[:1].isupper()
                ):
                    out.append(SourceLine(""))
                else:
                    joined = _rejoin(out[-1].text, text, rejoined)
                    if joined is not None:
                        out[-1] = SourceLine(joined[0], out[-1].page)
                        text = joined[1]
                        if not text:
                            previous = line
                            continue
        out.append(SourceLine(text, line.page, heading=level))
        previous = line
    return out


def read_pdf(path: Path, data: bytes) -> Document:
    """A PDF's text layer, as headings, paragraphs and list items with their pages."""
    document = _open(path, data)
    try:
        count = len(document)
        if count == 0:
            raise IngestError(f"{path.name} has no pages: check you saved the whole document.")
        if count > MAX_PAGES:
            raise IngestError(
                f"{path.name} has {count} pages, more than the {MAX_PAGES} ingest reads: "
                "ingest the review itself without its appendices, or its summary."
            )
        pages = [_page_lines(document, index) for index in range(count)]
    finally:
        document.close()
    if sum(len(line.text) for lines in pages for line in lines) < 40:
        raise IngestError(
            f"{path.name} has no text layer (it looks like a scan): run it through text "
            "recognition (OCR) first, or ingest a text or Word version."
        )
    rejoined: set[str] = set()
    lines = _source_lines(_strip_running(pages), rejoined)
    text = "\n".join(line.text for line in lines)
    return Document(
        blocks=parse_lines(lines),
        text=text,
        file_name=path.name,
        file_format="pdf",
        pages=count,
        rejoined=rejoined,
    )
