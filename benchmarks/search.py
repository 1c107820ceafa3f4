"""Benchmark the lookup engine: build time, index size, cold start and query latency.

Run from the repository root::

    .venv/bin/python benchmarks/search.py                 # real, 10x and 100x
    .venv/bin/python benchmarks/search.py --scales 1,10   # quicker

For each knowledge base — the real one and synthetic ones 10 and 100 times
larger — it prints the index build time, the index size on disk, the cold start
to a first answer, and warm query latency (p50/p90/p99/max) over at least 1,000
queries: the shared dev set and the project's eval set, typo'd variants of
them, long pastes and hostile input (search syntax, Slack markup, emoji).
The engine is opened remembering no responses, so every lookup timed is worked
out in full (a repeated lookup is answered from memory in microseconds; see
``benchmarks/http_load.py`` for what that does under load).

The synthetic bases copy every theme, case, question, recommendation and
glossary term, replacing about a third of the words in each copy with other
words from the knowledge and giving each copy its own names, so postings grow
with the scale and names stay distinct. The first copy is the real knowledge
unchanged, so the dev set's top-3 pass rate is also reported at each scale.

Targets (2-core machine, warm index): real p50 <= 5 ms, p99 <= 25 ms; 10x p99
<= 50 ms; 100x p99 <= 500 ms; ``scrbot ask`` cold start <= 1.5 s.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
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

import yaml  # noqa: E402

from index.analysis import words  # noqa: E402
from index.builder import IndexStore, knowledge_fingerprint  # noqa: E402
from index.engine import LookupEngine  # noqa: E402
from index.knowledge import load_knowledge  # noqa: E402
from index.model import Knowledge, Point  # noqa: E402

DEV_SET = REPO_ROOT.parent / "shared" / "eval" / "dev_queries.yaml"
OWN_SET = REPO_ROOT / "tests" / "eval_queries.yaml"
HOSTILE = [
    'AND OR NOT ( ) " * ? ~ ^ :',
    "title:neglect AND kind:case OR NOT (",
    '"unbalanced quote disguised',
    "<@U123ABC> <!channel> <https://example.org|disguised compliance>",
    "👶🏽 🚸 🙂 baby",
    "Защита детей 儿童保护",
    "*:* ~2 ^3 [a TO z]",
    "",
    "   ",
]


# -- the queries ------------------------------------------------------------------


def load_queries(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["queries"])


def typo(text: str, rng: random.Random) -> str:
    """One or two slips of the keyboard in a word of four letters or more."""
    parts = text.split()
    long_words = [i for i, w in enumerate(parts) if len(w) >= 4 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = list(parts[i])
    for _ in range(rng.choice((1, 2))):
        at = rng.randrange(1, len(word) - 1)
        slip = rng.choice(("drop", "swap", "double", "replace"))
        if slip == "drop" and len(word) > 4:
            del word[at]
        elif slip == "swap":
            word[at], word[at + 1 if at + 1 < len(word) else at - 1] = (
                word[at + 1 if at + 1 < len(word) else at - 1],
                word[at],
            )
        elif slip == "double":
            word.insert(at, word[at])
        else:
            word[at] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    parts[i] = "".join(word)
    return " ".join(parts)


def query_mix(kb: Knowledge, count: int, seed: int = 7) -> list[str]:
    """At least ``count`` queries: dev and eval sets, typos, long pastes, hostile input."""
    rng = random.Random(seed)
    base = [item["q"] for item in load_queries(DEV_SET) + load_queries(OWN_SET)]
    base += [theme.title for theme in kb.themes.values()]
    base += [alias for theme in kb.themes.values() for alias in theme.aliases]
    base += [term.term for term in kb.glossary.values()]
    vocabulary = sorted({w for t in kb.themes.values() for w in words(t.summary)})
    queries = list(dict.fromkeys(base))
    queries += HOSTILE
    while len(queries) < count * 0.75:
        queries.append(typo(rng.choice(base), rng))
    while len(queries) < count * 0.9:
        # Long pastes: a whole paragraph of the knowledge's words, 80 to 2,000 of them.
        queries.append(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(80, 2000))))
    while len(queries) < count:
        queries.append(rng.choice(HOSTILE) + " " + rng.choice(base) * rng.randint(1, 40))
    rng.shuffle(queries)
    return queries


# -- synthetic knowledge --------------------------------------------------------


def synthetic(kb: Knowledge, factor: int, seed: int = 11) -> Knowledge:
    """``factor`` copies of ``kb``; copy 0 is ``kb`` itself, the others reworded."""
    if factor <= 1:
        return kb
    rng = random.Random(seed)
    vocabulary = sorted({w for t in kb.themes.values() for w in words(t.summary + " " + t.title)})
    vocabulary += sorted({w for c in kb.cases.values() for p in c.findings for w in words(p.text)})

    def reword(text: str | None) -> str | None:
        if text is None:
            return None
        return " ".join(
            rng.choice(vocabulary) if rng.random() < 0.33 else word for word in text.split()
        )

    def name(text: str) -> str:
        return f"{reword(text)} {rng.choice(vocabulary)} {rng.choice(vocabulary)}"

    def points(items: tuple[Point, ...]) -> tuple[Point, ...]:
        return tuple(dataclasses.replace(p, text=reword(p.text), quote=None) for p in items)

    out = Knowledge(sources=dict(kb.sources))
    for copy in range(factor):
        suffix = f"-x{copy}" if copy else ""
        same = copy == 0
        for theme in kb.themes.values():
            theme_id = theme.id + suffix
            out.themes[theme_id] = dataclasses.replace(
                theme,
                id=theme_id,
                title=theme.title if same else name(theme.title),
                summary=theme.summary if same else reword(theme.summary),
                aliases=theme.aliases if same else tuple(reword(a) for a in theme.aliases),
                key_points=theme.key_points if same else points(theme.key_points),
                practice_points=theme.practice_points if same else points(theme.practice_points),
                questions=tuple(
                    dataclasses.replace(
                        q,
                        id=q.id + suffix,
                        theme_id=theme_id,
                        text=q.text if same else reword(q.text),
                    )
                    for q in theme.questions
                ),
                related=tuple(r + suffix for r in theme.related),
                cases=(),
            )
        for case in kb.cases.values():
            case_id = case.id + suffix
            out.cases[case_id] = dataclasses.replace(
                case,
                id=case_id,
                title=case.title if same else name(case.title),
                headline=case.headline if same else reword(case.headline),
                aliases=case.aliases if same else tuple(reword(a) for a in case.aliases),
                family=case.family if same else points(case.family),
                findings=case.findings if same else points(case.findings),
                good_practice=case.good_practice if same else points(case.good_practice),
                recommendations=tuple(
                    dataclasses.replace(r, text=r.text if same else reword(r.text))
                    for r in case.recommendations
                ),
                themes=tuple(
                    dataclasses.replace(
                        link,
                        case_id=case_id,
                        theme_id=link.theme_id + suffix,
                        how=link.how if same else reword(link.how),
                        vignette=link.vignette if same else reword(link.vignette),
                    )
                    for link in case.themes
                ),
                questions=tuple(
                    dataclasses.replace(
                        q,
                        id=q.id + suffix,
                        case_id=case_id,
                        text=q.text if same else reword(q.text),
                    )
                    for q in case.questions
                ),
                parallels=tuple(
                    dataclasses.replace(p, case_id=p.case_id + suffix) for p in case.parallels
                ),
            )
        for term in kb.glossary.values():
            term_id = term.id + suffix
            out.glossary[term_id] = dataclasses.replace(
                term,
                id=term_id,
                term=term.term if same else name(term.term),
                expansion=term.expansion if same else reword(term.expansion),
                meaning=term.meaning if same else reword(term.meaning),
                aliases=term.aliases if same else tuple(reword(a) for a in term.aliases),
                themes=tuple(t + suffix for t in term.themes),
            )
    links: dict[str, list[Any]] = {}
    for case in out.cases.values():
        for link in case.themes:
            links.setdefault(link.theme_id, []).append(link)
    for theme_id, theme in list(out.themes.items()):
        out.themes[theme_id] = dataclasses.replace(theme, cases=tuple(links.get(theme_id, ())))
    return out


# -- measuring -------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def dev_pass_rate(engine: LookupEngine) -> str:
    items = load_queries(DEV_SET)
    if not items:
        return "n/a"
    passed = 0
    for item in items:
        response = engine.search(item["q"])
        titles = [t for r in response.results[:3] for t in (r.title, *(c.title for c in r.cases))]
        wanted = [w.casefold() for w in item["expect_any"]]
        passed += any(w in t.casefold() for t in titles for w in wanted)
    return f"{passed}/{len(items)}"


def measure(label: str, kb: Knowledge, queries: list[str], work: Path) -> dict[str, Any]:
    index_dir = work / label
    started = time.perf_counter()
    build = IndexStore(index_dir).build(kb, knowledge_fingerprint(kb))
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    engine = LookupEngine.from_knowledge(kb, index_dir, responses_kept=0)
    engine.search("disguised compliance")
    cold = time.perf_counter() - started
    engine.warm()  # as a running bot is, a moment after it starts
    for query in queries[:50]:  # warm up: caches, page cache
        engine.search(query)
    timings = []
    for query in queries:
        started = time.perf_counter()
        engine.search(query)
        timings.append((time.perf_counter() - started) * 1000)
    result = {
        "label": label,
        "documents": build.meta["documents"],
        "build_s": build_seconds,
        "size_mb": build.size_bytes() / 1e6,
        "cold_s": cold,
        "queries": len(timings),
        "p50": statistics.median(timings),
        "p90": percentile(timings, 0.90),
        "p99": percentile(timings, 0.99),
        "max": max(timings),
        "dev": dev_pass_rate(engine),
    }
    engine.close()
    return result


def cli_cold_start(work: Path, runs: int = 5) -> tuple[float, float]:
    """Wall-clock seconds for ``scrbot ask`` as a new process: with the index built
    (best of ``runs``), and with no index yet (it builds one first)."""
    scrbot = Path(sys.executable).parent / "scrbot"
    command = [str(scrbot), "ask", "--index", str(work / "cli-index"), "disguised compliance"]
    env = {**os.environ, "NO_COLOR": "1"}

    def once() -> float:
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=REPO_ROOT)
        return time.perf_counter() - started

    shutil.rmtree(work / "cli-index", ignore_errors=True)
    first = once()
    warm = min(once() for _ in range(runs))
    return warm, first


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="comma-separated, e.g. 1,10,100")
    parser.add_argument("--queries", type=int, default=1200, help="queries per scale")
    args = parser.parse_args()
    kb = load_knowledge()
    work = Path(tempfile.mkdtemp(prefix="scrbot-bench-"))
    print(f"knowledge: {kb.counts()}")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    try:
        warm, first = cli_cold_start(work)
        print(
            f"scrbot ask cold start: {warm:.2f} s with the index built "
            f"(best of 5), {first:.2f} s when it must build the index first"
        )
        header = (
            f"{'scale':>6} {'docs':>7} {'build s':>8} {'size MB':>8} {'cold s':>7} "
            f"{'queries':>7} {'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'max ms':>7} "
            f"{'dev':>6}"
        )
        print(header)
        # The same queries at every scale, drawn from the real knowledge's names.
        queries = query_mix(kb, args.queries)
        for scale in (int(s) for s in args.scales.split(",")):
            data = measure(f"x{scale}", synthetic(kb, scale), queries, work)
            print(
                f"{scale:>5}x {data['documents']:>7} {data['build_s']:>8.1f} "
                f"{data['size_mb']:>8.1f} {data['cold_s']:>7.2f} {data['queries']:>7} "
                f"{data['p50']:>7.2f} {data['p90']:>7.2f} {data['p99']:>7.2f} "
                f"{data['max']:>7.1f} {data['dev']:>6}",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
