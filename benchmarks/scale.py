"""Benchmark scrbot scaled out: HTTP replicas on SQLite and PostgreSQL, and schedulers
contending for the weekly prompt's claims.

Run from the repository root, with a PostgreSQL server to use (an empty database;
its tables are created)::

    .venv/bin/python benchmarks/scale.py          # starts a throwaway PostgreSQL server
    .venv/bin/python benchmarks/scale.py --postgres postgresql://USER:PASSWORD@HOST/DB

With no ``--postgres`` (nor ``SCRBOT_BENCH_POSTGRES``) a throwaway PostgreSQL server
is started on 127.0.0.1 as the tests start one (``tests/postgres_cluster.py``),
and removed at the end; without PostgreSQL installed, only SQLite is measured.

1. **Requests.** ``scrbot serve --http`` replicas, each in its own process, all on
   one database (the SQLite default, a file shared on this machine; or
   PostgreSQL), with their Web API pointed at the fake Slack on loopback.
   ``--clients`` concurrent clients, each kept alive on one replica (clients are
   shared out evenly), send signed ``/scr`` lookups of the realistic mix from
   ``benchmarks/http_load.py``; every request is checked against replays and
   counted in the record of use, so each one writes to the database. Measured
   (:data:`RUNS`) for 1 replica with scrbot's own server against gunicorn with
   one worker and with a worker per core (the figures behind the choice of
   server), and for 3 replicas under gunicorn.
2. **Claims.** 2 and 8 scheduler processes on one database all try to post the
   same 40 channels' prompts for 6 weeks at once (each week, every process runs
   the weekly job for every channel at the same moment). Measured: slots
   settled per second, and how many were posted more than once (must be 0).

Everything runs on this one machine, load generator included, so the replicas
share its cores: the figures show what the database and the server cost, not
what more machines would add.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.http_load import (  # noqa: E402
    TOPICS,
    VERBS,
    QueryStream,
    Result,
    cycling,
    load,
    stop,
)
from tests.fakes.credentials import SIGNING_SECRET  # noqa: E402
from tests.fakes.slack_api import FakeSlackAPI  # noqa: E402
from tests.fakes.slack_client import SignedSlackClient  # noqa: E402

COMMAND = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]
WARM_UP_SECONDS = 3.0
#: (replicas, server, gunicorn workers each): the servers side by side at one process,
#: gunicorn with a worker per core, and three replicas.
RUNS = ((1, "scrbot", 1), (1, "gunicorn", 1), (1, "gunicorn", 2), (3, "gunicorn", 1))
CLAIM_CHANNELS = 40
CLAIM_WEEKS = 6


# -- requests ---------------------------------------------------------------------------


def environment(fake: FakeSlackAPI, workdir: Path, database_url: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO_ROOT),
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "SCRBOT_INDEX_DIR": str(workdir / "index"),
        "SCRBOT_DATABASE_URL": database_url,
        "SCRBOT_LOG_FORMAT": "text",
    }


def start_replica(env: dict[str, str], workdir: Path, server: str, workers: int) -> tuple[Any, int]:
    """One ``scrbot serve --http`` on a free port; returns once ``/healthz`` says 200."""
    extra = ["--server", server] + (["--workers", str(workers)] if server == "gunicorn" else [])
    process = subprocess.Popen(
        [*COMMAND, "serve", "--http", "--host", "127.0.0.1", "--port", "0", *extra],
        env=env,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stderr], daemon=True).start()
    deadline = time.monotonic() + 90
    port = None
    seen: list[str] = []
    while port is None:
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("scrbot serve did not start:\n" + "".join(seen))
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        found = re.search(r"Listening on http://[\d.]+:(\d+)/", line)
        port = int(found.group(1)) if found else None
    probe = SignedSlackClient(f"http://127.0.0.1:{port}", SIGNING_SECRET)
    while True:
        try:
            if probe.get("/healthz").status == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("scrbot serve never became ready:\n" + "".join(lines.queue))
        time.sleep(0.1)
    probe.close()
    return process, port


def upgrade(env: dict[str, str], workdir: Path) -> None:
    done = subprocess.run(
        [*COMMAND, "db", "upgrade"], env=env, cwd=workdir, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"scrbot db upgrade failed:\n{done.stderr}")


def measure_requests(
    fake: FakeSlackAPI,
    database: str,
    database_url: str,
    replicas: int,
    server: str,
    workers: int,
    clients: int,
    seconds: float,
) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        if database_url.startswith("sqlite"):
            database_url = f"sqlite:///{workdir / 'scrbot.sqlite3'}"
        env = environment(fake, workdir, database_url)
        upgrade(env, workdir)
        started = [start_replica(env, workdir, server, workers) for _ in range(replicas)]
        ports = [port for _, port in started]
        try:
            load("warm-up", ports, clients, WARM_UP_SECONDS, cycling(TOPICS + VERBS))
            label = f"{database}, {replicas} replica{'s' if replicas > 1 else ''}, {server}"
            if server == "gunicorn":
                label += f" ({workers} worker{'s' if workers > 1 else ''} each)"
            return load(label, ports, clients, seconds, QueryStream())
        finally:
            for process, _ in started:
                stop(process)


# -- claims -----------------------------------------------------------------------------


def claim_process(database_url: str, weeks: int, barrier: Any, results: Any) -> None:
    """One scheduler: every week, run the weekly job of every channel at once with its twins."""
    from index.digest_config import ChannelSchedule
    from index.storage.database import Database
    from scheduler.runner import DigestRunner
    from tests.scheduler_support import FakeChannels, FakeClock, fictional_knowledge, make_config

    database = Database.open(database_url)
    channels = [ChannelSchedule(f"C{n:06d}X") for n in range(CLAIM_CHANNELS)]
    clock = FakeClock(FIRST_MONDAY - timedelta(days=3))
    posted: list[str] = []

    def post(channel: str, digest_post: Any) -> str:
        posted.append(digest_post.slot_id)
        return "1700000000.000001"

    runner = DigestRunner(
        database,
        make_config(*channels),
        fictional_knowledge(),
        post=post,
        find_existing=FakeChannels().find,
        clock=clock,
        sleep=clock.advance,
    )
    runner.run_due()
    spent = 0.0
    for week in range(weeks):
        clock.set(FIRST_MONDAY + timedelta(weeks=week, hours=9, minutes=31))
        barrier.wait(timeout=120)
        began = time.perf_counter()
        runner.run_due()
        spent += time.perf_counter() - began
    results.put((posted, spent))


FIRST_MONDAY = datetime(2026, 11, 30, tzinfo=UTC)


def measure_claims(database: str, server_url: str, schedulers: int) -> str:
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as fresh:
        if server_url.startswith("sqlite"):
            database_url = f"sqlite:///{Path(folder) / 'scrbot.sqlite3'}"
        else:
            from tests.storage_support import fresh_postgres_database

            # Every run on an empty database of its own: no slot is taken before it starts.
            database_url = fresh.enter_context(fresh_postgres_database(server_url))
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(REPO_ROOT),
            "SCRBOT_DATABASE_URL": database_url,
        }
        upgrade(env, Path(folder))
        barrier = context.Barrier(schedulers)
        results = context.Queue()
        workers = [
            context.Process(
                target=claim_process, args=(database_url, CLAIM_WEEKS, barrier, results)
            )
            for _ in range(schedulers)
        ]
        began = time.perf_counter()
        for worker in workers:
            worker.start()
        gathered = [results.get(timeout=600) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        wall = time.perf_counter() - began
    slots = [slot for posted, _ in gathered for slot in posted]
    doubled = len(slots) - len(set(slots))
    expected = CLAIM_CHANNELS * CLAIM_WEEKS
    busiest = max(spent for _, spent in gathered)
    return (
        f"{database:10s} {schedulers} schedulers: {len(set(slots))}/{expected} slots posted, "
        f"{doubled} posted twice; the weekly runs took {busiest:.2f} s in all "
        f"({expected / busiest:.0f} slots/s settled), {wall:.1f} s with start-up"
    )


# -- main -------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        default=os.environ.get("SCRBOT_BENCH_POSTGRES"),
        help="a PostgreSQL URL to measure on (else SCRBOT_BENCH_POSTGRES; else SQLite only)",
    )
    parser.add_argument("--clients", type=int, default=12, help="concurrent clients (12)")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each run (10)")
    parser.add_argument(
        "--only", choices=("requests", "claims"), help="take only these figures (default: both)"
    )
    args = parser.parse_args()

    databases = [("SQLite", "sqlite:///")]
    with contextlib.ExitStack() as cleanup:
        postgres = args.postgres or cleanup.enter_context(throwaway_postgres())
        if postgres:
            databases.append(("PostgreSQL", postgres))
        return measure(databases, args.clients, args.seconds, args.only)


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """A PostgreSQL server of our own for the run (None if PostgreSQL is not installed)."""
    from tests import postgres_cluster
    from tests.storage_support import fresh_postgres_database

    folder = Path(tempfile.gettempdir()) / f"scrbot-bench-pg-{os.getpid()}"
    try:
        server = postgres_cluster.start(folder)
    except postgres_cluster.ClusterError as error:
        print(f"No PostgreSQL server ({error}): measuring SQLite only.", file=sys.stderr)
        yield None
        return
    try:
        with fresh_postgres_database(server) as url:
            yield url
    finally:
        postgres_cluster.stop(folder)


def measure(
    databases: list[tuple[str, str]], clients: int, seconds: float, only: str | None
) -> int:
    """Take the figures on ``databases`` and print them; 1 if any request failed or
    any prompt was posted twice."""
    request_results: list[Result] = []
    if only != "claims":
        print(f"Signed /scr lookups over loopback HTTP, {os.cpu_count()} CPUs, {clients} clients:")
    with FakeSlackAPI() as fake:
        for name, url in databases if only != "claims" else ():
            for replicas, server, workers in RUNS:
                result = measure_requests(
                    fake, name, url, replicas, server, workers, clients, seconds
                )
                request_results.append(result)
                print("  " + result.line(), flush=True)
    claim_lines: list[str] = []
    if only != "requests":
        print(f"Weekly prompt claims, {CLAIM_CHANNELS} channels x {CLAIM_WEEKS} weeks:")
    for name, url in databases if only != "requests" else ():
        for schedulers in (2, 8):
            claim_lines.append(measure_claims(name, url, schedulers))
            print("  " + claim_lines[-1], flush=True)
    failures = sum(r.failures for r in request_results)
    expected = (
        f"{CLAIM_CHANNELS * CLAIM_WEEKS}/{CLAIM_CHANNELS * CLAIM_WEEKS} slots posted, 0 posted"
    )
    wrong = [line for line in claim_lines if expected not in line]
    return 1 if failures or wrong else 0


if __name__ == "__main__":
    sys.exit(main())
