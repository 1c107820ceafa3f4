"""Benchmark the HTTP server as deployed by default: signed slash commands under load.

Run from the repository root::

    .venv/bin/python benchmarks/http_load.py                      # 10 clients, 10 s
    .venv/bin/python benchmarks/http_load.py --clients 10 --seconds 20
    .venv/bin/python benchmarks/http_load.py --compare-bolt-dev   # also Bolt's App.start()

It starts ``scrbot serve --http`` in its own process (exactly as deployed: the
real app from ``build_app``, served by ``bot.http_server``), with its Web API
pointed at the fake Slack on loopback, waits for ``/healthz``, warms up, then
sends signed ``/scr`` lookups from N concurrent clients, each on its own
kept-alive connection as Slack's senders use. The latency measured is request
sent -> acknowledged answer read (the ack is the answer the person sees).

What is asked (:class:`QueryStream`): the shared dev set and the project's eval
set as typed, with typos, reworded ("what is ...", "... ?"), two topics at once,
the odd verb and a little hostile input — mostly lookups the server has not
seen, so the engine works them out rather than answering from memory; the share
asked before is printed. A second, repeat-heavy run cycles through the dev and
eval sets alone (a team asking about the same few topics), which the engine
mostly answers from memory.

Targets (this 2-core machine): p99 <= 100 ms and >= 100 requests/second with
10 clients (Slack allows 3 s), on the realistic mix. Exits 1 if one is missed.

``--compare-bolt-dev`` repeats the load against a bare Bolt app served by
``App.start()`` (Bolt's development server), with Bolt's defaults and with
``process_before_response=True``, over new connections (that server speaks
HTTP/1.0): the figures behind the explanation in ``bot/http_server.py``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import queue
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.search import DEV_SET, HOSTILE, OWN_SET, load_queries, typo  # noqa: E402
from index.analysis import clean_text  # noqa: E402
from tests.fakes.credentials import SIGNING_SECRET  # noqa: E402
from tests.fakes.slack_api import FakeSlackAPI  # noqa: E402
from tests.fakes.slack_client import SignedSlackClient  # noqa: E402

TARGET_P99_MS = 100.0
TARGET_RATE = 100.0
WARM_UP_SECONDS = 3.0
#: What practitioners look up, as they put it: the dev and eval sets.
TOPICS = [item["q"] for item in load_queries(DEV_SET) + load_queries(OWN_SET)]
#: Ways of asking around a topic.
ASKING = ["what is {}", "what does {} mean", "tell me about {}", "{}?", "{} in practice"]
#: Verbs asked now and then between lookups.
VERBS = ["help", "themes"]


class QueryStream:
    """An endless, repeatable stream of what practitioners type, safe to share
    between client threads; it counts how many were asked before (as cleaned,
    which is how the engine remembers them).

    Of every 100 lookups, about: 45 are a topic with a typo or two, 20 a topic
    as written, 15 a topic asked in other words, 10 two topics at once, 5 a
    hostile input (search syntax, Slack markup, emoji) and 5 a verb.
    """

    def __init__(self, seed: int = 17, topics: list[str] = TOPICS) -> None:
        self._rng = random.Random(seed)
        self._topics = topics
        self._lock = threading.Lock()
        self._seen: set[str] = set()
        self.asked = 0
        self.repeats = 0

    def _next(self) -> str:
        rng, topic = self._rng, self._rng.choice(self._topics)
        roll = rng.random()
        if roll < 0.45:
            return typo(topic, rng)
        if roll < 0.65:
            return topic
        if roll < 0.80:
            return rng.choice(ASKING).format(topic)
        if roll < 0.90:
            return f"{topic} and {rng.choice(self._topics)}"
        if roll < 0.95:
            return f"{rng.choice(HOSTILE)} {topic if rng.random() < 0.5 else ''}".strip() or "?"
        return rng.choice(VERBS)

    def __call__(self) -> str:
        with self._lock:
            text = self._next()
            cleaned = clean_text(text)
            self.asked += 1
            self.repeats += cleaned in self._seen
            self._seen.add(cleaned)
            return text

    @property
    def repeat_share(self) -> float:
        return self.repeats / self.asked if self.asked else 0.0


def cycling(texts: list[str]) -> Callable[[], str]:
    """The texts in turn, over and over, shared between client threads."""
    turns = itertools.cycle(texts)
    lock = threading.Lock()

    def take() -> str:
        with lock:
            return next(turns)

    return take


BARE_BOLT_APP = """
import sys
from slack_bolt import App
from slack_sdk import WebClient
app = App(
    client=WebClient(token=sys.argv[1], base_url=sys.argv[2]),
    signing_secret=sys.argv[3],
    process_before_response=sys.argv[5] == "pbr",
)
@app.command("/scr")
def answer(ack):
    ack("ok")
app.start(port=int(sys.argv[4]), http_server_logger_enabled=False)
"""


@dataclass
class Result:
    """What one load run measured."""

    label: str
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    seconds: float = 0.0

    def quantile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        if not self.latencies:
            return f"{self.label:66s} no answers ({self.failures} failures)"
        stalls = sum(1 for latency in self.latencies if latency > 0.9)
        return (
            f"{self.label:66s} {len(self.latencies):6d} answers {self.rate:8.1f} req/s  "
            f"p50 {self.quantile(0.5):7.1f} ms  p99 {self.quantile(0.99):7.1f} ms  "
            f"max {max(self.latencies) * 1000:7.1f} ms  >0.9 s: {stalls}  failures: {self.failures}"
        )


def load(
    label: str,
    port: int | list[int],
    clients: int,
    seconds: float,
    queries: Callable[[], str],
    *,
    keep_alive: bool = True,
) -> Result:
    """Send signed slash commands (each the next of ``queries()``) from ``clients``
    threads; with several ports (replicas), client n sends to port n mod their number."""
    result = Result(label)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]
    ports = port if isinstance(port, list) else [port]

    def client(number: int) -> None:
        where = f"http://127.0.0.1:{ports[number % len(ports)]}"
        slack = SignedSlackClient(where, SIGNING_SECRET, timeout=30)
        start.wait()
        while time.perf_counter() < stop_at[0]:
            text = queries()
            try:
                answer = slack.slash_command(text)
                ok = answer.status == 200 and bool(answer.body)
            except OSError:
                ok = False
                answer = None
            if not keep_alive:
                slack.close()
            with lock:
                if ok and answer is not None:
                    result.latencies.append(answer.elapsed)
                else:
                    result.failures += 1
        slack.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result


def search_cost(index_dir: Path, count: int = 3000) -> tuple[float, float]:
    """Mean milliseconds the lookup engine takes, in this process, for a lookup it
    must work out (``count`` of the realistic mix, remembering nothing) and for
    one it has answered before."""
    from index.engine import LookupEngine

    stream = QueryStream(seed=23)
    texts = [stream() for _ in range(count)]
    timings = []
    for responses_kept in (0, 1024):
        engine = LookupEngine.open(index_dir=index_dir, responses_kept=responses_kept)
        try:
            engine.warm()
            for text in texts[:200] if responses_kept == 0 else TOPICS:
                engine.search(text)
            timed = texts if responses_kept == 0 else TOPICS * 20
            started = time.perf_counter()
            for text in timed:
                engine.search(text)
            timings.append((time.perf_counter() - started) * 1000 / len(timed))
        finally:
            engine.close()
    return timings[0], timings[1]


def start_scrbot(fake: FakeSlackAPI, workdir: Path) -> tuple[subprocess.Popen[str], int]:
    """``scrbot serve --http`` on a free port; returns once ``/healthz`` says 200."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO_ROOT),
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "SCRBOT_INDEX_DIR": str(workdir / "index"),
        "SCRBOT_STATE": str(workdir / "scrbot.sqlite3"),
        "SCRBOT_LOG_FORMAT": "text",
    }
    command = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]
    process = subprocess.Popen(
        [*command, "serve", "--http", "--host", "127.0.0.1", "--port", "0"],
        env=env,
        cwd=workdir,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stderr], daemon=True).start()
    port = None
    deadline = time.monotonic() + 60
    while port is None:
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("scrbot serve did not start:\n" + "".join(lines.queue))
        try:
            found = re.search(r"Listening on http://[\d.]+:(\d+)/", lines.get(timeout=0.5))
        except queue.Empty:
            continue
        if found:
            port = int(found.group(1))
    probe = SignedSlackClient(f"http://127.0.0.1:{port}", SIGNING_SECRET)
    while probe.get("/healthz").status != 200:
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("scrbot serve never became ready:\n" + "".join(lines.queue))
        time.sleep(0.1)
    probe.close()
    return process, port


def start_bare_bolt(fake: FakeSlackAPI, mode: str) -> tuple[subprocess.Popen[str], int]:
    """A bare Bolt app on ``App.start()`` (Bolt's development server)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            BARE_BOLT_APP,
            fake.bot_token,
            fake.api_url,
            SIGNING_SECRET,
            str(port),
            mode,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the bare Bolt app did not start") from None
            time.sleep(0.1)


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients (10)")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each run (10)")
    parser.add_argument(
        "--compare-bolt-dev",
        action="store_true",
        help="also measure a bare Bolt app on App.start(), with and without "
        "process_before_response",
    )
    args = parser.parse_args()

    with FakeSlackAPI() as fake, tempfile.TemporaryDirectory() as folder:
        process, port = start_scrbot(fake, Path(folder))
        mix = QueryStream()
        try:
            # Past the engine's read-ahead of every term's scores, a one-off a
            # couple of seconds after it opens (index.engine.READ_AHEAD_AFTER).
            load("warm-up", port, args.clients, WARM_UP_SECONDS, cycling(TOPICS + VERBS))
            deployed = load(
                f"realistic mix, {args.clients} clients, keep-alive",
                port,
                args.clients,
                args.seconds,
                mix,
            )
            deployed.label += f" ({mix.repeat_share:.0%} asked before)"
            repeated = load(
                f"repeat-heavy mix ({len(TOPICS)} topics in turn), keep-alive",
                port,
                args.clients,
                args.seconds,
                cycling(TOPICS),
            )
            fresh = load(
                f"realistic mix, {args.clients} clients, new connections",
                port,
                args.clients,
                args.seconds,
                mix,
                keep_alive=False,
            )
            transport = load(
                "/scr help only (no search), keep-alive",
                port,
                args.clients,
                args.seconds,
                cycling(["help"]),
            )
        finally:
            stop(process)
        worked_out_ms, remembered_ms = search_cost(Path(folder) / "index")
        results = [deployed, repeated, fresh, transport]
        if args.compare_bolt_dev:
            for mode, label in (("default", "Bolt defaults"), ("pbr", "process_before_response")):
                process, port = start_bare_bolt(fake, mode)
                try:
                    results.append(
                        load(
                            f"bare App.start(), {label}",
                            port,
                            args.clients,
                            args.seconds,
                            cycling(["help"]),
                            keep_alive=False,
                        )
                    )
                finally:
                    stop(process)

    print(f"Signed /scr lookups over loopback HTTP, {os.cpu_count()} CPUs, scrbot serve --http:")
    for result in results:
        print("  " + result.line())
    print(
        f"  The lookup engine alone (one thread): {worked_out_ms:.2f} ms for a lookup it "
        f"works out, {remembered_ms * 1000:.0f} µs for one it has answered before."
    )
    met = (
        deployed.failures == 0
        and deployed.quantile(0.99) <= TARGET_P99_MS
        and deployed.rate >= TARGET_RATE
    )
    print(
        f"Target (as deployed, keep-alive): p99 <= {TARGET_P99_MS:.0f} ms and "
        f">= {TARGET_RATE:.0f} req/s with no failures: {'met' if met else 'MISSED'}."
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
