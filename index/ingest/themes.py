"""Suggested theme links: which existing themes each finding and recommendation
matches in the search index, with the score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

#: Below this a theme is too weak a match to suggest.
MIN_THEME_SCORE = 0.5
THEMES_PER_ITEM = 3


class Searches(Protocol):
    """What theme suggestions need of the lookup engine."""

    def search(self, query: str, limit: int = 5) -> object: ...


@dataclass(frozen=True)
class ThemeLink:
    theme: str
    score: float


def themes_for(engine: Searches, text: str) -> list[ThemeLink]:
    """The themes ``text`` matches best, strongest first."""
    response = engine.search(text, limit=8)
    links: list[ThemeLink] = []
    for result in getattr(response, "results", ()):
        if getattr(result, "kind", None) != "theme":
            continue
        score = float(getattr(result, "score", 0.0))
        if score >= MIN_THEME_SCORE:
            links.append(ThemeLink(str(result.id), round(score, 2)))
    return links[:THEMES_PER_ITEM]


def summarise(links: Iterable[list[ThemeLink]]) -> list[dict[str, object]]:
    """Each theme suggested anywhere: its best score and how many items matched it."""
    best: dict[str, float] = {}
    count: dict[str, int] = {}
    for item_links in links:
        for link in item_links:
            best[link.theme] = max(best.get(link.theme, 0.0), link.score)
            count[link.theme] = count.get(link.theme, 0) + 1
    ordered = sorted(best, key=lambda t: (-count[t], -best[t], t))
    return [{"theme": t, "best_score": best[t], "items": count[t]} for t in ordered]
