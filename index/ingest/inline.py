"""Inline clean-up: Markdown and HTML emphasis, links and escapes out of a line,
leaving the words as they read."""

from __future__ import annotations

import re

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"`([^`]*)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_LONE_MARKS = re.compile(r"(?:\*\*|__)")
_SPACES = re.compile(r"[ \t\u00a0]+")

#: Characters that carry no words: soft hyphens, zero-width spaces, byte-order marks.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff"), None)


def clean_inline(text: str) -> str:
    """Markdown and HTML marks out, words kept.

    ``**Recommendation 1:** see [the policy](http://x)`` -> ``Recommendation 1: see the policy``.
    """
    text = text.translate(_INVISIBLE)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis: ***word***
        text = _STRONG.sub(r"\2", text)
        text = _EMPHASIS.sub(r"\1", text)
    text = _UNDERSCORE.sub(r"\1", text)
    text = _LONE_MARKS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def normalise_space(text: str) -> str:
    """Runs of white space as one space, ends trimmed."""
    return " ".join(text.split())
