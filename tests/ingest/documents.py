"""Builders for the fictional review documents the ingest tests read.

A review is written once as a list of :class:`Part` (title, headings,
paragraphs, list items) and made into a PDF (reportlab, with a running header
and footer, optionally in two columns), a Word document (python-docx, with
heading and list styles) or an HTML page (with navigation and footer chrome).
Nothing is downloaded; every file is made in the test run.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Literal

PartKind = Literal["title", "h1", "h2", "p", "bullet", "number", "date", "publisher"]


@dataclass(frozen=True)
class Part:
    kind: PartKind
    text: str


def _flow_style():  # type: ignore[no-untyped-def]
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    sheet = getSampleStyleSheet()
    body = ParagraphStyle(
        "body",
        parent=sheet["BodyText"],
        fontName="Helvetica",
        fontSize=10,
        leading=13,
        spaceAfter=6,
    )
    bold = {"parent": body, "fontName": "Helvetica-Bold"}
    return {
        "title": ParagraphStyle("t", **bold, fontSize=20, leading=24, spaceAfter=12),
        "h1": ParagraphStyle("h1", **bold, fontSize=15, leading=19, spaceBefore=10),
        "h2": ParagraphStyle("h2", **bold, fontSize=12, leading=15, spaceBefore=6),
        "p": body,
        "date": body,
        "publisher": body,
        "bullet": ParagraphStyle("b", parent=body, leftIndent=14, bulletIndent=4),
        "number": ParagraphStyle("n", parent=body, leftIndent=14, bulletIndent=0),
    }


def write_pdf(
    path: Path,
    parts: list[Part],
    *,
    running_header: str = "Anyshire Safeguarding Children Partnership | Child T review",
    running_footer: str = "",
    columns: int = 1,
    encrypt: str | None = None,
    title_page_break: bool = False,
) -> Path:
    """``parts`` as a PDF with a running header and "Page N"-style footer (after
    ``running_footer`` when given: "Child D review | June 2019 | Page 3")."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph

    styles = _flow_style()
    width, height = A4
    margin = 56

    def chrome(canvas, doc):  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(margin, height - 36, running_header)
        footer = f"{running_footer} | Page {doc.page}" if running_footer else f"Page {doc.page}"
        canvas.drawRightString(width - margin, 30, footer)
        canvas.restoreState()

    gap = 18
    column_width = (width - 2 * margin - gap * (columns - 1)) / columns
    frames = [
        Frame(
            margin + n * (column_width + gap), margin, column_width, height - 2 * margin, id=f"c{n}"
        )
        for n in range(columns)
    ]
    document = BaseDocTemplate(str(path), pagesize=A4, encrypt=encrypt, title="", author="")
    document.addPageTemplates([PageTemplate(id="page", frames=frames, onPage=chrome)])
    story = []
    counter = 0
    for part in parts:
        if part.kind == "bullet":
            story.append(Paragraph(part.text, styles["bullet"], bulletText="•"))
        elif part.kind == "number":
            counter += 1
            story.append(Paragraph(part.text, styles["number"], bulletText=f"{counter}."))
        else:
            counter = 0
            story.append(Paragraph(part.text, styles[part.kind]))
        if title_page_break and part.kind in ("date",):
            story.append(PageBreak())
    document.build(story)
    return path


def write_docx(path: Path, parts: list[Part], *, footer: str = "") -> Path:
    """``parts`` as a Word document with Title, Heading and List styles, and
    ``footer`` in the page footer when given."""
    import docx

    document = docx.Document()
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    for part in parts:
        if part.kind == "title":
            document.add_paragraph(part.text, style="Title")
        elif part.kind == "h1":
            document.add_heading(part.text, level=1)
        elif part.kind == "h2":
            document.add_heading(part.text, level=2)
        elif part.kind == "bullet":
            document.add_paragraph(part.text, style="List Bullet")
        elif part.kind == "number":
            document.add_paragraph(part.text, style="List Number")
        else:
            document.add_paragraph(part.text)
    document.save(str(path))
    return path


def write_html(
    path: Path, parts: list[Part], *, site: str = "Anyshire Safeguarding Children Partnership"
) -> Path:
    """``parts`` as a web page inside site navigation, a cookie banner and a footer."""
    body: list[str] = []
    open_list: str | None = None
    for part in parts:
        tag = {"bullet": "ul", "number": "ol"}.get(part.kind)
        if open_list and tag != open_list:
            body.append(f"</{open_list}>")
            open_list = None
        if tag and not open_list:
            body.append(f"<{tag}>")
            open_list = tag
        text = escape(part.text)
        if tag:
            body.append(f"<li>{text}</li>")
        elif part.kind == "title":
            body.append(f"<h1>{text}</h1>")
        elif part.kind in ("h1", "h2"):
            level = 2 if part.kind == "h1" else 3
            body.append(f"<h{level}>{text}</h{level}>")
        else:
            body.append(f"<p>{text}</p>")
    if open_list:
        body.append(f"</{open_list}>")
    title = next((p.text for p in parts if p.kind == "title"), "Learning")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {escape(site)}</title>
<style>body {{ font-family: sans-serif; }}</style><script>var tracking = "Recommendations";</script>
</head><body>
<div class="cookies"><p>We use cookies to make this site work. Accept all cookies?</p></div>
<header><a href="/">{escape(site)}</a><nav><ul>
<li><a href="/reviews">Recommendations from all reviews</a></li>
<li><a href="/training">Training</a></li><li><a href="/contact">Contact us</a></li>
</ul></nav></header>
<main>
{chr(10).join(body)}
</main>
<aside><h2>Related pages</h2><ul><li>Recommendations archive 2019</li></ul></aside>
<footer><p>© 2024 {escape(site)}. Published 1 January 2020.</p>
<p>Privacy | Accessibility</p></footer>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path


#: A fictional overview report opening, used in several formats.
CHILD_T: list[Part] = [
    Part("publisher", "Anyshire Safeguarding Children Partnership"),
    Part("title", "Local Child Safeguarding Practice Review: Child T"),
    Part("date", "Published: 9 February 2024"),
    Part("h1", "Summary of the case"),
    Part(
        "p",
        "Child T, a fictional two-year-old, lived with his mother and her partner in a "
        "privately rented flat. He was taken to hospital with a head injury in March 2022.",
    ),
    Part("h1", "Key findings"),
    Part(
        "p",
        "Professionals relied on the mother's account of her partner's role and did not "
        "meet him, so the risk he posed was never assessed.",
    ),
    Part(
        "p",
        "The health visitor's concerns about bruising were recorded but not shared with "
        "children's social care.",
    ),
    Part("h1", "Recommendations"),
    Part(
        "number",
        "The Partnership should make sure that every assessment of a young child's home "
        "identifies the adults living there and what is known about them.",
    ),
    Part(
        "number",
        "The Partnership should seek assurance that health visitors share concerns about "
        "bruising in non-mobile babies with children's social care on the same day.",
    ),
    Part("h1", "The Partnership's response"),
    Part("p", "A practice briefing on unseen men was sent to every team in April 2024."),
]
