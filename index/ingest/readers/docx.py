"""Word documents (.docx), with python-docx: heading styles give the sections, list
styles and numbering the items; table cells are read as paragraphs."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from index.ingest.blocks import Document, SourceLine
from index.ingest.errors import IngestError
from index.ingest.lines import parse_lines

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)


def _paragraphs(document: Any) -> Iterator[Any]:
    """Body paragraphs in order, with the paragraphs of tables where they stand."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(element, document)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                for cell in row.cells:
                    yield from cell.paragraphs


def _line(paragraph: Any) -> SourceLine:
    text = paragraph.text.replace("\t", " ").strip()
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = _HEADING_STYLE.match(style)
    if heading:
        return SourceLine(text, heading=int(heading.group(1)))
    if style.lower() == "title":
        return SourceLine(text, heading=1)
    properties = paragraph._p.pPr
    numbered = properties is not None and properties.numPr is not None
    if numbered or style.lower().startswith("list"):
        level = 1
        if numbered and properties.numPr.ilvl is not None and properties.numPr.ilvl.val is not None:
            level = int(properties.numPr.ilvl.val) + 1
        return SourceLine(text, item=level)
    return SourceLine(text)


def read_docx(path: Path, data: bytes) -> Document:
    """A .docx file's text, headings and lists."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise IngestError(
            f"{path.name} is not a readable Word document (it is not a .docx file inside): "
            "open it in Word and save it again as .docx, or export a PDF."
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise IngestError(
            f"{path.name} is not a readable Word document ({error}): open it in Word and "
            "save it again as .docx, or export a PDF."
        ) from error
    lines: list[SourceLine] = []
    for paragraph in _paragraphs(document):
        line = _line(paragraph)
        if line.text:
            lines.append(line)
            lines.append(SourceLine(""))
    if not lines:
        raise IngestError(
            f"{path.name} has no text (only pictures or empty pages): ingest a version with "
            "the text in it, or a PDF with a text layer."
        )
    text = "\n".join(line.text for line in lines)
    running = _running_lines(document)
    return Document(
        blocks=parse_lines(lines),
        text=text,
        file_name=path.name,
        file_format="docx",
        meta={"running_lines": "\n".join(running)} if running else {},
    )


def _running_lines(document: Any) -> list[str]:
    """The words of the headers and footers Word prints on every page."""
    found: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer):  # fmt: skip
            for paragraph in part.paragraphs:
                text = " ".join(paragraph.text.split())
                if text and text not in found:
                    found.append(text)
    return found
