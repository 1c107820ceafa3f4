"""Query understanding: names found, words corrected, queries built (index.query)."""

from __future__ import annotations

import pytest
import yaml
from whoosh import query as wq

from index.documents import make_key
from index.knowledge import build_knowledge
from index.knowledge_folder import knowledge_files
from index.lexicon import Lexicon
from index.query import MAX_EXPANSION_TERMS, MAX_SEARCHED_TERMS, MAX_TERMS, understand
from index.spelling import Speller
from tests.search_support import FIXTURE_KNOWLEDGE


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    documents = [yaml.safe_load(p.read_text()) for p in knowledge_files(FIXTURE_KNOWLEDGE)]
    return Lexicon.from_knowledge(build_knowledge(documents))


@pytest.fixture(scope="module")
def speller(lexicon: Lexicon) -> Speller:
    return Speller(lexicon.vocabulary)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Missed home visits", "theme:missed-visits"),
        ("door not answered", "theme:missed-visits"),  # an alias
        ("missed visits", "theme:missed-visits"),  # the id's words
        ("case q", "case:case-q"),
        ("Child Q", "case:case-q"),  # a case alias
        ("what is a NAV?", "glossary:nav"),
        ("no access visits", "glossary:nav"),  # an expansion, in the plural
    ],
)
def test_whole_query_naming_an_item_is_a_direct_hit(
    typed: str, key: str, lexicon: Lexicon, speller: Speller
) -> None:
    plan = understand(typed, lexicon, speller)
    direct = [hit.key for hit in plan.hits if hit.direct]
    assert key in direct


def test_a_name_inside_a_longer_query_is_a_partial_hit(lexicon: Lexicon, speller: Speller) -> None:
    plan = understand("Case Q recommendations", lexicon, speller)
    hit = next(h for h in plan.hits if h.key == "case:case-q")
    assert not hit.direct
    assert hit.coverage == pytest.approx(2 / 3)


def test_a_title_outranks_an_alias_for_the_same_words(lexicon: Lexicon, speller: Speller) -> None:
    # "NAV" is the glossary term and an alias of the theme: the term is the surer name.
    plan = understand("NAV", lexicon, speller)
    assert [h.key for h in plan.hits][:2] == ["glossary:nav", "theme:missed-visits"]


def test_acronyms_expand_to_what_they_stand_for(lexicon: Lexicon, speller: Speller) -> None:
    plan = understand("NAV", lexicon, speller)
    assert {"access", "visit"} <= set(plan.expansion_stems)


def test_expansions_point_back_to_the_acronym(lexicon: Lexicon, speller: Speller) -> None:
    plan = understand("no access visit", lexicon, speller)
    assert "nav" in plan.expansion_stems


def test_glossary_terms_point_at_their_themes(lexicon: Lexicon, speller: Speller) -> None:
    plan = understand("EHCP", lexicon, speller)
    assert make_key("theme", "school-attendance") in {h.key for h in plan.hits}


def test_misspelt_words_are_corrected_and_reported(lexicon: Lexicon, speller: Speller) -> None:
    plan = understand("mised vistis", lexicon, speller)
    assert plan.words == ["missed", "visits"]
    assert plan.corrected_text == "missed visits"
    assert make_key("theme", "missed-visits") in {h.key for h in plan.hits if h.direct}


def test_known_words_are_not_corrected(lexicon: Lexicon, speller: Speller) -> None:
    plan = understand("visit chronology", lexicon, speller)
    assert plan.corrections == {}
    assert plan.corrected_text is None


@pytest.mark.parametrize("typed", ["", "   ", "what is the", "?!*", "<@U123>"])
def test_nothing_to_search(typed: str, lexicon: Lexicon, speller: Speller) -> None:
    plan = understand(typed, lexicon, speller)
    assert plan.empty
    assert plan.whoosh_query() is None


def test_long_queries_use_only_their_start(lexicon: Lexicon, speller: Speller) -> None:
    typed = " ".join(f"word{n}" for n in range(500))
    plan = understand(typed, lexicon, speller)
    assert len(plan.stems) == MAX_TERMS


def test_query_searches_every_field_and_the_phrase(lexicon: Lexicon, speller: Speller) -> None:
    query = understand("cancelled visits", lexicon, speller).whoosh_query(lexicon.known_stems)
    assert isinstance(query, wq.Or)  # whoosh's preloading Or
    fields = {(type(q).__name__, q.fieldname) for q in query.subqueries}
    assert fields == {("Term", "head"), ("Term", "summary"), ("Term", "body"), ("Phrase", "head")}


def test_terms_are_searched_only_where_the_index_has_them(
    lexicon: Lexicon, speller: Speller
) -> None:
    plan = understand("visits", lexicon, speller)
    query = plan.whoosh_query(lexicon.known_stems, {"head": {"visit": 3}, "body": {"visit": 9}})
    assert {q.fieldname for q in query.subqueries} == {"head", "body"}


def test_a_budget_keeps_names_and_rare_terms_first(lexicon: Lexicon, speller: Speller) -> None:
    plan = understand("cancelled visits", lexicon, speller)
    frequencies = {
        "head": {"cancel": 2, "visit": 40},
        "summary": {"cancel": 5, "visit": 300},
        "body": {"cancel": 50, "visit": 5000},
    }
    # The phrase costs what matching it reads: both words' names (42).
    query = plan.whoosh_query(lexicon.known_stems, frequencies, budget=150)
    chosen = {(type(q).__name__, q.fieldname, getattr(q, "text", None)) for q in query.subqueries}
    assert chosen == {
        ("Term", "head", "cancel"),
        ("Term", "head", "visit"),
        ("Term", "summary", "cancel"),
        ("Term", "body", "cancel"),
        ("Phrase", "head", None),
    }


def test_words_the_index_lacks_are_not_searched(lexicon: Lexicon, speller: Speller) -> None:
    plan = understand("visits qwertyuiop", lexicon, speller)
    query = plan.whoosh_query(lexicon.known_stems)
    assert {q.text for q in query.subqueries if isinstance(q, wq.Term)} == {"visit"}
    assert not any(isinstance(q, wq.Phrase) for q in query.subqueries)


def test_long_queries_search_their_rarest_words(lexicon: Lexicon, speller: Speller) -> None:
    known = [w for w in sorted(lexicon.vocabulary) if w.isalpha()][:40]
    plan = understand(" ".join(known), lexicon, speller)
    frequency = {stem: n for n, stem in enumerate(plan.stems)}
    typed, _ = plan.searched_terms(lexicon.known_stems, frequency)
    assert len(typed) == MAX_SEARCHED_TERMS
    assert set(typed) == set(sorted(set(plan.stems), key=frequency.get)[:MAX_SEARCHED_TERMS])


def test_expansions_are_capped(lexicon: Lexicon, speller: Speller) -> None:
    plan = understand("NAV EHCP chronology case q truancy", lexicon, speller)
    _, extra = plan.searched_terms(lexicon.known_stems)
    assert len(extra) <= MAX_EXPANSION_TERMS


def test_query_syntax_is_never_parsed(lexicon: Lexicon, speller: Speller) -> None:
    plan = understand('title:visits AND NOT "door', lexicon, speller)
    assert plan.stems == ["titl", "visit", "door"]
