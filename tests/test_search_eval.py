"""Does the real knowledge answer practitioners' lookups? (The top-3 rule.)

The shared dev set (``../shared/eval/dev_queries.yaml``, beside the checkout)
and the project's own harder set (``tests/eval_queries.yaml``) both use one
rule: a query passes when, within the top 3 results, the title of a result or
of a case linked to it contains one of ``expect_any`` (case-insensitive).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from index.answers import SearchResponse
from index.engine import LookupEngine
from tests.search_support import real_engine

__all__ = ["real_engine"]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEV_SET = REPO_ROOT.parent / "shared" / "eval" / "dev_queries.yaml"
OWN_SET = Path(__file__).resolve().parent / "eval_queries.yaml"


def load_queries(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["queries"])


def passes(response: SearchResponse, expect_any: list[str]) -> bool:
    wanted = [text.casefold() for text in expect_any]
    titles = [t for r in response.results[:3] for t in (r.title, *(c.title for c in r.cases))]
    return any(w in title.casefold() for title in titles for w in wanted)


def explain(response: SearchResponse) -> str:
    return "; ".join(
        f"{r.kind} {r.title!r} cases={[c.title for c in r.cases]}" for r in response.results[:3]
    )


@pytest.mark.skipif(not DEV_SET.exists(), reason="the shared dev set is not beside this checkout")
@pytest.mark.parametrize("item", load_queries(DEV_SET), ids=lambda item: item["q"])
def test_dev_set(real_engine: LookupEngine, item: dict[str, Any]) -> None:
    response = real_engine.search(item["q"])
    assert passes(response, item["expect_any"]), explain(response)


@pytest.mark.parametrize("item", load_queries(OWN_SET), ids=lambda item: item["q"])
def test_own_harder_set(real_engine: LookupEngine, item: dict[str, Any]) -> None:
    response = real_engine.search(item["q"])
    assert passes(response, item["expect_any"]), explain(response)


def test_own_set_is_not_empty() -> None:
    assert len(load_queries(OWN_SET)) >= 30


def test_disguised_compliance_answer(real_engine: LookupEngine) -> None:
    """The answer names Case Y and how it showed, practice points, questions and source."""
    top = real_engine.search("disguised compliance").top
    assert top is not None
    assert (top.kind, top.id) == ("theme", "disguised-compliance")
    case_y = next(c for c in top.cases if c.id == "case-y")
    assert case_y.title == "Case Y" and case_y.how
    assert len(top.practice_points) >= 2
    assert 2 <= len(top.questions) <= 3
    assert any("Disguised Compliance" in s for s in top.sources)
