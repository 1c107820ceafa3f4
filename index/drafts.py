"""Drafts of new reviews, between ``scrbot ingest`` and the knowledge.

A draft (``drafts/ID.yaml`` in a knowledge folder, ``status: draft``; the format
is described in :mod:`index.ingest.draft`) holds the source's own words for each
item. Reviewing it puts each item in our own words or drops it, and links the
case to themes; :func:`case_from_draft` then turns it into a case file as
``cases/*.yaml`` are written, keeping nothing that only a draft has.

Example::

    draft = read_draft(find_draft("anyshire-child-t", folders))
    case, problems = case_from_draft(draft)     # problems: what review still has to do
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from index.atomic_files import write_atomically
from index.knowledge_folder import DRAFTS, KnowledgeFolders, folders_of
from index.knowledge_yaml import knowledge_loader
from index.source_sections import fold_quotation
from index.validation import DRAFT_STATUS

#: Draft item lists and the case field each becomes, in the order a case file has them.
ITEM_FIELDS: dict[str, str] = {
    "case_summary": "family",
    "terms_of_reference": "terms_of_reference",
    "findings": "findings",
    "recommendations": "recommendations",
    "good_practice": "good_practice",
    "key_learning": "additional_learning",
    "board_response": "board_response",
    "reflective_questions": "questions",
}
#: What a reviewer is told each list is.
ITEM_NAMES: dict[str, str] = {
    "case_summary": "what happened",
    "terms_of_reference": "term of reference",
    "findings": "finding",
    "recommendations": "recommendation",
    "good_practice": "good practice",
    "key_learning": "key learning",
    "board_response": "the Board's response",
    "reflective_questions": "reflective question",
}
#: Lists whose items carry the number or label the source gives them.
NUMBERED = ("terms_of_reference", "recommendations")
#: Marks an item's ``text`` as still the source's words (see :mod:`index.ingest.draft`).
FROM_SOURCE = "text_from_source"
#: The level a reflective question from the source is given in a supervision pack.
QUESTION_LEVEL = "reflect"


class DraftError(Exception):
    """A draft cannot be found or read; ``code`` is the exit status to give."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def own_folder(folders: KnowledgeFolders | None) -> Path:
    """Where a deployment's own reviews go: the last knowledge folder (the only one
    when there is one)."""
    return folders_of(folders)[-1]


def draft_paths(folders: KnowledgeFolders | None) -> list[Path]:
    """Every draft waiting for review, in every knowledge folder."""
    return [
        path
        for folder in folders_of(folders)
        for path in sorted((folder / DRAFTS).glob("*.yaml"))
        if path.is_file()
    ]


def find_draft(draft_id: str, folders: KnowledgeFolders | None) -> Path:
    """The draft ``draft_id`` (``drafts/ID.yaml`` in a knowledge folder, the own
    folder first), or a path to one; :class:`DraftError` (code 2) if there is none."""
    given = Path(draft_id)
    if given.suffix == ".yaml" and given.is_file():
        return given
    for folder in reversed(folders_of(folders)):
        path = folder / DRAFTS / f"{draft_id}.yaml"
        if path.is_file():
            return path
    waiting = [path.stem for path in draft_paths(folders)]
    listed = f" Drafts waiting: {', '.join(waiting)}." if waiting else " There are no drafts."
    places = ", ".join(str(folder / DRAFTS) for folder in folders_of(folders))
    raise DraftError(
        f"there is no draft '{draft_id}' in {places}.{listed} Make one with scrbot ingest FILE.",
        code=2,
    )


def read_draft(path: Path) -> dict[str, Any]:
    """The draft at ``path``; :class:`DraftError` if it is not a readable draft."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=knowledge_loader())  # noqa: S506
    except (OSError, UnicodeDecodeError) as error:
        raise DraftError(f"{path} cannot be read ({error}).") from error
    except yaml.YAMLError as error:
        raise DraftError(
            f"{path} is not valid YAML ({str(error).splitlines()[0]}): fix it, or ingest the "
            "review again."
        ) from error
    if not isinstance(data, dict) or data.get("kind") != "case":
        raise DraftError(f"{path} is not a draft of a case (it needs kind: case).")
    if data.get("status") != DRAFT_STATUS:
        raise DraftError(f"{path} is not a draft (it has no status: draft).")
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise DraftError(f"{path} has no id: give the draft an id (lower-case words joined by -).")
    return data


def write_draft(path: Path, draft: dict[str, Any]) -> None:
    """Save ``draft`` over ``path``, keeping its comment lines, in one step."""
    header = "".join(
        line
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
        if line.startswith("#")
    )
    write_atomically(path, header + dump_yaml(draft))


def dump_yaml(data: dict[str, Any]) -> str:
    text: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return text


# -- the items ------------------------------------------------------------------


@dataclass(frozen=True)
class DraftItem:
    """One item of a draft: its list, its place there, and the item itself."""

    field: str
    index: int
    item: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.field}[{self.index}]"

    @property
    def label(self) -> str:
        number = self.item.get("number")
        name = ITEM_NAMES.get(self.field, self.field)
        return f"{name} {number}" if number is not None else name

    @property
    def from_source(self) -> bool:
        """Whether ``text`` is still the source's own words."""
        text = self.item.get("text")
        if not isinstance(text, str) or not text.strip():
            return True
        if self.item.get(FROM_SOURCE):
            return True
        source = self.item.get("source_text")
        return isinstance(source, str) and fold_quotation(text) == fold_quotation(source)


def draft_items(draft: dict[str, Any]) -> Iterator[DraftItem]:
    """Every item in the draft's lists, list by list."""
    for field in ITEM_FIELDS:
        for index, item in enumerate(draft.get(field) or ()):
            if isinstance(item, dict):
                yield DraftItem(field, index, item)


def theme_suggestions(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """The themes the draft suggests linking, best first (see :mod:`index.ingest.themes`)."""
    found = [s for s in draft.get("suggested_themes") or () if isinstance(s, dict)]
    return sorted(found, key=lambda s: -float(s.get("best_score") or 0))


def best_item_for(draft: dict[str, Any], theme_id: str) -> DraftItem | None:
    """The kept item that matched ``theme_id`` best: where the theme shows."""
    best: tuple[float, DraftItem] | None = None
    for entry in draft_items(draft):
        for link in entry.item.get("themes") or ():
            if isinstance(link, dict) and link.get("theme") == theme_id:
                score = float(link.get("score") or 0)
                if best is None or score > best[0]:
                    best = (score, entry)
    return best[1] if best else None


def attach_quotation(draft: dict[str, Any], quote: str) -> DraftItem | None:
    """Put ``quote`` on the first item, without a quotation yet, whose source words
    hold it; the item, or None when no such item is left."""
    wanted = fold_quotation(quote)
    for entry in draft_items(draft):
        source = entry.item.get("source_text")
        if (
            entry.field != "reflective_questions"
            and not entry.item.get("quote")
            and isinstance(source, str)
            and wanted in fold_quotation(source)
        ):
            entry.item["quote"] = quote
            return entry
    return None


# -- the case it becomes --------------------------------------------------------


def _cite(raw: Any) -> dict[str, Any]:
    cite = raw if isinstance(raw, dict) else {}
    return {key: cite[key] for key in ("source", "section") if key in cite}


def case_from_draft(draft: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The case file a reviewed draft becomes, and what still stops it (one line each;
    none when it is ready). Nothing only a draft has is kept: source words, pages,
    scores and suggestions go; every item keeps its own words, its citation and any
    quotation."""
    problems: list[str] = []
    case_id = str(draft.get("id"))
    case: dict[str, Any] = {"kind": "case", "id": case_id}
    for key in ("title", "source"):
        if draft.get(key):
            case[key] = draft[key]
    aliases = [a for a in draft.get("aliases") or () if isinstance(a, str) and a.strip()]
    # "Rapid Review: Child Heron" is asked for as "Child Heron".
    short = str(draft.get("title") or "").rpartition(":")[2].strip()
    if short and short != draft.get("title") and short not in aliases:
        aliases.append(short)
    if aliases:
        case["aliases"] = aliases
    headline = draft.get("headline")
    if isinstance(headline, str) and headline.strip():
        case["headline"] = headline.strip()
    else:
        problems.append(
            "headline: there is none yet; write one line in our own words on who the review "
            "is about and what happened"
        )
    case["family"] = []
    case["why_reviewed"] = []
    questions = 0
    for entry in draft_items(draft):
        target = ITEM_FIELDS[entry.field]
        item, text = entry.item, entry.item.get("text")
        if target == "questions":
            questions += 1
            source_words = entry.from_source
            case.setdefault("questions", []).append(
                {
                    "id": f"{case_id}-q{questions}",
                    "text": (item.get("source_text") if source_words else text) or text,
                    "level": item.get("level") or QUESTION_LEVEL,
                    "origin": "source" if source_words else "drawn",
                    "cite": _cite(item.get("cite")),
                }
            )
            continue
        if entry.from_source:
            problems.append(
                f"{entry.where} ({entry.label}): still the source's own words; put it in our "
                "own words or drop it"
            )
            continue
        out: dict[str, Any] = {}
        if entry.field in NUMBERED:
            out["number"] = item.get("number", entry.index + 1)
            if entry.field == "recommendations" and item.get("group"):
                out["group"] = item["group"]
        out["text"] = str(text).strip()
        if item.get("quote"):
            out["quote"] = item["quote"]
        out["cite"] = _cite(item.get("cite"))
        case.setdefault(target, []).append(out)
    links = [link for link in draft.get("themes") or () if isinstance(link, dict)]
    if not links:
        problems.append("themes: no theme is linked yet; link at least one")
    case["themes"] = [
        {
            key: link[key] if key != "cite" else _cite(link[key])
            for key in ("theme", "how", "vignette", "cite")
            if link.get(key)
        }
        for link in links
    ]
    return _ordered(case), problems


#: The order of a case file's fields, as cases/*.yaml have them.
_CASE_ORDER: Sequence[str] = (
    "kind",
    "id",
    "title",
    "source",
    "aliases",
    "headline",
    "family",
    "why_reviewed",
    "terms_of_reference",
    "findings",
    "recommendations",
    "good_practice",
    "additional_learning",
    "board_response",
    "themes",
    "questions",
)


def _ordered(case: dict[str, Any]) -> dict[str, Any]:
    return {key: case[key] for key in _CASE_ORDER if key in case}


def case_yaml(case: dict[str, Any]) -> str:
    """The case as a knowledge file, naming its schema for editors."""
    return "# yaml-language-server: $schema=../schema.json\n" + dump_yaml(case)
