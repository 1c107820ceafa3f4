"""Approving a reviewed draft into the knowledge, all or nothing.

:func:`approve` checks the case a draft becomes as the knowledge it joins
(schema, ids across every knowledge folder, cross-references) and its
quotations word for word against the kept source (``sources/FILE`` beside the
``sources.yaml`` that lists it); writes it as ``cases/ID.yaml`` in the own
knowledge folder (the last one); brings the search index up to date (see
:meth:`index.builder.IndexStore.add_case`); and only then removes the draft. A
running bot follows the new index by itself. When any step fails nothing is
left changed: no case file, the draft where it was, the index as it was.

Example::

    approved = approve("anyshire-child-t", folders=None, index_dir=None)
    approved.case_path, approved.build.path
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.atomic_files import write_atomically
from index.builder import Build, IndexBuildError, IndexStore, files_fingerprint
from index.drafts import (
    DraftError,
    case_from_draft,
    case_yaml,
    find_draft,
    own_folder,
    read_draft,
)
from index.knowledge import build_knowledge
from index.knowledge_folder import KnowledgeFolders, folders_of, knowledge_files
from index.source_sections import fold_quotation
from index.validation import (
    KnowledgeError,
    quotations,
    schema_problems,
    shown_path,
    validate_documents,
)


class ApprovalError(Exception):
    """The draft cannot be approved yet; ``problems`` says why, one line each.
    ``code`` is the exit status: 1 (the draft or knowledge needs work) or 2 (usage)."""

    def __init__(self, problems: list[str], code: int = 1) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.code = code


@dataclass(frozen=True)
class Approved:
    case_id: str
    title: str
    case_path: Path
    build: Build
    #: Whether the case was added to the index in use rather than built in full.
    added: bool


def approve(draft_id: str, folders: KnowledgeFolders | None, index_dir: Path | None) -> Approved:
    """Approve the draft ``draft_id`` (see the module docstring); raises
    :class:`ApprovalError` with every problem found, changing nothing."""
    folders = folders_of(folders)
    try:
        draft_path = find_draft(draft_id, folders)
        draft = read_draft(draft_path)
    except DraftError as error:
        raise ApprovalError([error.message], code=error.code) from error
    shown = shown_path(draft_path)
    case, problems = case_from_draft(draft)
    if problems:
        raise ApprovalError(
            refusal(
                [f"{shown}: {problem}" for problem in problems],
                f"Review it with scrbot knowledge review {draft['id']}, then approve it again.",
            )
        )
    # A field the case would not keep (a typing slip, a field of the editor's own)
    # is refused rather than silently left out.
    shape = schema_problems(draft)
    if shape:
        raise ApprovalError(
            refusal(
                [f"{shown}: {problem}" for problem in shape],
                "Nothing was changed: fix the draft, then approve it again.",
            )
        )
    target = own_folder(folders) / "cases" / f"{case['id']}.yaml"
    existing = [path for path in knowledge_files(folders) if path.stem == case["id"]]
    if target.exists() or existing:
        where = shown_path(target if target.exists() else existing[0])
        raise ApprovalError(
            [
                f"{shown}: a case '{case['id']}' is already in the knowledge ({where}). Give the "
                "draft another id (its file name and id:), or remove the old case first."
            ]
        )
    text = case_yaml(case)
    try:
        documents = validate_documents(folders, extra={target: text})
    except KnowledgeError as error:
        case_file = shown_path(target)
        raise ApprovalError(
            refusal(
                [
                    # The case file is not written yet: its problems are the draft's.
                    f"{shown}: {problem.field}: {problem.message}"
                    if problem.file == case_file
                    else str(problem)
                    for problem in error.problems
                ],
                "Nothing was changed: fix the draft (or the files named), then approve it again.",
            )
        ) from error
    quotation_problems = check_quotations(case, documents, folders, shown)
    if quotation_problems:
        raise ApprovalError(
            refusal(
                quotation_problems, "Nothing was changed: fix the draft, then approve it again."
            )
        )
    kb = build_knowledge(documents)
    store = IndexStore(index_dir)
    before = files_fingerprint(folders)
    write_atomically(target, text)
    try:
        build, added = store.add_case(kb, files_fingerprint(folders), case["id"], before=before)
    except (OSError, IndexBuildError) as error:
        with contextlib.suppress(OSError):
            target.unlink()
        raise ApprovalError(
            [f"The search index could not be updated ({error}); nothing was changed."]
        ) from error
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    with contextlib.suppress(OSError):
        draft_path.unlink()
    return Approved(case["id"], str(case.get("title", case["id"])), target, build, added)


def refusal(problems: list[str], advice: str) -> list[str]:
    """The lines an approval refused for ``problems`` prints: one problem and what to
    do on one line; several, a line each and the advice after them."""
    if len(problems) == 1:
        return [f"{problems[0].rstrip('.')}. {advice}"]
    return [*problems, advice]


def check_quotations(
    case: dict[str, Any], documents: list[dict[str, Any]], folders: KnowledgeFolders, shown: str
) -> list[str]:
    """Every quotation in ``case`` that is not word for word in the kept source text
    its citation names, one line each (none: all are)."""
    kept = kept_sources(documents, folders)
    problems: list[str] = []
    texts: dict[str, str | None] = {}
    for path, quote, source_id in quotations(case):
        if source_id not in texts:
            file = kept.get(source_id)
            try:
                texts[source_id] = (
                    fold_quotation(file.read_text(encoding="utf-8")) if file else None
                )
            except (OSError, UnicodeDecodeError):
                texts[source_id] = None
        text = texts[source_id]
        where = ".".join(str(part) for part in path)
        if text is None:
            problems.append(
                f"{shown}: {where}: the kept text of source '{source_id}' was not found "
                "(sources/ beside the sources.yaml that lists it), so the quotation cannot "
                "be checked; ingest the review again, or remove the quotation."
            )
        elif fold_quotation(quote) not in text:
            problems.append(
                f"{shown}: {where}: quotation not found word for word in the kept source "
                f"'{source_id}'; copy the exact words, or remove the quotation."
            )
    return problems


def kept_sources(documents: list[dict[str, Any]], folders: KnowledgeFolders) -> dict[str, Path]:
    """Source id -> its kept text file (``sources/FILE`` in a knowledge folder, the
    own folder first), for the sources that have one: ingested documents."""
    found: dict[str, Path] = {}
    for document in documents:
        if document.get("kind") != "sources":
            continue
        for source in document.get("sources") or ():
            for folder in reversed(folders_of(folders)):
                file = folder / "sources" / str(source.get("file"))
                if file.is_file():
                    found.setdefault(str(source.get("id")), file)
                    break
    return found
