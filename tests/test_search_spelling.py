"""Spelling correction against the knowledge's own words (index.spelling)."""

from __future__ import annotations

import pytest

from index.spelling import Speller, edit_distance

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
