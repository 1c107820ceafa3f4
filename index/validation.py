"""Check the knowledge files before anything is built from them.

:func:`validate_documents` reads every YAML file under a knowledge folder and
returns the parsed documents, or raises :class:`KnowledgeError` listing every
problem it found, each naming file, line and field::

    cases/case-y.yaml:42: themes[2].theme: unknown theme 'referals' (did you mean 'referrals'?)

What it checks: YAML syntax and duplicate keys; the published JSON Schema
(``knowledge/schema.json``); ids (unique within each kind; a theme's or case's
id matches its file name); cross-references (every source, case and theme id
used resolves); and, when a sources folder is given, that every cited section
is a heading in its source and every ``quote`` appears word for word in the
section its ``cite`` names (see :mod:`index.source_sections`).

Each kind of check has its module: :mod:`index.knowledge_yaml` (reading),
:mod:`index.knowledge_schema`, :mod:`index.knowledge_references` (ids and
references) and :mod:`index.knowledge_quotations`; this one runs them in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from index.knowledge_folder import (
    KnowledgeFolders,
    folders_of,
    kept_sources_folder,
    knowledge_files,
    set_aside,
)
from index.knowledge_problems import FieldPath as FieldPath
from index.knowledge_problems import KnowledgeError as KnowledgeError
from index.knowledge_problems import Problem as Problem
from index.knowledge_problems import did_you_mean as did_you_mean
from index.knowledge_problems import field_name as field_name
from index.knowledge_problems import shown_path as shown_path
from index.knowledge_quotations import check_quotations
from index.knowledge_quotations import kept_source as kept_source
from index.knowledge_quotations import quotations as quotations
from index.knowledge_references import check_ids, check_references, check_uncovered
from index.knowledge_schema import check_schema
from index.knowledge_schema import schema_problems as schema_problems
from index.knowledge_yaml import parse_document

#: The ``status`` of a knowledge file that is a draft waiting for review.
DRAFT_STATUS = "draft"


def validate_documents(
    root: KnowledgeFolders,
    sources_dir: Path | None = None,
    *,
    extra: Mapping[Path, str] | None = None,
) -> list[dict[str, Any]]:
    """Parse and check every knowledge file in ``root`` (one folder, or several read
    as one); return the documents.

    With ``sources_dir`` (the folder of source text files), every ``quote`` is
    also checked word for word against the source its ``cite`` names. ``extra``
    (path -> YAML text) adds files not yet written, checked as if they were at
    that path (a review being approved). Drafts (``drafts/``, or ``status:
    draft``) are not knowledge and are left out. Raises :class:`KnowledgeError`
    listing every problem; returns only when there are none, so callers never
    build from half-valid knowledge.
    """
    folders = folders_of(root)
    # Every check runs over every file, so one run reports every problem.
    problems: list[Problem] = []
    for folder in folders:
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "was not found"
            problems.append(Problem(shown_path(folder), None, "", f"the knowledge folder {what}"))
    if problems:
        raise KnowledgeError(problems)
    for folder in folders:
        for stray in sorted(folder.rglob("*.yml")):
            if not set_aside(stray.relative_to(folder)):
                problems.append(
                    Problem(shown_path(stray), None, "", "not read: knowledge files end in .yaml")
                )
    files = knowledge_files(folders)
    texts: dict[Path, str | None] = dict.fromkeys(files)
    texts.update(extra or {})
    if not texts:
        problems.append(
            Problem(
                ", ".join(shown_path(folder) for folder in folders),
                None,
                "",
                "no knowledge files found; expected sources.yaml, cases/*.yaml, themes/*.yaml, "
                "briefings/*.yaml and glossary.yaml",
            )
        )
        raise KnowledgeError(problems)

    parsed = [parse_document(path, problems, text) for path, text in texts.items()]
    documents = [
        doc for doc in parsed if doc is not None and doc.data.get("status") != DRAFT_STATUS
    ]
    for doc in documents:
        check_schema(doc, problems)
    known = check_ids(documents, problems)
    # A file that cannot be read defines no ids, so every reference to them
    # would be reported too; those checks wait until every file can be read.
    if None not in parsed:
        check_references(documents, known, problems)
        check_uncovered(documents, problems)
        # Ingest keeps the text it read in the own (last) knowledge folder.
        kept = kept_sources_folder(folders)
        if sources_dir is not None or kept.is_dir():
            check_quotations(documents, sources_dir, problems, kept=kept)

    if problems:
        order = {shown_path(path): n for n, path in enumerate(texts)}
        problems.sort(key=lambda p: (order.get(p.file, -1), p.line or 0))
        raise KnowledgeError(problems)
    return [doc.data for doc in documents]
