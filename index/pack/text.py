"""Text as a pack uses it: on one line, and as the plain words of a name."""

from __future__ import annotations

import re


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks too) as one space."""
    return " ".join((text or "").split())


def plain_words(text: str) -> str:
    """``text`` casefolded, its punctuation as spaces: how names are compared."""
    return re.sub(r"[^\w]+", " ", (text or "").casefold()).strip()
