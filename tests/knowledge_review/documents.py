"""A plainly fictional published review, written during the test run as PDF (with
reportlab), Word (python-docx), HTML or Markdown, for ``scrbot ingest`` to read.

The Brookfield partnership and Child Wren are made up; nothing here is taken
from a real review.
"""

from __future__ import annotations

import html
from pathlib import Path

TITLE = "Local Child Safeguarding Practice Review: Child Wren"
#: The child the review is named after, in TITLE and SUMMARY.
CHILD = "Wren"
PUBLISHER = "Brookfield Safeguarding Children Partnership"
SUMMARY = (
    "Child Wren, a seven-year-old, lived with a parent in a flat above a closed shop. "
    "Staff at the primary school noticed that Wren was often tired and came to school "
    "without a coat through the winter."
)
FINDINGS = (
    "The school nurse recorded worries about Wren's tiredness on nine occasions but each "
    "record was filed separately and no one saw the pattern.",
    "The housing officer and the school did not share what each knew about the damp in the flat.",
)
RECOMMENDATIONS = (
    "The Partnership should make sure that schools bring together repeated small worries "
    "about one child before deciding what to do.",
    "Housing and education services should agree how they tell each other about a "
    "child's living conditions.",
)


def sections(child: str = CHILD) -> list[tuple[str, list[str], bool]]:
    """(heading, paragraphs, numbered) for each section of the review."""
    return [
        ("Summary of the case", [SUMMARY.replace(CHILD, child)], False),
        ("Findings", list(FINDINGS), True),
        ("Recommendations", list(RECOMMENDATIONS), True),
    ]


def write_review(folder: Path, form: str, child: str = CHILD) -> Path:
    """The review of Child ``child`` as a ``form`` file (pdf, docx, html or md) in
    ``folder``."""
    path = folder / f"child-{child.lower()}.{form}"
    {"pdf": _pdf, "docx": _docx, "html": _html, "md": _markdown}[form](path, child)
    return path


def title(child: str = CHILD) -> str:
    return TITLE.replace(CHILD, child)


def _markdown(path: Path, child: str) -> None:
    lines = [f"# {title(child)}", "", f"Published by the {PUBLISHER}.", ""]
    for heading, paragraphs, numbered in sections(child):
        lines += [f"## {heading}", ""]
        for number, paragraph in enumerate(paragraphs, start=1):
            lines += [f"{number}. {paragraph}" if numbered else paragraph, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _html(path: Path, child: str) -> None:
    parts = [
        "<!doctype html><html><head><title>Child Wren</title></head><body>",
        "<nav><a href='/'>Home</a> <a href='/reviews'>Reviews</a></nav><main>",
        f"<h1>{html.escape(title(child))}</h1><p>Published by the {html.escape(PUBLISHER)}.</p>",
    ]
    for heading, paragraphs, numbered in sections(child):
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        if numbered:
            parts.append("<ol>" + "".join(f"<li>{html.escape(p)}</li>" for p in paragraphs))
            parts.append("</ol>")
        else:
            parts += [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    parts.append("</main><footer>Brookfield, a made-up place</footer></body></html>")
    path.write_text("".join(parts), encoding="utf-8")


def _docx(path: Path, child: str) -> None:
    from docx import Document

    document = Document()
    document.add_heading(title(child), level=1)
    document.add_paragraph(f"Published by the {PUBLISHER}.")
    for heading, paragraphs, numbered in sections(child):
        document.add_heading(heading, level=2)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph, style="List Number" if numbered else None)
    document.save(str(path))


def _pdf(path: Path, child: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = [
        Paragraph(html.escape(title(child)), styles["Heading1"]),
        Paragraph(f"Published by the {html.escape(PUBLISHER)}.", styles["BodyText"]),
    ]
    for heading, paragraphs, numbered in sections(child):
        story.append(Paragraph(html.escape(heading), styles["Heading2"]))
        for number, paragraph in enumerate(paragraphs, start=1):
            text = f"{number}. {paragraph}" if numbered else paragraph
            story.append(Paragraph(html.escape(text), styles["BodyText"]))
    SimpleDocTemplate(str(path), pagesize=A4, title=title(child)).build(story)
