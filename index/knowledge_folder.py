"""Where the knowledge lives and which of its files are knowledge.

In a checkout the knowledge is the ``knowledge/`` folder at the top of the
repository; in an installed wheel it is the ``knowledge`` package beside
``index`` (the wheel maps the same folder there), found through the import
system. A deployment may read several folders as one (the ``knowledge_paths``
setting, ``SCRBOT_KNOWLEDGE=dir1:dir2``): the bundled knowledge, then the
partnership's own, where reviews are approved into.

Both loading (:mod:`index.knowledge`) and checking (:mod:`index.validation`)
start from here, so neither needs the other to find the files.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path

from index.settings import env_var

#: The folder, in a knowledge folder, where drafts wait for review; never served.
DRAFTS = "drafts"
#: The folder, in a knowledge folder, where ``scrbot ingest`` keeps the text it read.
KEPT_SOURCES = "sources"
#: The environment variable naming the knowledge folders, ``dir1:dir2``.
KNOWLEDGE_ENV = env_var("knowledge_paths")

#: One knowledge folder, or several read as one (a partnership's own on top of
#: the bundled knowledge).
KnowledgeFolders = Path | Sequence[Path]


def _bundled_knowledge() -> Path:
    beside = Path(__file__).resolve().parent.parent / "knowledge"
    if (beside / "schema.json").is_file():
        return beside  # a checkout, or a wheel installed into a folder
    spec = importlib.util.find_spec("knowledge")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "schema.json").is_file():
            return Path(location)
    return beside


#: The knowledge shipped with the code; ``SCRBOT_KNOWLEDGE`` overrides it.
BUNDLED_KNOWLEDGE = _bundled_knowledge()
#: The JSON Schema every knowledge file is held to: the code's own copy, so a
#: custom knowledge folder is held to what this code can build.
SCHEMA_PATH = BUNDLED_KNOWLEDGE / "schema.json"


def default_knowledge_folders() -> tuple[Path, ...]:
    """``$SCRBOT_KNOWLEDGE`` (folders separated by ``:``), else the bundled knowledge."""
    return parse_folders(os.environ.get(KNOWLEDGE_ENV)) or (BUNDLED_KNOWLEDGE,)


def parse_folders(value: str | None) -> tuple[Path, ...]:
    """``"dir1:dir2"`` -> the folders, in order, leaving out empty parts."""
    return tuple(Path(part).expanduser() for part in (value or "").split(os.pathsep) if part)


def folders_of(folders: KnowledgeFolders | None) -> tuple[Path, ...]:
    """The knowledge folders as a tuple; None means the default ones."""
    if folders is None:
        return default_knowledge_folders()
    if isinstance(folders, Path | str):
        return (Path(folders),)
    return tuple(Path(folder) for folder in folders) or default_knowledge_folders()


def knowledge_files(root: KnowledgeFolders) -> list[Path]:
    """Every knowledge YAML file in the folders, folder by folder, each in a stable
    order. Drafts (``drafts/``) and hidden files and folders are not knowledge."""
    found: list[Path] = []
    for folder in folders_of(root):
        found += sorted(
            path
            for path in folder.rglob("*.yaml")
            if path.is_file() and not set_aside(path.relative_to(folder))
        )
    return found


def kept_sources_folder(root: KnowledgeFolders) -> Path:
    """Where ``scrbot ingest`` keeps the text it read, for quotations and cited
    sections to be checked against: ``sources/`` in the own (last) knowledge folder."""
    return folders_of(root)[-1] / KEPT_SOURCES


def kept_source_files(root: KnowledgeFolders) -> list[Path]:
    """Every kept source text, in a stable order; hidden files are not kept texts."""
    folder = kept_sources_folder(root)
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def set_aside(relative: Path) -> bool:
    """Whether a path (relative to its knowledge folder) is outside the knowledge:
    under drafts/, or hidden."""
    parts = relative.parts
    return parts[0] == DRAFTS or any(part.startswith(".") for part in parts)
