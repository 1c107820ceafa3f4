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
_EDGE_LINES = 2
#: A paragraph numbered as reports number them: "5.3 Children's Services should …".
_NUMBERED_PARAGRAPH = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,2}\.?\s+[A-Z]")
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
    left: float = 0.0
    right: float = 0.0
    baseline: float = 0.0


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


#: Characters of a line whose type size, weight and position are read: reading
#: every character's costs ten times as long, and a line is set in one style.
_SAMPLES = 5


def _page_lines(document: object, index: int) -> list[_Line]:
    """The lines of one page, with their type size, weight and position."""
    import ctypes

    import pypdfium2.raw as raw

    page = document[index]  # type: ignore[index]
    textpage = page.get_textpage()
    handle = textpage.raw
    count = textpage.count_chars()
    text = textpage.get_text_range() if count else ""
    if len(text) == count:
        chars = list(text.replace("\ufffe", "\x02"))
    else:  # text and character indexes differ (rare): read each character
        chars = []
        for position in range(count):
            code = raw.FPDFText_GetUnicode(handle, position)
            chars.append("\x02" if code == 2 else chr(code) if code else "")
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    lines: list[_Line] = []
    start = 0
    for end in [n for n, c in enumerate(chars) if c == "\n"] + [count]:
        visible = [n for n in range(start, end) if chars[n].strip() and chars[n] != "\x02"]
        words = " ".join("".join(c for c in chars[start:end] if c != "\r").split())
        start = end + 1
        if not words or not visible:
            continue
        step = max(1, len(visible) // (_SAMPLES - 1))
        sampled = sorted({*visible[::step], visible[-1]})
        boxes: list[tuple[float, float, float, float]] = []
        for n in sampled:
            if raw.FPDFText_GetCharBox(
                handle, n, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom),
                ctypes.byref(top),
            ):  # fmt: skip
                boxes.append((left.value, right.value, bottom.value, top.value))
        has_origin = raw.FPDFText_GetCharOrigin(
            handle, visible[0], ctypes.byref(x), ctypes.byref(y)
        )
        lines.append(
            _Line(
                text=words,
                baseline=y.value if has_origin else 0.0,
                size=round(max(raw.FPDFText_GetFontSize(handle, n) for n in sampled), 1),
                bold=min(raw.FPDFText_GetFontWeight(handle, n) for n in sampled) >= 600,
                top=max((b[3] for b in boxes), default=0.0),
                bottom=min((b[2] for b in boxes), default=0.0),
                page=index + 1,
                left=min((b[0] for b in boxes), default=0.0),
                right=max((b[1] for b in boxes), default=0.0),
            )
        )
    textpage.close()
    page.close()
    return lines


def _set_apart(lines: list[_Line]) -> list[_Line]:
    """The lines at the top and bottom of a page that stand apart from the text
    (a gap wider than a line and a half between them and the next line in), as
    running headers, footers and page numbers do; up to two at each end."""
    by_height = sorted(lines, key=lambda line: -line.top)
    apart: list[_Line] = []
    for ordered in (by_height, by_height[::-1]):
        for outer, inner in zip(ordered[:_EDGE_LINES], ordered[1 : _EDGE_LINES + 1], strict=False):
            height = max(outer.top - outer.bottom, 1.0)
            gap = inner.bottom - outer.top if ordered is not by_height else outer.bottom - inner.top
            if gap < height * 1.5:
                break
            apart.append(outer)
    return apart


def _strip_running(pages: list[list[_Line]]) -> tuple[list[list[_Line]], list[str]]:
    """Remove page numbers and running headers and footers: lines set apart at the
    top or bottom of a page that repeat on most pages (numbers aside). Returns the
    pages without them, and the running lines' words (once each)."""

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.lower())

    edges = [_set_apart(lines) for lines in pages]
    counts: Counter[str] = Counter()
    for page_edges in edges:
        counts.update({key(line) for line in page_edges})
    pages_count = len(pages)
    repeated = {
        k
        for k, n in counts.items()
        if pages_count >= 2 and (n == pages_count or n >= max(3, pages_count * 0.4))
    }
    running: dict[str, str] = {}
    for page_edges in edges:
        for line in page_edges:
            if key(line) in repeated:
                running.setdefault(key(line), line.text)
    stripped = [
        [
            line
            for line in lines
            if not (
                any(line is e for e in page_edges)
                and (key(line) in repeated or _PAGE_NUMBER.match(line.text))
            )
        ]
        for lines, page_edges in zip(pages, edges, strict=True)
    ]
    return stripped, list(running.values())


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


def _full_width(line: _Line, page: list[_Line]) -> bool:
    """Whether ``line`` runs to the right edge of its column, as a line does when
    its paragraph goes on in the next column or page."""
    column = sorted(other.right - other.left for other in page if abs(other.left - line.left) < 6)
    if len(column) < 3:
        return False
    typical = column[int(len(column) * 0.9) - 1]
    return line.right - line.left >= typical * 0.95


_MARKED_HYPHEN = re.compile(r"([A-Za-z]+)\x02\s*([A-Za-z]*)")


def _rejoin_marked(text: str, rejoined: set[str]) -> str:
    """Words PDFium found broken by a hyphen at a line end ("safe\x02guarding")."""

    def join(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        if first.lower() in _KEEP_HYPHEN or not second[:1].islower():
            return f"{first}-{second}"
        rejoined.add((first + second).lower())
        return first + second

    return _MARKED_HYPHEN.sub(join, text).replace("\x02", "-")


def _line_spacing(every: list[_Line]) -> dict[float, float]:
    """For each type size, the usual distance between the baselines of two lines
    of one paragraph."""
    steps: dict[float, Counter[float]] = {}
    for previous, line in zip(every, every[1:], strict=False):
        step = previous.baseline - line.baseline
        if previous.page == line.page and previous.size == line.size and 0 < step < line.size * 3:
            steps.setdefault(line.size, Counter())[round(step * 2) / 2] += 1
    # Within a paragraph, baselines step about 1.2 times the type size; a step
    # much wider is the space between paragraphs, however common it is.
    usual: dict[float, float] = {}
    for size, counter in steps.items():
        close = [(n, step) for step, n in counter.items() if step <= size * 1.45]
        if close:
            usual[size] = max(close)[1]
    return usual


def _source_lines(pages: list[list[_Line]], rejoined: set[str]) -> list[SourceLine]:
    every = [line for lines in pages for line in lines]
    spacing = _line_spacing(every)
    for line in every:
        if "\x02" in line.text:
            line.text = _rejoin_marked(line.text, rejoined)
    by_page = {lines[0].page: lines for lines in pages if lines}
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
                # The same column: the next line is below the last one.
                flowing = previous.page == line.page and line.baseline < previous.baseline
                usual = spacing.get(line.size, line.size * 1.2)
                step = previous.baseline - line.baseline if flowing else 0.0
                sentence_end = previous.text.endswith((".", "!", "?", ":", '"', "”"))
                carried_on = _full_width(previous, by_page.get(previous.page, []))
                starts_anew = text[:1].isupper() or bool(_NUMBERED_PARAGRAPH.match(text))
                if (flowing and step > usual * 1.3) or (
                    not flowing and sentence_end and starts_anew and not carried_on
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
    body, running = _strip_running(pages)
    lines = _source_lines(body, rejoined)
    text = "\n".join(line.text for line in lines)
    return Document(
        meta={"running_lines": "\n".join(running)} if running else {},
        blocks=parse_lines(lines, guess_headings=False),
        text=text,
        file_name=path.name,
        file_format="pdf",
        pages=count,
        rejoined=rejoined,
    )
