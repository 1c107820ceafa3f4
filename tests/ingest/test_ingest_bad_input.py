"""Input ``scrbot ingest`` cannot use: one line saying what was wrong and what to
do, exit status 2, and nothing written (no draft, no source file, no sources.yaml
entry). Every file is made here."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from tests.ingest.conftest import snapshot
from tests.ingest.documents import CHILD_T, write_pdf


def _encrypted_pdf(path: Path) -> Path:
    return write_pdf(path, CHILD_T, encrypt="a-password")


def _scanned_pdf(path: Path) -> Path:
    """Pages with pictures of text but no text layer, as a scanner makes them."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    for _ in range(3):
        for row in range(40):
            page.rect(60, 780 - row * 18, 400 + (row % 5) * 20, 8, fill=1)
        page.showPage()
    page.save()
    return path


def _long_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    for number in range(1, 501):
        page.drawString(72, 720, f"Appendix page {number} of a fictional bundle of case papers.")
        page.showPage()
    page.save()
    return path


def _garbage_pdf(path: Path) -> Path:
    path.write_bytes(os.urandom(4096))
    return path


def _broken_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    return path


def _png() -> bytes:
    """A 2x2 grey PNG, made by hand."""
    raw = b"".join(b"\x00" + b"\x80\x80" for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _images_only_docx(path: Path) -> Path:
    import docx

    picture = path.with_suffix(".png")
    picture.write_bytes(_png())
    document = docx.Document()
    document.add_picture(str(picture))
    document.add_picture(str(picture))
    document.save(str(path))
    return path


def _not_a_docx(path: Path) -> Path:
    path.write_text("This is a text file that was renamed.", encoding="utf-8")
    return path


def _binary_text(path: Path) -> Path:
    path.write_bytes(b"\x00\x01\x02" * 2000)
    return path


CASES = [
    ("encrypted.pdf", _encrypted_pdf, "password"),
    ("scanned.pdf", _scanned_pdf, "no text layer"),
    ("bundle.pdf", _long_pdf, "500 pages"),
    ("garbage.pdf", _garbage_pdf, "not a PDF"),
    ("broken.pdf", _broken_pdf, "not a readable PDF"),
    ("pictures.docx", _images_only_docx, "no text"),
    ("renamed.docx", _not_a_docx, "not a readable Word document"),
    ("binary.txt", _binary_text, "not text"),
]


@pytest.mark.parametrize(("name", "make", "says"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_one_line_and_nothing_written(
    name, make, says, ingest, knowledge, tmp_path
):
    review = make(tmp_path / name)
    before = snapshot(knowledge)

    result = ingest(review)

    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, lines
    assert says in lines[0] and name in lines[0]
    assert ":" in lines[0].split(name, 1)[1], "says what to do after what was wrong"
    assert result.out == ""
    assert snapshot(knowledge) == before
    assert not (knowledge / "drafts").exists()


def test_a_missing_file_is_refused(ingest, knowledge, tmp_path):
    result = ingest(tmp_path / "nowhere.pdf")
    assert result.code == 2 and "was not found" in result.err
