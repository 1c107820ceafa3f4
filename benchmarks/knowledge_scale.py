"""Benchmark the knowledge at scale: index build, approving one review, lookups, memory.

Run from the repository root::

    .venv/bin/python benchmarks/knowledge_scale.py                     # 1x, 10x, 100x and 1000x
    .venv/bin/python benchmarks/knowledge_scale.py --scales 1,10       # quicker

Each scale runs in its own process, so its memory is its own. For each, the
synthetic knowledge of ``benchmarks/search.py`` (that many reworded copies of
every theme, case, question, recommendation and glossary term) is built into a
fresh index (*build*); then one new review, linked to three themes, is approved
into it as ``scrbot knowledge approve`` does it (*approve*: the new case's
documents and its themes' written as a new segment, the lexicon updated, the
pointer switched; see ``IndexStore.add_case``); then the same queries as
``benchmarks/search.py`` are timed on the index the approval made, remembering
no responses (*p50/p99*). *Memory* is the process's peak resident size; *load*
the machine's load average as the lookups finished (the CPU time, in brackets,
is what a busy machine does not change).

Targets (2-core machine): 1000x builds in under 5 minutes, one approval into it
takes under 10 s, and lookups there stay at p99 <= 25 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from search import percentile, query_mix, synthetic  # noqa: E402

from index.builder import IndexStore  # noqa: E402
from index.engine import LookupEngine  # noqa: E402
from index.knowledge import load_knowledge  # noqa: E402
from index.model import CaseLink, Knowledge  # noqa: E402

NEW_CASE = "anyshire-child-kestrel"
LINKED = ("chronic-neglect", "information-sharing", "professional-curiosity")


def with_new_review(kb: Knowledge) -> Knowledge:
    """``kb`` and one more review, as an approval adds it (fictional)."""
    cite = next(iter(kb.cases.values())).themes[0].cite
    case = dataclasses.replace(
        next(iter(kb.cases.values())),
        id=NEW_CASE,
        title="Local Child Safeguarding Practice Review: Child Kestrel",
        aliases=("Child Kestrel",),
        headline="A toddler in a cold, damp flat was seen by many services; none compared notes.",
        themes=tuple(
            CaseLink(NEW_CASE, theme, "Nobody put the visits side by side.", cite)
            for theme in LINKED
        ),
        questions=(),
        parallels=(),
    )
    themes = dict(kb.themes)
    for link in case.themes:
        theme = themes[link.theme_id]
        themes[link.theme_id] = dataclasses.replace(theme, cases=(*theme.cases, link))
    return dataclasses.replace(kb, cases={**kb.cases, NEW_CASE: case}, themes=themes)


def measure(scale: int, queries: int) -> dict[str, Any]:
    real = load_knowledge()
    before = synthetic(real, scale)
    after = with_new_review(before)
    work = Path(tempfile.mkdtemp(prefix=f"scrbot-scale-{scale}-"))
    try:
        store = IndexStore(work / "index")
        started, cpu = time.perf_counter(), time.process_time()
        built = store.build(before, "before")
        build_s, build_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        approved, added = store.add_case(after, "after", NEW_CASE, before="before")
        approve_s, approve_cpu = time.perf_counter() - started, time.process_time() - cpu
        engine = LookupEngine(after, store, "after", responses_kept=0)
        try:
            assert engine.index_path == approved.path
            found = engine.search("Child Kestrel").top
            assert found is not None and found.id == NEW_CASE, found
            engine.warm()
            mix = query_mix(real, queries)
            for query in mix[:50]:
                engine.search(query)
            timings, cpu_timings = [], []
            for query in mix:
                started, cpu = time.perf_counter(), time.process_time()
                engine.search(query)
                timings.append((time.perf_counter() - started) * 1000)
                cpu_timings.append((time.process_time() - cpu) * 1000)
        finally:
            engine.close()
        return {
            "scale": scale,
            "documents": approved.meta["documents"],
            "build_s": build_s,
            "build_cpu": build_cpu,
            "approve_cpu": approve_cpu,
            "size_mb": built.size_bytes() / 1e6,
            "approve_s": approve_s,
            "added": added,
            "p50": statistics.median(timings),
            "p99": percentile(timings, 0.99),
            "cpu_p50": statistics.median(cpu_timings),
            "cpu_p99": percentile(cpu_timings, 0.99),
            "load": os.getloadavg()[0],
            "memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100,1000", help="comma-separated")
    parser.add_argument("--queries", type=int, default=1200, help="lookups timed per scale")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.queries)))
        return 0
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("times are wall clock, with the CPU time of the process in brackets")
    print(
        f"{'scale':>6} {'docs':>8} {'build s':>16} {'size MB':>8} {'approve s':>14} "
        f"{'p50 ms':>13} {'p99 ms':>15} {'memory MB':>9} {'load':>5}"
    )
    for scale in (int(s) for s in args.scales.split(",")):
        command = [sys.executable, __file__, "--one", str(scale), "--queries", str(args.queries)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"{scale:>5}x failed:\n{done.stderr}", file=sys.stderr)
            return 1
        row = json.loads(done.stdout.strip().splitlines()[-1])
        build = f"{row['build_s']:.1f} ({row['build_cpu']:.1f})"
        approve = f"{row['approve_s']:.2f} ({row['approve_cpu']:.2f})" + (
            "" if row["added"] else "*"
        )
        p50 = f"{row['p50']:.2f} ({row['cpu_p50']:.2f})"
        p99 = f"{row['p99']:.2f} ({row['cpu_p99']:.2f})"
        print(
            f"{scale:>5}x {row['documents']:>8} {build:>16} {row['size_mb']:>8.1f} "
            f"{approve:>14} {p50:>13} {p99:>15} {row['memory_mb']:>9.0f} {row['load']:>5.1f}",
            flush=True,
        )
    print("* a full build: an index this small is rebuilt rather than added to (exact, seconds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
