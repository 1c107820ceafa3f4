"""Score the lookup engine on the project's evaluation set (benchmarks/eval_set.yaml).

Run from the repository root::

    .venv/bin/python benchmarks/eval.py              # rates for both splits
    .venv/bin/python benchmarks/eval.py --failures   # and the tuning split's misses

It prints, for the tuning split, the held-out split (every third entry of each
list, never tuned on) and both together:

* in-scope top 3: covered, and a result in the top 3 (or a case linked to one)
  has one of ``expect_any`` in its title (the shared dev set's rule);
* out-of-scope declined: not covered;
* in-scope wrongly declined: not covered;
* father as risk: covered, and a theme of ``risk_themes`` is in the top 3,
  above *engaging fathers* when that is shown;
* urgent flagged: ``urgent`` is true;
* urgent false alarms: in-scope lookups flagged urgent (for information);

then the shared dev set (``../shared/eval/dev_queries.yaml``, or ``--dev``).
Targets: in-scope top 3 >= 95%, out-of-scope declined >= 90%, in-scope wrongly
declined <= 3%, father as risk >= 90%, urgent flagged >= 90%.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import yaml  # noqa: E402

from index.answers import SearchResponse  # noqa: E402
from index.engine import LookupEngine  # noqa: E402

EVAL_SET = REPO_ROOT / "benchmarks" / "eval_set.yaml"
DEV_SET = REPO_ROOT.parent / "shared" / "eval" / "dev_queries.yaml"
FATHERS = "engaging-fathers"
#: (name, list, scorer, higher is better, target)
TARGETS = {
    "in-scope top 3": 0.95,
    "out-of-scope declined": 0.90,
    "in-scope wrongly declined": 0.03,
    "father as risk": 0.90,
    "urgent flagged": 0.90,
}


def top3(response: SearchResponse, expect_any: list[str]) -> bool:
    """The shared dev set's rule, on a covered lookup."""
    wanted = [text.casefold() for text in expect_any]
    titles = [t for r in response.results[:3] for t in (r.title, *(c.title for c in r.cases))]
    return response.covered and any(w in t.casefold() for t in titles for w in wanted)


def father_as_risk(response: SearchResponse, risk_themes: list[str]) -> bool:
    """A risk theme in the top 3, above engaging fathers if that is shown."""
    for result in response.results[:3]:
        if result.kind == "theme" and result.id in risk_themes:
            return True
        if result.kind == "theme" and result.id == FATHERS:
            return False
    return False


@dataclass
class Tally:
    passed: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, query: str) -> None:
        self.total += 1
        self.passed += ok
        if not ok:
            self.misses.append(query)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


def held_out(position: int) -> bool:
    """Every third entry of each list (the 3rd, 6th, ...) is held out."""
    return position % 3 == 2


def score(engine: LookupEngine, data: dict[str, Any]) -> dict[str, dict[str, Tally]]:
    """Split ("tune", "held out", "all") -> measure -> tally."""
    splits: dict[str, dict[str, Tally]] = {
        split: {name: Tally() for name in (*TARGETS, "urgent false alarms")}
        for split in ("tune", "held out", "all")
    }

    def count(position: int, name: str, ok: bool, query: str) -> None:
        for split in ("held out" if held_out(position) else "tune", "all"):
            splits[split][name].add(ok, query)

    def each(key: str, check: Callable[[dict[str, Any], SearchResponse], None]) -> None:
        for position, item in enumerate(data[key]):
            check({**item, "position": position}, engine.search(item["q"]))

    def in_scope(item: dict[str, Any], response: SearchResponse) -> None:
        count(item["position"], "in-scope top 3", top3(response, item["expect_any"]), item["q"])
        # A miss here is a lookup wrongly declined, so it "passes" when declined.
        count(item["position"], "in-scope wrongly declined", not response.covered, item["q"])
        count(item["position"], "urgent false alarms", response.urgent, item["q"])

    def out_of_scope(item: dict[str, Any], response: SearchResponse) -> None:
        count(item["position"], "out-of-scope declined", not response.covered, item["q"])

    def father(item: dict[str, Any], response: SearchResponse) -> None:
        ok = father_as_risk(response, data["risk_themes"])
        count(item["position"], "father as risk", ok, item["q"])

    def urgent(item: dict[str, Any], response: SearchResponse) -> None:
        count(item["position"], "urgent flagged", response.urgent, item["q"])

    each("in_scope", in_scope)
    each("out_of_scope", out_of_scope)
    each("father_as_risk", father)
    each("urgent", urgent)
    return splits


def meets_targets(tallies: dict[str, Tally]) -> list[str]:
    """The measures that miss their target, as readable lines (empty: all met)."""
    missed = []
    for name, target in TARGETS.items():
        rate = tallies[name].rate
        ok = rate <= target if name == "in-scope wrongly declined" else rate >= target
        if not ok:
            missed.append(f"{name}: {rate:.1%} (target {target:.0%})")
    return missed


def dev_set(engine: LookupEngine, path: Path) -> Tally:
    tally = Tally()
    if path.exists():
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]:
            tally.add(top3(engine.search(item["q"]), item["expect_any"]), item["q"])
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=EVAL_SET, help="the evaluation set")
    parser.add_argument("--dev", type=Path, default=DEV_SET, help="the shared dev set")
    parser.add_argument(
        "--failures", action="store_true", help="list the tuning split's misses too"
    )
    args = parser.parse_args()
    data = yaml.safe_load(args.set.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as work:
        engine = LookupEngine.open(None, Path(work) / "index")
        try:
            splits = score(engine, data)
            dev = dev_set(engine, args.dev)
        finally:
            engine.close()
    names = list(splits["all"])
    print(f"{'measure':<28}" + "".join(f"{split:>18}" for split in splits))
    for name in names:
        cells = "".join(
            f"{splits[split][name].passed:>7}/{splits[split][name].total:<4}"
            f"{splits[split][name].rate:>6.1%} "
            for split in splits
        )
        target = TARGETS.get(name)
        goal = (
            "" if target is None else ("  <= " if "wrongly" in name else "  >= ") + f"{target:.0%}"
        )
        print(f"{name:<28}{cells}{goal}")
    if dev.total:
        print(f"shared dev set top 3: {dev.passed}/{dev.total}")
    else:
        print(f"shared dev set: not found at {args.dev}")
    if args.failures:
        for name in names:
            if name in ("in-scope wrongly declined", "urgent false alarms"):
                continue  # their "misses" are the lookups that did right
            for query in splits["tune"][name].misses:
                print(f"  miss [{name}] {query}")
        for query in dev.misses:
            print(f"  miss [dev] {query}")
    missed = meets_targets(splits["all"])
    for line in missed:
        print(f"below target: {line}")
    return 1 if missed or dev.passed < dev.total else 0


if __name__ == "__main__":
    sys.exit(main())
