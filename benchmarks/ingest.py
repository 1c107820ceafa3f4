"""Benchmark ``scrbot ingest``: quality against truth files, and time per document.

Run from the repository root (the test extra writes the PDF and DOCX)::

    .venv/bin/python benchmarks/ingest.py
    .venv/bin/python benchmarks/ingest.py --keep drafts/   # keep the drafts to read

It ingests, into a temporary knowledge folder:

1. the five shared sources (``../shared/sources``), scored by the shared scorer
   (``../shared/eval/ingest/score_ingest.py``) against ``../shared/eval/ingest/dev``;
2. our own set (``benchmarks/ingest_set``): fictional reviews in the shapes
   published ones take, as Markdown, HTML, DOCX and PDF (the last two written
   from their text here), scored the same way against their truth files.

It prints the scorer's table for each set and the time each document took to
ingest (read, draft, suggest themes, write), then the time of one whole
``scrbot ingest`` run from the command line. Targets: under 5 s a document;
on the shared set recommendations recalled >= 95%, every quotation verbatim,
sections cited correctly >= 95%.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.engine import LookupEngine  # noqa: E402
from index.ingest import ingest_file  # noqa: E402
from index.knowledge_folder import BUNDLED_KNOWLEDGE  # noqa: E402
from tests.ingest.documents import Part, write_docx, write_pdf  # noqa: E402

OWN_SET = ROOT / "benchmarks" / "ingest_set"
_DATE_LINE = re.compile(r"^(?:\d{1,2} )?[A-Z][a-z]+ \d{4}$")
#: ``<!-- footer: Child D Overview Report | June 2019 -->``: the page footer to print.
_FOOTER = re.compile(r"^<!--\s*footer:\s*(.*?)\s*-->$")


def parts_from_text(text: str) -> list[Part]:
    """Light Markdown (``#`` headings, ``-`` and ``1.`` lists) as document parts."""
    parts: list[Part] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or _FOOTER.match(line):
            continue
        if line.startswith("# "):
            kind = "title" if not any(p.kind == "title" for p in parts) else "h1"
            parts.append(Part(kind, line[2:]))  # type: ignore[arg-type]
        elif line.startswith("## "):
            parts.append(Part("h1", line[3:]))
        elif line.startswith("- "):
            parts.append(Part("bullet", line[2:]))
        elif re.match(r"^\d+\. ", line):
            parts.append(Part("number", line.split(" ", 1)[1]))
        elif _DATE_LINE.match(line):
            parts.append(Part("date", line))
        else:
            parts.append(Part("p", line))
    return parts


def document_for(source: Path, folder: Path) -> Path:
    """The file to ingest: a DOCX or PDF written from ``*.docx.txt``/``*.pdf.txt``
    (with the page footer a ``<!-- footer: … -->`` line gives)."""
    name = source.name
    if name.endswith((".docx.txt", ".pdf.txt")):
        target = folder / name.removesuffix(".txt")
        text = source.read_text(encoding="utf-8")
        footer = next((m.group(1) for m in map(_FOOTER.match, text.splitlines()) if m), "")
        parts = parts_from_text(text)
        if target.suffix == ".docx":
            return write_docx(target, parts, footer=footer)
        header = next(p.text for p in parts if p.kind == "title")
        return write_pdf(
            target, parts, running_header=header, running_footer=footer, title_page_break=True
        )
    return source


def run_set(
    name: str, truth_dir: Path, scorer: Path, work: Path, engine: LookupEngine, keep: Path | None
) -> list[tuple[str, float]]:
    drafts = work / f"drafts-{name}"
    knowledge = work / f"knowledge-{name}"
    knowledge.mkdir()
    timings: list[tuple[str, float]] = []
    for truth_path in sorted(truth_dir.glob("*.truth.yaml")):
        truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
        source = (truth_path.parent / truth["source_text"]).resolve()
        document = document_for(source, work)
        started = time.perf_counter()
        ingest_file(
            document, knowledge_dir=knowledge, out_dir=drafts, source_id=truth["id"], engine=engine
        )
        timings.append((f"{truth['id']} ({document.suffix[1:]})", time.perf_counter() - started))
    print(f"\n## {name}: {truth_dir}\n")
    subprocess.run([sys.executable, str(scorer), str(drafts), str(truth_dir)], check=False)
    if keep is not None:
        shutil.copytree(drafts, keep / name, dirs_exist_ok=True)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder"
    )
    parser.add_argument("--keep", type=Path, help="copy the drafts here")
    args = parser.parse_args(argv)
    scorer = args.shared / "eval" / "ingest" / "score_ingest.py"
    if not scorer.exists():
        print(f"The scorer {scorer} is not here: give the shared folder with --shared DIR.")
        return 2
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        started = time.perf_counter()
        engine = LookupEngine.open(BUNDLED_KNOWLEDGE, work / "index")
        opened = time.perf_counter() - started
        dev = args.shared / "eval" / "ingest" / "dev"
        timings = run_set("shared sources", dev, scorer, work, engine, args.keep)
        timings += run_set("our own set", OWN_SET, scorer, work, engine, args.keep)
        engine.close()

        print("\n## Time to ingest each document (read, draft, theme links, write)\n")
        for name, seconds in timings:
            print(f"  {name:<34} {seconds * 1000:7.0f} ms")
        print(f"  (opening the search index once for theme links: {opened * 1000:.0f} ms)")

        largest = max((args.shared / "sources").glob("*.txt"), key=lambda p: p.stat().st_size)
        knowledge = work / "knowledge-cli"
        shutil.copytree(BUNDLED_KNOWLEDGE, knowledge, ignore=shutil.ignore_patterns("drafts"))
        command = [
            str(Path(sys.executable).parent / "scrbot"), "ingest", str(largest),
            "--knowledge", str(knowledge), "--index", str(work / "index-cli"), "--id", "timed",
        ]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        print(
            f"\n`scrbot ingest` from the command line on the largest source ({largest.name}, "
            f"{largest.stat().st_size // 1024} KB), index built first: "
            f"{time.perf_counter() - started:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
