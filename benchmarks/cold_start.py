"""Benchmark ``scrbot ask`` from a cold start: a new process answering one lookup.

Run from the repository root::

    .venv/bin/python benchmarks/cold_start.py              # median of 15 runs
    .venv/bin/python benchmarks/cold_start.py --runs 7 --code ../other-checkout

Each run is ``scrbot ask "disguised compliance"`` as a new Python process, in an
empty working folder, with the search index already built there (one untimed
run builds it, as the first lookup on a fresh machine does). It prints the
median and the spread of the wall-clock times, and which modules the lookup
imported that it does not need (Slack, APScheduler, jsonschema, YAML).

``--code DIR`` times another checkout's code with this Python (for before and
after figures). Target (2-core machine): median <= 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
QUERY = "disguised compliance"
TARGET_MS = 300
#: Modules a lookup has no use for; importing any of them is slowness for nothing.
NOT_NEEDED = ("slack_bolt", "slack_sdk", "apscheduler", "jsonschema", "yaml")
ASK = (
    "import sys; from bot.cli import main; code = main(['ask', {query!r}]); "
    "print(','.join(m for m in {unneeded!r} if m in sys.modules), file=sys.stderr); "
    "sys.exit(code)"
)


def run_once(code: Path, work: Path) -> tuple[float, str]:
    """Seconds for one lookup as a new process, and the unneeded modules it loaded."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(code)}
    for name in ("SCRBOT_CONFIG", "SCRBOT_INDEX_DIR", "SCRBOT_KNOWLEDGE"):
        env.pop(name, None)
    command = [sys.executable, "-c", ASK.format(query=QUERY, unneeded=NOT_NEEDED)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    return seconds, lines[-1] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs (at least 7)")
    parser.add_argument("--code", type=Path, default=REPO_ROOT, help="the checkout to time")
    args = parser.parse_args()
    runs = max(7, args.runs)
    with tempfile.TemporaryDirectory(prefix="scrbot-cold-") as folder:
        work = Path(folder)
        run_once(args.code, work)  # builds the index in ./var/index, as a first lookup does
        timings, unneeded = [], ""
        for _ in range(runs):
            seconds, unneeded = run_once(args.code, work)
            timings.append(seconds * 1000)
    median = statistics.median(timings)
    print(f"scrbot ask {QUERY!r}, cold start, index built ({runs} runs, {args.code}):")
    print(
        f"  median {median:.0f} ms (min {min(timings):.0f}, max {max(timings):.0f}); "
        f"target <= {TARGET_MS} ms"
    )
    print(f"  modules it did not need: {unneeded or 'none'}")
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
