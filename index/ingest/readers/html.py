"""HTML pages: the ``<main>`` content (else ``<article>``, else ``<body>``), without
navigation, headers, footers, asides, scripts, styles and forms."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from index.ingest.blocks import Document, SourceLine
from index.ingest.lines import parse_lines
from index.ingest.readers.text import decode_text

_SKIP = frozenset(
    {
        "nav",
        "header",
        "footer",
        "aside",
        "script",
        "style",
        "form",
        "noscript",
        "template",
        "svg",
        "button",
        "select",
    }
)
_BLOCK = frozenset(
    "p div section article main blockquote pre table tr dl dt dd figure figcaption address "
    "body br hr td th".split()
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_VOID = frozenset(
    {
        "br",
        "hr",
        "img",
        "meta",
        "link",
        "input",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
    }
)
_DATE_META = (
    "article:published_time",
    "dcterms.issued",
    "dcterms.date",
    "dc.date",
    "date",
    "citation_publication_date",
)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.regions: dict[str, list[SourceLine]] = {"main": [], "article": [], "body": []}
        self.inside = {"main": 0, "article": 0}
        self.skip = 0
        self.text: list[str] = []
        self.heading: int | None = None
        self.lists: list[tuple[str, int]] = []  # (ul|ol, next number)
        self.item: tuple[int, str] | None = None
        self.title_parts: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}
        self.time_in_main: str | None = None

    def emit(self) -> None:
        text = " ".join("".join(self.text).split())
        self.text = []
        if not text:
            return
        if self.heading is not None:
            line = SourceLine(text, heading=self.heading)
        elif self.item is not None:
            line = SourceLine(text, item=self.item[0], marker=self.item[1])
            self.item = None
        else:
            line = SourceLine(text)
        targets = ["body"] + [name for name, depth in self.inside.items() if depth]
        for name in targets:
            self.regions[name].append(line)
            self.regions[name].append(SourceLine(""))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key in _DATE_META and values.get("content"):
                self.meta.setdefault("published", values["content"])
            if key in ("og:title", "dc.title", "citation_title") and values.get("content"):
                self.meta.setdefault("title", values["content"])
            if key in ("og:site_name", "dc.publisher", "citation_publisher") and values.get(
                "content"
            ):
                self.meta.setdefault("publisher", values["content"])
            return
        if tag == "title":
            self.in_title = True
            return
        if tag in _SKIP or values.get("role") in ("navigation", "banner", "contentinfo"):
            if tag not in _VOID:
                self.skip += 1
            return
        if self.skip:
            return
        if (
            tag == "time"
            and any(self.inside.values())
            and values.get("datetime")
            and self.time_in_main is None
        ):
            self.time_in_main = values["datetime"]
        if tag in self.inside:
            self.emit()
            self.inside[tag] += 1
        elif tag in _HEADINGS:
            self.emit()
            self.heading = _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            self.emit()
            self.lists.append((tag, 1))
        elif tag == "li":
            self.emit()
            kind, number = self.lists[-1] if self.lists else ("ul", 1)
            marker = str(number) if kind == "ol" else ""
            if self.lists:
                self.lists[-1] = (kind, number + 1)
            self.item = (max(1, len(self.lists)), marker)
        elif tag in _BLOCK:
            self.emit()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in self.inside:
            self.emit()
            self.inside[tag] = max(0, self.inside[tag] - 1)
        elif tag in _HEADINGS:
            self.emit()
            self.heading = None
        elif tag in ("ul", "ol"):
            self.emit()
            if self.lists:
                self.lists.pop()
        elif tag in _BLOCK or tag == "li":
            self.emit()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip:
            self.text.append(data)


def _page_title(title: str) -> str:
    """ "Learning from Case T | Anyshire Safeguarding Partnership" -> "Learning from Case T"."""
    for separator in (" | ", " – ", " — ", " - "):
        if separator in title:
            return title.split(separator)[0].strip()
    return title.strip()


def _site_name(title: str) -> str | None:
    """The site's name from a page title, when it names a publisher.

    "Baby L | Brookfield Safeguarding Partnership" -> "Brookfield Safeguarding Partnership".
    """
    from index.ingest.metadata import PUBLISHER

    for separator in (" | ", " – ", " — ", " - "):
        if separator in title:
            site = title.rsplit(separator, 1)[1].strip()
            return site if PUBLISHER.search(site) else None
    return None


def read_html(path: Path, data: bytes) -> Document:
    """An HTML page's main content; its ``<title>`` and dated metadata where stated."""
    page = _Page()
    page.feed(decode_text(path, data))
    page.close()
    page.emit()
    lines = next(
        page.regions[name]
        for name in ("main", "article", "body")
        if page.regions[name] or name == "body"
    )
    blocks = parse_lines(lines)
    text = "\n".join(line.text for line in lines)
    meta = dict(page.meta)
    if "published" not in meta and page.time_in_main:
        meta["published"] = page.time_in_main
    h1 = next((line.text for line in lines if line.heading == 1), None)
    if h1:
        meta["title"] = h1
    elif "title" not in meta and "".join(page.title_parts).strip():
        meta["title"] = _page_title(" ".join("".join(page.title_parts).split()))
    site = _site_name(" ".join("".join(page.title_parts).split()))
    if site and "publisher" not in meta:
        meta["publisher"] = site
    return Document(blocks=blocks, text=text, file_name=path.name, file_format="html", meta=meta)
