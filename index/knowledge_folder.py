"""Where the knowledge lives and which of its files are knowledge.

In a checkout the knowledge is the ``knowledge/`` folder at the top of the
repository; in an installed wheel it is the ``knowledge`` package beside
``index`` (the wheel maps the same folder there), found through the import
system. ``SCRBOT_KNOWLEDGE`` (the ``knowledge_dir`` setting) names another.

Both loading (:mod:`index.knowledge`) and checking (:mod:`index.validation`)
start from here, so neither needs the other to find the files.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from index.settings import env_var

#: Folders under the knowledge that hold no knowledge: drafts wait for approval.
NOT_KNOWLEDGE = ("drafts",)


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


def default_knowledge_dir() -> Path:
    """``$SCRBOT_KNOWLEDGE``, else the bundled knowledge."""
    return Path(os.environ.get(env_var("knowledge_dir")) or BUNDLED_KNOWLEDGE)


def knowledge_files(root: Path) -> list[Path]:
    """Every YAML file under ``root``, in a stable order; drafts are not knowledge."""
    return sorted(
        p
        for p in root.rglob("*.yaml")
        if p.is_file() and p.relative_to(root).parts[0] not in NOT_KNOWLEDGE
    )
