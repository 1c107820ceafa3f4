"""Any input is safe: ``search`` answers everything, and never raises or logs an error.

Generated queries mix whoosh syntax, Slack markup, unbalanced quotes, emoji,
other scripts, control characters, real words and very long text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.answers import SearchResponse
from index.engine import LookupEngine
from tests.search_support import real_engine

__all__ = ["real_engine"]

SYNTAX = [
    "AND",
    "OR",
    "NOT",
    "ANDNOT",
    "ANDMAYBE",
    "(",
    ")",
    '"',
    "'",
    "*",
    "?",
    "~",
    "^",
    ":",
    "[",
    "]",
    "{",
    "}",
    "TO",
    "-",
    "+",
    "\\",
    "/",
    "title:",
    "kind:case",
    "key:*",
    "~2",
    "^3",
    "*:*",
    "<",
    ">",
    "|",
    "&",
    "&amp;",
    "&lt;",
    "%",
    "$",
    "#",
    "@",
    "!",
]
SLACK = [
    "<@U123ABC>",
    "<!channel>",
    "<!here>",
    "<!subteam^S123|@team>",
    "<#C123|general>",
    "<https://example.org|a link>",
    "<https://example.org>",
    "<mailto:a@example.org|mail>",
    "*bold*",
    "_italic_",
    "~strike~",
    "`code`",
    "```block```",
    "> quote",
    ":smile:",
    "<",
    ">",
]
WORDS = [
    "disguised",
    "compliance",
    "case",
    "y",
    "z",
    "HSB",
    "MASH",
    "what",
    "is",
    "the",
    "neglect",
    "father",
    "dads",
    "baby",
    "curiousity",
    "referral",
    "re-referral",
    "s47",
    "child's",
    "wasn't",
    "co-operate",
    "safeguarding",
]
OTHER = [
    "👶",
    "🏳️‍🌈",
    "👨‍👩‍👧",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\t",
    "\n",
    "Защита",
    "儿童保护",
    "حماية",
    "संरक्षण",
    "ñ",
    "ß",
    "İ",
    "ﬁ",
    "①",
    "𝔡𝔞𝔡𝔰",
]

fragments = st.sampled_from(SYNTAX + SLACK + WORDS + OTHER)
mixed = st.lists(st.one_of(fragments, st.text(max_size=12)), max_size=40).map(" ".join)
glued = st.lists(fragments, max_size=60).map("".join)
hostile = st.one_of(
    st.text(max_size=300),
    mixed,
    glued,
    st.text(alphabet="\"'()[]{}*?~^:<>|&@!#\\/+-_`", max_size=200),
    st.builds(lambda word, n: word * n, fragments, st.integers(1, 2500)),
)


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def errors() -> Iterator[ErrorLog]:
    handler = ErrorLog()
    logger = logging.getLogger("index")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def check(engine: LookupEngine, errors: ErrorLog, query: str) -> SearchResponse:
    response = engine.search(query)
    assert isinstance(response, SearchResponse)
    assert response.query == query
    assert errors.records == [], errors.records[0].getMessage()
    # Something helpful either way: an answer, themes to start from, or where else to look.
    assert response.results or response.related or response.nearby or response.signposts
    response.to_json()  # and it can be printed as JSON
    return response


@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(query=hostile)
def test_generated_hostile_queries(real_engine: LookupEngine, errors: ErrorLog, query: str) -> None:
    check(real_engine, errors, query)


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "\n\t\r",
        "x" * 10_000,
        "disguised compliance " * 500,
        "(" * 10_000,
        '"' * 9_999,
        "🙂" * 10_000,
        "a" + "\u0301" * 5000,
        'AND OR NOT ( ) " * ? ~ ^ :',
        '"disguised compliance',
        "title:neglect AND kind:case OR NOT (",
        "<@U123> <!channel> <https://x|y>",
        "<https://x|disguised compliance>",
        "Защита детей",
        "\x00\x01\x02",
        "\ud800",
    ],
    ids=lambda q: repr(q[:20]) + f"/{len(q)}",
)
def test_known_hostile_queries(real_engine: LookupEngine, errors: ErrorLog, query: str) -> None:
    check(real_engine, errors, query)


@pytest.mark.parametrize("query", [None, 42, b"bytes"])
def test_not_even_text(real_engine: LookupEngine, errors: ErrorLog, query: object) -> None:
    response = real_engine.search(query)  # type: ignore[arg-type]
    assert isinstance(response, SearchResponse)
    assert errors.records == []


def test_suggest_is_safe(real_engine: LookupEngine) -> None:
    assert real_engine.suggest("(" * 10_000) == []
    assert real_engine.suggest("disgised complaince")[0][0] == "disguised-compliance"
