"""How many truth recommendations any draft taken from the source's words could recall.

Run from the repository root::

    .venv/bin/python benchmarks/ingest_ceiling.py            # the shared dev truth
    .venv/bin/python benchmarks/ingest_ceiling.py --truth benchmarks/ingest_set

For each truth recommendation it finds the best match (the shared scorer's own
``similarity``: containment, or Dice on token sets, at the truth's threshold)
that the source's own words reach, taken as:

* whole paragraphs or list items (an HTML tag ends one), sentences, and clauses
  (split at ``;``, ``:`` and ", and" / ", but" …), counted one to one as the
  scorer counts them: the ceiling for a draft made of the source's units, as
  ingest makes it;
* any run of consecutive words no longer than the scorer allows (twice the
  truth's length plus ten), not one to one: the ceiling for any extractive draft
  at all, however it cut the text.

A truth recommendation that no run of the source's words reaches is a paraphrase
only an editor's own words can match.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import yaml

ROOT = Path(__file__).resolve().parent.parent
_CLAUSE = re.compile(r"[;:]|,\s+(?:and|but|or|which|so|as|while|whilst)\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“(])")
_UNIT = re.compile(r"\s*<[^>]+>\s*|\n\s*\n|\n(?=\s*(?:[-•●▪]|\d+[.)]|[a-z][.)])\s)")


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_ingest", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"Cannot load the scorer at {path}.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def units(source: str, tokens: object) -> list[str]:
    """Paragraphs and list items, their sentences and clauses, each once."""
    found: dict[str, str] = {}
    for paragraph in (p.strip() for p in _UNIT.split(source) if p.strip()):
        pieces = [paragraph]
        for sentence in _SENTENCE.split(paragraph):
            pieces.append(sentence)
            pieces += [c for c in _CLAUSE.split(sentence) if len(c.split()) >= 3]
        for piece in pieces:
            found.setdefault(" ".join(tokens(piece)), piece)  # type: ignore[operator]
    return list(found.values())


def best_window(truth: list[str], source: list[str]) -> float:
    """The best Dice any run of source words reaches (within the scorer's length guard)."""
    wanted = set(truth)
    longest = 2 * len(truth) + 10
    best = 0.0
    for start, word in enumerate(source):
        if word not in wanted:  # a best run starts and ends on a wanted word
            continue
        seen: set[str] = set()
        shared = 0
        for other in source[start : start + longest]:
            if other not in seen:
                seen.add(other)
                shared += other in wanted
            if other in wanted:
                best = max(best, 2 * shared / (len(wanted) + len(seen)))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shared = ROOT.parent / "shared"
    parser.add_argument("--scorer", type=Path, default=shared / "eval/ingest/score_ingest.py")
    parser.add_argument("--truth", type=Path, default=shared / "eval/ingest/dev")
    args = parser.parse_args(argv)
    if not args.scorer.exists() or not args.truth.is_dir():
        print("The scorer or truth folder is not there: give them with --scorer and --truth.")
        return 2
    scorer = load_scorer(args.scorer)
    totals = [0, 0, 0]
    print(f"{'document':<24} {'truth':>5} {'units, one to one':>18} {'any run of words':>17}")
    for path in sorted(args.truth.glob("*.truth.yaml")):
        truth = yaml.safe_load(path.read_text(encoding="utf-8"))
        source = (path.parent / truth["source_text"]).read_text(encoding="utf-8")
        wanted = [t for t in truth.get("recommendations") or [] if t.get("complete", True)]
        one_to_one = len(scorer.match_one_to_one(wanted, units(source, scorer.tokens), 0.8))
        words = scorer.tokens(source)
        reachable = 0
        for item in wanted:
            need = item.get("match_threshold", 0.8)
            text = scorer.tokens(item["text"])
            if scorer.contains(words, text) or best_window(text, words) >= need:
                reachable += 1
        row = (len(wanted), one_to_one, reachable)
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(f"{truth['id']:<24} {row[0]:>5} {row[1]:>18} {row[2]:>17}")
    n, units_total, runs = totals
    print(
        f"{'TOTAL':<24} {n:>5} {f'{units_total} ({units_total / n:.0%})':>18} "
        f"{f'{runs} ({runs / n:.0%})':>17}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
