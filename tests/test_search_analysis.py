"""How typed text becomes search terms (index.analysis)."""

from __future__ import annotations

import pytest

from index.analysis import MAX_QUERY_CHARS, clean_text, stems, words


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("<@U123ABC> missed visits", "missed visits"),
        ("<!channel> <!here|here> handover", "here handover"),
        ("see <https://example.org/x|the chronology>", "see the chronology"),
        ("see <https://example.org/x> now", "see now"),
        ("<#C0123|general> truancy", "general truancy"),
        ("fish &amp; chips &lt;b&gt;", "fish chips b"),
        ('AND OR NOT ( ) " * ? ~ ^ : title:x', "and or not title x"),
        ('"unbalanced quote', "unbalanced quote"),
        ("*bold* _italic_ ~strike~ `code`", "bold italic strike code"),
        ("wasn't the child's", "wasnt the childs"),
        ("re-referrals", "re referrals rereferrals"),
        ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
        ("👶🏽 baby 🚸", "baby"),
        ("", ""),
        ("   \n\t ", ""),
    ],
)
def test_clean_text_leaves_plain_words(typed: str, cleaned: str) -> None:
    assert clean_text(typed) == cleaned


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["list"]])
def test_clean_text_accepts_anything(value: object) -> None:
    assert isinstance(clean_text(value), str)


def test_clean_text_keeps_other_scripts() -> None:
    assert clean_text("Защита детей 儿童保护") == "защита детей 儿童保护"


def test_clean_text_cuts_long_input_at_a_word() -> None:
    cleaned = clean_text("neglect " * 2000)
    assert len(cleaned) <= MAX_QUERY_CHARS
    assert set(cleaned.split()) == {"neglect"}


def test_lone_surrogates_are_dropped() -> None:
    assert clean_text("visit\ud800s") == "visits"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("referral", "referrals"),
        ("fathers", "father"),
        ("visits", "visiting"),
        ("co-operate", "cooperate"),
    ],
)
def test_word_forms_share_a_stem(one: str, other: str) -> None:
    assert set(stems(one)) & set(stems(other))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("what is a chronology?", ["chronolog"]),
        ("how do I escalate", ["escal"]),
        ("Case Y", ["case", "y"]),
        ("what does NAV mean", ["nav"]),
    ],
)
def test_filler_words_are_dropped_but_single_letters_kept(typed: str, expected: list[str]) -> None:
    assert stems(typed) == expected


def test_words_are_unstemmed() -> None:
    assert words("Missed home visits") == ["missed", "home", "visits"]
