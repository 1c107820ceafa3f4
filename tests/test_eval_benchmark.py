"""The evaluation set's targets, scored as ``benchmarks/eval.py`` scores them.

Targets: in-scope top 3 >= 95%, out-of-scope declined >= 90%, in-scope wrongly
declined <= 3%, father as risk >= 90%, urgent flagged >= 90%; and the shared
dev set still passes in full when it is beside the checkout.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from index.engine import LookupEngine
from tests.search_support import real_engine

__all__ = ["real_engine"]

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "eval.py"


@pytest.fixture(scope="module")
def evaluation() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scrbot_eval_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_set_is_as_large_as_promised(evaluation: ModuleType) -> None:
    data = yaml.safe_load(evaluation.EVAL_SET.read_text(encoding="utf-8"))
    assert len(data["in_scope"]) >= 100
    assert len(data["out_of_scope"]) >= 60
    kinds = {item["kind"] for item in data["out_of_scope"]}
    assert kinds == {"safeguarding", "everyday"}
    assert len(data["father_as_risk"]) >= 30
    assert len(data["urgent"]) >= 20


def test_the_targets_are_met(evaluation: ModuleType, real_engine: LookupEngine) -> None:
    data = yaml.safe_load(evaluation.EVAL_SET.read_text(encoding="utf-8"))
    tallies = evaluation.score(real_engine, data)["all"]
    assert evaluation.meets_targets(tallies) == []


def test_the_shared_dev_set_still_passes(evaluation: ModuleType, real_engine: LookupEngine) -> None:
    if not evaluation.DEV_SET.exists():
        pytest.skip("the shared dev set is not beside this checkout")
    tally = evaluation.dev_set(real_engine, evaluation.DEV_SET)
    assert tally.passed == tally.total, tally.misses
