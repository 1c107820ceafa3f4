"""One reader per format; :func:`read_document` picks by the file's extension.

Each reader returns a :class:`index.ingest.blocks.Document` or raises
:class:`index.ingest.errors.IngestError` with one line saying what was wrong
and what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.ingest.blocks import Document
from index.ingest.errors import IngestError

#: The largest file ingest reads: published reviews are well under this.
MAX_BYTES = 50 * 1024 * 1024

Reader = Callable[[Path, bytes], Document]


def _readers() -> dict[str, Reader]:
    from index.ingest.readers import docx, html, pdf, text

    return {
        ".pdf": pdf.read_pdf,
        ".md": text.read_text,
        ".markdown": text.read_text,
        ".txt": text.read_text,
        ".text": text.read_text,
        ".html": html.read_html,
        ".htm": html.read_html,
        ".docx": docx.read_docx,
    }


#: What ``scrbot ingest`` reads, for messages and help.
FORMATS = ".pdf, .docx, .html/.htm, .md and .txt"


def read_document(path: Path) -> Document:
    """Read ``path`` by its extension; IngestError for anything it cannot use."""
    readers = _readers()
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise IngestError(
            f"{path.name} is an old Word (.doc) file, which ingest cannot read: "
            "save it as .docx or PDF and ingest that."
        )
    if suffix not in readers:
        shown = f"'{suffix}'" if suffix else "no extension"
        raise IngestError(
            f"{path.name} has {shown}, which ingest does not read: "
            f"give a {FORMATS} file (save or export the review as one of those)."
        )
    if not path.exists():
        raise IngestError(f"{path} was not found: check the path and try again.")
    if not path.is_file():
        raise IngestError(f"{path} is not a file: give the path of one document.")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(f"{path.name} is empty (0 bytes): check you saved the whole document.")
    if size > MAX_BYTES:
        raise IngestError(
            f"{path.name} is {size // (1024 * 1024)} MB, more than the "
            f"{MAX_BYTES // (1024 * 1024)} MB ingest reads: ingest the review without "
            "its appendices, or its summary."
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(
            f"{path} could not be read ({error.strerror}): check its permissions."
        ) from error
    document = readers[suffix](path, data)
    if not any(block.text for block in document.blocks):
        raise IngestError(
            f"{path.name} has no text ingest can read: check it is the review itself, "
            "not a scan or a picture of it."
        )
    return document
