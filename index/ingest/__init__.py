"""Ingest: a published review or briefing in, a draft knowledge file out.

``scrbot ingest PATH`` reads a PDF (text layer), Word (.docx), HTML, Markdown
or text file and writes one draft (see :mod:`index.ingest.draft` for its
shape), keeping the extracted text beside the knowledge so quotations can be
checked. The draft is not knowledge until an editor approves it.

One module per step: ``readers/`` (one per format), ``lines`` (lines into
blocks), ``sections`` (headings and citations), ``section_kinds``, ``items``
and ``recommendations`` (what each block is), ``metadata`` and ``dates``,
``quotations``, ``glossary``, ``themes``, ``draft`` (its shape) and ``store``
(writing all or nothing).
"""

from __future__ import annotations

from index.ingest.errors import IngestError
from index.ingest.pipeline import IngestResult, build_draft, ingest_file

__all__ = ["IngestError", "IngestResult", "build_draft", "ingest_file"]
