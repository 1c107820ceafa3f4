"""Each of the five shared sources ingests to a valid draft whose quotations are
word for word in the source (skipped when ``../shared/sources`` is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from index.ingest import ingest_file
from index.validation import schema_problems


def test_every_shared_source_gives_a_valid_draft(shared_sources: Path, tmp_path: Path) -> None:
    if not shared_sources.is_dir():
        pytest.skip(f"{shared_sources} is not here")
    sources = sorted(shared_sources.glob("*.txt"))
    assert len(sources) == 5
    for number, source in enumerate(sources):
        result = ingest_file(source, knowledge_dir=tmp_path, source_id=f"shared-{number}")
        draft = yaml.safe_load(result.draft_path.read_text(encoding="utf-8"))
        assert schema_problems(draft) == [], source.name
        assert draft["recommendations"], source.name
        text = " ".join(source.read_text(encoding="utf-8").split())
        for quotation in draft["quotations"]:
            assert " ".join(quotation["quote"].split()) in text, (source.name, quotation)
