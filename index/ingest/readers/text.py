"""Plain text and Markdown."""

from __future__ import annotations

from pathlib import Path

from index.ingest.blocks import Document, SourceLine
from index.ingest.errors import IngestError
from index.ingest.lines import parse_lines


def decode_text(path: Path, data: bytes) -> str:
    """The file's text (UTF-8, else Windows-1252); IngestError for binary data."""
    if b"\x00" in data[:4096] or _mostly_control(data[:4096]):
        raise IngestError(
            f"{path.name} is not text (it holds binary data): check the file, or give "
            "the PDF or Word document it came from."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _mostly_control(sample: bytes) -> bool:
    if not sample:
        return False
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return control > len(sample) // 20


def read_text(path: Path, data: bytes) -> Document:
    """A .txt or .md file; the text is kept as it is."""
    text = decode_text(path, data).replace("\r\n", "\n").replace("\r", "\n")
    blocks = parse_lines(SourceLine(line) for line in text.split("\n"))
    fmt = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    return Document(blocks=blocks, text=text, file_name=path.name, file_format=fmt)
