"""``ingest_file``: one published review or briefing in, one draft out."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from index.ingest.blocks import Document
from index.ingest.draft import LINKED, draft_yaml, empty_lists, item_entry
from index.ingest.errors import IngestError
from index.ingest.glossary import glossary_candidates
from index.ingest.items import Item, extract_items
from index.ingest.metadata import Metadata, read_metadata
from index.ingest.quotations import candidate_quotations
from index.ingest.readers import read_document
from index.ingest.sections import cite_for, place_headings
from index.ingest.themes import Searches, ThemeLink, summarise, themes_for
from index.knowledge_folder import DRAFTS, KEPT_SOURCES

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ID_WORDS = 8
SOURCES_FILE = "sources.yaml"
CASES_FOLDER = "cases"


@dataclass(frozen=True)
class IngestResult:
    """Where the draft and the kept source went, and what the draft holds."""

    draft_path: Path
    source_path: Path
    source_id: str
    counts: dict[str, int]


def slug(text: str) -> str:
    """An id made from a title.

    ``"Learning from Case Z"`` -> ``learning-from-case-z``.
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)[:_ID_WORDS]
    return "-".join(words) or "review"


def _known_ids(knowledge_dir: Path) -> set[str]:
    sources = knowledge_dir / SOURCES_FILE
    if not sources.exists():
        return set()
    try:
        data = yaml.safe_load(sources.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise IngestError(
            f"{sources} cannot be read ({error}): fix it (scrbot validate shows how) "
            "and try again.",
            code=1,
        ) from error
    return {str(s.get("id")) for s in data.get("sources") or [] if isinstance(s, dict)}


def _check_id(
    source_id: str,
    knowledge_dir: Path,
    out_dir: Path,
    chosen: bool,
    other_folders: Sequence[Path] = (),
) -> None:
    if not ID_PATTERN.match(source_id):
        raise IngestError(
            f"'{source_id}' cannot be an id: use lower-case letters, digits and hyphens, "
            "e.g. --id bristol-child-t-2023."
        )
    how = "give another with --id" if chosen else "give the draft its own id with --id"
    # The id becomes a source's and, once approved, a case's: in any knowledge folder
    # read with this one, it would stop the knowledge loading.
    for folder in (knowledge_dir, *other_folders):
        if source_id in _known_ids(folder):
            raise IngestError(
                f"the id '{source_id}' is already in {folder / SOURCES_FILE}: {how}, "
                "or remove the old entry first."
            )
    for taken in (
        out_dir / f"{source_id}.yaml",
        knowledge_dir / KEPT_SOURCES / f"{source_id}.txt",
        *(
            folder / CASES_FOLDER / f"{source_id}.yaml"
            for folder in (knowledge_dir, *other_folders)
        ),
    ):
        if taken.exists():
            raise IngestError(f"{taken} already exists: {how}, or remove that file first.")


def _sources_entry(
    source_id: str, meta: Metadata, document: Document, original: bytes, kept: str
) -> str:
    entry: dict[str, Any] = {
        "id": source_id,
        "title": meta.title,
        "publisher": meta.publisher or "Not named in the document",
        "year": meta.published.year if meta.published else None,
    }
    if meta.published is None:
        entry["year_note"] = "The document states no date of publication."
    entry.update(
        {
            "kind": "published review",
            "file": f"{source_id}.txt",
            "sha256": hashlib.sha256(kept.encode("utf-8")).hexdigest(),
            "original_file": document.file_name,
            "original_sha256": hashlib.sha256(original).hexdigest(),
        }
    )
    lines = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100).splitlines()
    return "\n".join(f"  {line}" for line in lines) + "\n"


def _sources_text(knowledge_dir: Path, entry: str) -> str:
    path = knowledge_dir / SOURCES_FILE
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    if not existing.strip():
        existing = "# yaml-language-server: $schema=./schema.json\nkind: sources\nsources:\n"
    if not existing.endswith("\n"):
        existing += "\n"
    return f"{existing}\n{entry}"


def build_draft(
    document: Document, source_id: str, engine: Searches | None
) -> tuple[dict[str, Any], dict[str, int]]:
    """The draft for ``document`` (and how many of each item it holds)."""
    sections = place_headings(document.blocks)
    meta = read_metadata(document)
    items = extract_items(document.blocks, meta.title_headings)
    draft: dict[str, Any] = {
        "kind": "case",
        "status": "draft",
        "id": source_id,
        "title": meta.title,
    }
    draft["source"] = source_id
    if meta.publisher:
        draft["publisher"] = meta.publisher
    if meta.published:
        draft["published"] = meta.published.iso
        draft["published_as"] = meta.published.words
    else:
        draft["published_note"] = "The document states no date of publication."
    draft["ingested_from"] = {"file": document.file_name, "format": document.file_format}
    if document.pages is not None:
        draft["ingested_from"]["pages"] = document.pages
    draft["sections"] = [
        {"heading": s.heading, "level": s.level, **({"page": s.page} if s.page is not None else {})}
        for s in sections
    ]
    lists = empty_lists()
    all_links: list[list[ThemeLink]] = []
    for item in items:
        links = themes_for(engine, item.source_text) if engine and item.category in LINKED else None
        if links:
            all_links.append(links)
        lists[item.category].append(item_entry(item, cite_for(source_id, item.block), links))
    draft.update(lists)
    draft["quotations"] = [
        {"quote": span, "cite": cite_for(source_id, item.block)}
        for span, item in candidate_quotations(document, items)
    ]
    draft["suggested_themes"] = summarise(all_links)
    draft["glossary_candidates"] = [
        {"term": term, "expansion": expansion, "cite": cite_for(source_id, block)}
        for term, expansion, block in glossary_candidates(document.blocks)
    ]
    counts = {name: len(draft[name]) for name in (*lists, "quotations", "glossary_candidates")}
    return draft, counts


def ingest_file(
    path: Path,
    *,
    knowledge_dir: Path,
    out_dir: Path | None = None,
    source_id: str | None = None,
    engine: Searches | None = None,
    other_folders: Sequence[Path] = (),
) -> IngestResult:
    """Read ``path``, write its draft into ``out_dir`` (default ``knowledge_dir/drafts``)
    and keep its text in ``knowledge_dir/sources/ID.txt`` with an entry in
    ``sources.yaml``. All three are written or none is.

    ``engine`` (a :class:`index.engine.LookupEngine` over the existing knowledge)
    suggests theme links; without it the draft has none. Raises
    :class:`IngestError` for input it cannot use. ``other_folders`` are the
    knowledge folders read with ``knowledge_dir``: an id one of them has is refused.
    """
    path = Path(path)
    out = Path(out_dir) if out_dir is not None else knowledge_dir / DRAFTS
    document = read_document(path)
    if source_id is None:
        place_headings(document.blocks)
        source_id = slug(read_metadata(document).title)
        _check_id(source_id, knowledge_dir, out, chosen=False, other_folders=other_folders)
    else:
        _check_id(source_id, knowledge_dir, out, chosen=True, other_folders=other_folders)
    draft, counts = build_draft(document, source_id, engine)
    from index.validation import schema_problems

    problems = schema_problems(draft)
    if problems:
        raise IngestError(
            f"the draft made from {path.name} does not fit the knowledge schema ({problems[0]}); "
            "this is a fault in scrbot ingest: please report it with the document.",
            code=1,
        )
    kept = document.text if document.text.endswith("\n") else document.text + "\n"
    meta = read_metadata(document)
    entry = _sources_entry(source_id, meta, document, path.read_bytes(), kept)
    draft_path = out / f"{source_id}.yaml"
    source_path = knowledge_dir / KEPT_SOURCES / f"{source_id}.txt"
    from index.ingest.store import write_all

    write_all(
        [
            (source_path, kept),
            (knowledge_dir / SOURCES_FILE, _sources_text(knowledge_dir, entry)),
            (draft_path, draft_yaml(draft, document.file_name)),
        ]
    )
    return IngestResult(draft_path, source_path, source_id, counts)


__all__ = ["IngestResult", "Item", "build_draft", "ingest_file", "slug"]
