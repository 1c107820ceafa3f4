"""Finding what a pack is about: the theme or case a typed name means."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from index.model import Knowledge
from index.pack.model import Subject
from index.pack.text import plain_words


class UnknownSubject(LookupError):
    """No theme or case goes by the name given; ``suggestions`` are the closest."""

    def __init__(self, text: str, suggestions: Sequence[Subject]) -> None:
        super().__init__(text)
        self.text = text
        self.suggestions = tuple(suggestions)


def _names(kb: Knowledge) -> list[tuple[str, Subject]]:
    """Every name a theme or case goes by, normalised, with what it names."""
    found: list[tuple[str, Subject]] = []
    for theme in kb.themes.values():
        subject = Subject("theme", theme.id, theme.title)
        found += [(plain_words(name), subject) for name in (theme.id, theme.title, *theme.aliases)]
    for case in kb.cases.values():
        subject = Subject("case", case.id, case.title)
        found += [(plain_words(name), subject) for name in (case.id, case.title, *case.aliases)]
    return found


def subject_of(kb: Knowledge, kind: str, item_id: str) -> Subject:
    """The subject for a known ``theme``/``case`` id; KeyError if there is none."""
    if kind == "theme":
        return Subject("theme", item_id, kb.themes[item_id].title)
    if kind == "case":
        return Subject("case", item_id, kb.cases[item_id].title)
    raise KeyError(f"{kind}:{item_id}")


def find_subject(kb: Knowledge, text: str) -> Subject:
    """The theme or case ``text`` names: an id, a title, an alias, ``theme:<id>``,
    ``case:<id>`` or a case letter (``z``). Raises :class:`UnknownSubject` with the
    closest names when nothing matches exactly.

    >>> find_subject(load_knowledge(), "case z").id      # doctest: +SKIP
    'case-z'
    """
    raw = (text or "").strip()
    kind, _, ident = raw.partition(":")
    if kind in ("theme", "case") and ident:
        try:
            return subject_of(kb, kind, ident.strip())
        except KeyError:
            raw = ident
    wanted = plain_words(raw)
    if wanted:
        letter = re.sub(r"^(case|child|scr)\s+", "", wanted)
        if len(letter) == 1 and f"case-{letter}" in kb.cases:
            return subject_of(kb, "case", f"case-{letter}")
        for name, subject in _names(kb):
            if name == wanted:
                return subject
    raise UnknownSubject(raw, closest_subjects(kb, raw))


def closest_subjects(kb: Knowledge, text: str, limit: int = 3) -> list[Subject]:
    """The themes and cases whose names are closest to ``text``, best first."""
    wanted = plain_words(text)
    if not wanted:
        return []
    typed = set(wanted.split())
    scored: dict[Subject, float] = {}
    for name, subject in _names(kb):
        score = difflib.SequenceMatcher(None, wanted, name).ratio()
        # A name holding every word typed ("neglect" in "chronic neglect") is close too.
        if typed and typed <= set(name.split()):
            score = max(score, 0.75)
        if score >= 0.6 and score > scored.get(subject, 0.0):
            scored[subject] = score
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0].title))
    return [subject for subject, _ in ranked[:limit]]
