"""What a section holds, read from its headings: recommendations, findings, key
learning, good practice, the Board's response, the case summary, the terms of
reference, reflective questions."""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Draft field -> heading words that name it. The first that matches the nearest
#: heading wins, in this order ("Findings and recommendations" holds both).
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("recommendations", re.compile(r"recommend|\bactions? (?:required|for)\b", re.I)),
    (
        "findings",
        re.compile(
            r"finding|conclusion|what (?:we|the review) found|\banalysis\b|key issues"
            r"|issues identified|\bpatterns?\b|\bbarriers\b",
            re.I,
        ),
    ),
    (
        "good_practice",
        re.compile(r"good practice|what went well|strengths|positive practice", re.I),
    ),
    (
        "key_learning",
        re.compile(
            r"learn(?:ing|ed|t)\b|lessons?\b|key messages|messages for|implications for"
            r"|what (?:this|it) means|practice points|points for practice|for practitioners"
            r"|reflections?\b",
            re.I,
        ),
    ),
    (
        "board_response",
        re.compile(
            r"\bresponse\b|actions? taken|what has (?:happened|changed)|since the review"
            r"|progress (?:made|since)|improvements made",
            re.I,
        ),
    ),
    (
        "reflective_questions",
        re.compile(r"questions? (?:for|to) (?:reflect|consider|discuss)|reflective|discuss", re.I),
    ),
    (
        "terms_of_reference",
        re.compile(
            r"terms of reference|lines? of enquiry|research questions|key questions|\btor\s?\d*\b",
            re.I,
        ),
    ),
    (
        "case_summary",
        re.compile(
            r"summary|background|\bthe case\b|about (?:the )?(?:child|family|children)"
            r"|introduction|overview|the family|why (?:an?|this) |narrative|chronology"
            r"|circumstances|case history|family history",
            re.I,
        ),
    ),
)


def kinds_of(heading: str) -> list[str]:
    """Every kind a heading names, strongest first."""
    return [name for name, pattern in KINDS if pattern.search(heading)]


def section_kinds(path: Sequence[str], title_headings: frozenset[str]) -> list[str]:
    """The kinds of the nearest heading on ``path`` that names any (the document's
    own title, "Learning from Serious Case Reviews", names none)."""
    for heading in reversed(path):
        if heading in title_headings:
            continue
        found = kinds_of(heading)
        if found:
            return found
    return []
