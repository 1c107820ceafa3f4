"""Every point an answer shows carries its own source and section.

Runs ``scrbot ask --json`` over the bundled knowledge, as a person or a script
would, for each kind of answer: a theme, a case, a glossary term (general and
from the reviews), a question and a recommendation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from index.compose import Composer
from index.documents import make_key, recommendation_id
from index.knowledge import load_knowledge
from index.knowledge_folder import BUNDLED_KNOWLEDGE


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("index")


def ask_json(index_dir: Path, capsys: pytest.CaptureFixture[str], query: str) -> dict:
    code = main(
        ["ask", "--knowledge", str(BUNDLED_KNOWLEDGE), "--index", str(index_dir), "--json", query]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    return json.loads(out)


QUERIES = {
    "theme": "disguised compliance",
    "case": "case z",
    "glossary": "MASH",
}


@pytest.mark.parametrize("kind", QUERIES)
def test_every_point_shown_has_its_own_cite(index_dir, capsys, kind):
    data = ask_json(index_dir, capsys, QUERIES[kind])
    top = next((r for r in data["results"] if r["kind"] == kind), None)
    assert top is not None, [r["kind"] for r in data["results"]]
    sources = {s.id: s for s in load_knowledge().sources.values()}
    points = top["points"]
    texts = {(p["part"], p["text"]) for p in points}
    # Everything the card shows is among the cited points...
    assert ("summary", top["summary"]) in texts
    assert {("practice_point", t) for t in top["practice_points"]} <= texts
    assert {("question", t) for t in top["questions"]} <= texts
    assert {("case", c["how"]) for c in top["cases"]} <= texts
    # ...and each names its document, section and where the document is published.
    for point in points:
        cite = point["cite"]
        assert cite is not None, point
        assert cite["source"] in sources
        assert cite["title"] == sources[cite["source"]].title
        assert cite["section"]
        assert cite["url"] == sources[cite["source"]].url
        assert point["origin"] in ("source", "general")


def test_every_answer_the_knowledge_can_give_cites_every_point():
    kb = load_knowledge()
    composer = Composer(kb)
    keys = [make_key(kind, item) for kind, item in _every_item(kb)]
    assert len(keys) > 200
    for key in keys:
        answer = composer.result(key)
        shown = [("summary", answer.summary)] if answer.summary else []
        shown += [("case", c.how) for c in answer.cases]
        shown += [("practice_point", t) for t in answer.practice_points]
        shown += [("question", t) for t in answer.questions]
        for part, text in shown:
            point = answer.cited(part, text)
            assert point is not None and point.cite is not None, (key, part, text)


def _every_item(kb):
    yield from (("theme", i) for i in kb.themes)
    yield from (("case", i) for i in kb.cases)
    yield from (("glossary", i) for i in kb.glossary)
    yield from (("question", q.id) for q in kb.questions)
    for case in kb.cases.values():
        yield from (
            ("recommendation", recommendation_id(case.id, r.number)) for r in case.recommendations
        )


def test_points_drawn_from_several_themes_cite_each_source(index_dir, capsys):
    top = ask_json(index_dir, capsys, "MASH")["results"][0]
    cited = {p["cite"]["source"] for p in top["points"]}
    assert len(cited) > 1
    # The card's list of sources names every document its points come from.
    for source_id in cited:
        title = load_knowledge().sources[source_id].title
        assert any(line.startswith(title) for line in top["sources"]), (title, top["sources"])


def test_a_general_knowledge_definition_says_so(index_dir, capsys):
    kb = load_knowledge()
    general = next(t for t in kb.glossary.values() if t.origin == "general")
    data = ask_json(index_dir, capsys, general.term)
    top = next(r for r in data["results"] if r["id"] == general.id)
    summary = next(p for p in top["points"] if p["part"] == "summary")
    assert summary["origin"] == "general"


def test_case_v_recommendation_on_solution_focused_couple_work_reaches_an_answer():
    """Case V's third recommendation is learning practitioners should meet when they
    look up domestic abuse, not only when they open the case."""
    answer = Composer(load_knowledge()).result("theme:domestic-abuse")
    point = next(p for p in answer.practice_points if "solution-focused" in p)
    cited = answer.cited("practice_point", point)
    assert cited is not None and cited.cite is not None
    assert cited.cite.source == "norfolk-case-v"
