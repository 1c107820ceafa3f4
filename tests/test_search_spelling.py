"""Spelling correction against the knowledge's own words (index.spelling)."""

from __future__ import annotations

import re

import pytest

from index.documents import knowledge_documents
from index.engine import LookupEngine
from index.knowledge import load_knowledge
from index.lexicon import Lexicon
from index.query import understand
from index.spelling import Speller, edit_distance
from tests.search_support import real_engine

__all__ = ["real_engine"]

VOCABULARY = {
    "professional": 40,
    "profession": 3,
    "curiosity": 12,
    "disguised": 9,
    "compliance": 9,
    "complaint": 1,
    "neglect": 30,
    "chronology": 5,
    "visits": 20,
    "visitor": 1,
}


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("visits", "visits", 0),
        ("visits", "vists", 1),
        ("compliance", "complaince", 1),  # neighbours swapped: one edit
        ("professional", "proffesional", 2),
        ("visits", "visitor", 2),
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, limit=3) == distance


def test_edit_distance_stops_at_the_limit() -> None:
    assert edit_distance("abcdefgh", "stuvwxyz", limit=2) == 3


@pytest.mark.parametrize(
    ("typed", "fixed"),
    [
        ("proffesional", "professional"),
        ("curiousity", "curiosity"),
        ("disgised", "disguised"),
        ("complaince", "compliance"),
        ("neglet", "neglect"),
        ("chronolgy", "chronology"),
        ("vistis", "visits"),
    ],
)
def test_misspellings_are_corrected(typed: str, fixed: str) -> None:
    assert Speller(VOCABULARY).correct(typed) == fixed


@pytest.mark.parametrize(
    "typed",
    [
        "visits",  # known
        "vst",  # too short to guess
        "xylophone",  # nothing close
        "eglect",  # first letter differs
        "12345",  # not a word
        "",
    ],
)
def test_words_left_alone(typed: str) -> None:
    assert Speller(VOCABULARY).correct(typed) is None


@pytest.mark.parametrize(
    ("typed", "vocabulary"),
    [
        ("hand", {"hard": 5}),  # short real words are too near other words to guess
        ("weather", {"whether": 5}),  # two slips in a short word: more likely a real word
    ],
)
def test_real_words_are_not_forced_into_the_vocabulary(
    typed: str, vocabulary: dict[str, int]
) -> None:
    assert Speller(vocabulary).correct(typed) is None


def test_ties_go_to_the_commoner_word() -> None:
    speller = Speller({"visits": 20, "visit": 1, "vests": 1})
    assert speller.correct("vissits") == "visits"


# --- Against the real knowledge ---------------------------------------------------------------

#: Everyday words a practitioner may type that the knowledge does not use, each one
#: slip from a word (or an analysis form) that it does: "twoday" from "two-day".
EVERYDAY_WORDS = ["today", "tired", "smelly", "bruised", "evening", "messages"]


@pytest.mark.parametrize("typed", EVERYDAY_WORDS)
def test_a_real_word_the_knowledge_lacks_is_never_corrected(
    real_engine: LookupEngine, typed: str
) -> None:
    lexicon = Lexicon.from_knowledge(real_engine.knowledge)
    speller = Speller(lexicon.vocabulary)
    assert speller.correct(typed) is None
    assert understand(f"{typed} mum", lexicon, speller).corrections == {}
    # A corrected query would be offered as "did you mean ... mum".
    assert not [s for s in real_engine.search(f"{typed} mum").did_you_mean if s.endswith(" mum")]


def test_only_words_the_knowledge_writes_are_suggested() -> None:
    kb = load_knowledge(None)
    written: set[str] = set()
    for document in knowledge_documents(kb):
        for text in (
            document.title,
            document.aliases,
            document.summary,
            document.body,
            document.links,
        ):
            written.update(re.findall(r"[^\W\d_]+", text.casefold()))
    vocabulary = Lexicon.from_knowledge(kb).vocabulary
    assert "two" in vocabulary and "day" in vocabulary  # "two-day" in Case Y
    invented = sorted(word for word in vocabulary if word not in written)
    assert invented == []
