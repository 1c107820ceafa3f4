"""Nothing unapproved is served, approval is all or nothing, and a partnership's
own folder sits on top of the bundled knowledge."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from index.builder import IndexStore
from index.engine import LookupEngine
from index.knowledge import load_knowledge
from index.knowledge_folder import BUNDLED_KNOWLEDGE
from index.validation import KnowledgeError, schema_problems, validate_documents
from tests.knowledge_review.conftest import Deployment, ScrbotRunner
from tests.knowledge_review.drafts import DRAFT_ID, TITLE, write_draft

LOOKUP = "nursery missed visits closed kettle"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_drafts_are_never_loaded_or_indexed(deployment: Deployment, scrbot: ScrbotRunner) -> None:
    write_draft(deployment.own)
    # A draft that strayed among the cases is not served either.
    stray = yaml.safe_load(deployment.draft(DRAFT_ID).read_text(encoding="utf-8"))
    (deployment.own / "cases").mkdir()
    stray_path = deployment.own / "cases" / f"{DRAFT_ID}.yaml"
    stray_path.write_text(yaml.safe_dump(stray), encoding="utf-8")

    kb = load_knowledge(deployment.folders)
    engine = LookupEngine.open(deployment.folders, deployment.index)
    try:
        found = [r.title for r in engine.search(LOOKUP, 10).results]
    finally:
        engine.close()

    assert DRAFT_ID not in kb.cases and TITLE not in found
    validated = scrbot(["validate"])
    assert validated.code == 0, validated.err
    assert f"Drafts waiting for review, not served: {DRAFT_ID}" in validated.out


def test_approving_a_reviewed_draft_adds_it_to_the_own_folder_and_the_index(
    deployment: Deployment, scrbot: ScrbotRunner
) -> None:
    write_draft(deployment.own)
    approved = scrbot(["knowledge", "approve", DRAFT_ID])

    assert approved.code == 0, approved.err
    case = yaml.safe_load((deployment.own / "cases" / f"{DRAFT_ID}.yaml").read_text("utf-8"))
    assert case["findings"][0]["quote"] == "closed the case after three missed visits"
    assert set(case["findings"][0]["cite"]) == {"source", "section"}
    assert not deployment.draft(DRAFT_ID).exists()
    engine = LookupEngine.open(deployment.folders, deployment.index)
    try:
        assert engine.index_path == IndexStore(deployment.index).current()[0].path
        assert TITLE in [r.title for r in engine.search(LOOKUP, 5).results]
    finally:
        engine.close()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"headline": None}, "headline: there is none yet"),
        ({"themes": []}, "themes: no theme is linked yet"),
    ],
)
def test_a_draft_not_yet_reviewed_is_refused_and_nothing_changes(
    deployment: Deployment, scrbot: ScrbotRunner, change: dict[str, object], expected: str
) -> None:
    write_draft(deployment.own, **change)
    before = files_of(deployment.own)

    refused = scrbot(["knowledge", "approve", DRAFT_ID])

    assert refused.code == 1
    assert expected in refused.err
    assert f"scrbot knowledge review {DRAFT_ID}" in refused.err
    assert files_of(deployment.own) == before
    assert IndexStore(deployment.index).current()[0] is None


def test_items_still_in_the_sources_words_are_refused(
    deployment: Deployment, scrbot: ScrbotRunner
) -> None:
    write_draft(
        deployment.own,
        reviewed=False,
        headline="A headline.",
        themes=[
            {"theme": "escalation", "how": "x", "cite": {"source": DRAFT_ID, "section": "Findings"}}
        ],
    )
    refused = scrbot(["knowledge", "approve", DRAFT_ID])
    assert refused.code == 1
    assert "findings[0] (finding): still the source's own words" in refused.err
    assert not (deployment.own / "cases").exists()


def _wrong_quotation(draft: dict[str, Any]) -> None:
    draft["findings"][0]["quote"] = "closed the case after four missed visits"


def _misspelt_theme(draft: dict[str, Any]) -> None:
    draft["themes"][0]["theme"] = "profesional-curiosity"


@pytest.mark.parametrize(
    ("mistake", "expected"),
    [
        (
            _wrong_quotation,
            "findings[0].quote: quotation not found word for word in millbrook-child-heron",
        ),
        (
            _misspelt_theme,
            "unknown theme 'profesional-curiosity' (did you mean 'professional-curiosity'?)",
        ),
    ],
)
def test_a_mistake_in_the_case_is_refused_and_nothing_is_moved(
    deployment: Deployment,
    scrbot: ScrbotRunner,
    mistake: Callable[[dict[str, Any]], None],
    expected: str,
) -> None:
    path = write_draft(deployment.own)
    draft = yaml.safe_load(path.read_text(encoding="utf-8"))
    mistake(draft)
    path.write_text(yaml.safe_dump(draft), encoding="utf-8")

    refused = scrbot(["knowledge", "approve", DRAFT_ID])

    assert refused.code == 1
    assert expected in refused.err
    assert path.exists() and not (deployment.own / "cases").exists()


def test_an_unknown_draft_is_bad_usage(deployment: Deployment, scrbot: ScrbotRunner) -> None:
    refused = scrbot(["knowledge", "approve", "no-such-draft"])
    assert refused.code == 2
    assert "there is no draft 'no-such-draft'" in refused.err
    assert scrbot(["knowledge", "review"]).code == 2


def test_a_case_id_already_in_the_knowledge_is_refused(
    deployment: Deployment, scrbot: ScrbotRunner
) -> None:
    path = write_draft(deployment.own, id="case-y")
    shutil.move(path, path.with_name("case-y.yaml"))
    refused = scrbot(["knowledge", "approve", "case-y"])
    assert refused.code == 1
    assert "a case 'case-y' is already in the knowledge" in refused.err
    assert "cases/case-y.yaml" in refused.err


def test_ids_that_collide_across_folders_name_both_files(deployment: Deployment) -> None:
    (deployment.own / "cases").mkdir()
    shutil.copy(BUNDLED_KNOWLEDGE / "cases" / "case-z.yaml", deployment.own / "cases")

    with pytest.raises(KnowledgeError) as refused:
        validate_documents(deployment.folders)

    message = str(refused.value)
    assert "duplicate case id 'case-z'" in message
    assert "partnership-knowledge/cases/case-z.yaml" in message
    assert "knowledge/cases/case-z.yaml:" in message


def test_a_review_stopped_part_way_keeps_its_answers_and_carries_on(
    deployment: Deployment, scrbot: ScrbotRunner
) -> None:
    path = write_draft(deployment.own, reviewed=False)
    # A headline, the summary dropped, then the answers run out.
    first = scrbot(["knowledge", "review", DRAFT_ID], answers="A headline in our words.\nd\n")
    assert first.code == 1
    assert "your answers so far are saved" in first.out
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert saved["headline"] == "A headline in our words." and saved["case_summary"] == []
    assert schema_problems(saved) == []

    answers = "e\nThe nursery was never asked.\ne\nAsk the nursery first.\nd\na\n\n\n\n"
    second = scrbot(["knowledge", "review", DRAFT_ID], answers=answers)
    assert second.code == 0, second.out
    assert f"Ready: run scrbot knowledge approve {DRAFT_ID}" in second.out
    assert scrbot(["knowledge", "approve", DRAFT_ID]).code == 0
