"""What a lookup returns: ranked, typed results, the top one a case-linked summary.

These plain objects are the contract between the search engine (``index/``) and
everything that shows answers (the Slack bot, the console, ``scrbot ask``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from index.model import Signpost, UncoveredTopic
from index.privacy import find_personal_data, strip_personal_data

#: The kinds of result, as ``scrbot ask --json`` names them.
KINDS = ("theme", "case", "question", "glossary", "recommendation")


#: What part of an answer a point is, as ``scrbot ask --json`` names it.
POINT_PARTS = ("summary", "case", "practice_point", "question")


@dataclass(frozen=True)
class SourceCite:
    """Where one point of an answer comes from: the document, its section, and
    the public address of the document (or of the page that hosts it)."""

    source: str
    title: str
    section: str
    url: str | None = None


@dataclass(frozen=True)
class CitedPoint:
    """One point an answer shows, with its own citation.

    ``part`` is one of :data:`POINT_PARTS`. ``origin`` is "source" when the point
    is the reviews' learning in our words, "general" when it is general knowledge
    (a glossary definition the reviews do not give), and then ``cite`` names
    where the reviews use the term.
    """

    part: str
    text: str
    cite: SourceCite | None
    origin: str = "source"

    def to_json(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "text": self.text,
            "origin": self.origin,
            "cite": asdict(self.cite) if self.cite else None,
        }


def number_citations(
    points: Iterable[CitedPoint],
) -> tuple[tuple[SourceCite, ...], dict[CitedPoint, int]]:
    """Number the citations of ``points`` for compact display: each distinct
    source and section once, numbered from 1 in order of first use, and the
    number each point carries. Points without a citation get no number."""
    order: dict[SourceCite, int] = {}
    numbers: dict[CitedPoint, int] = {}
    for point in points:
        if point.cite is not None:
            numbers[point] = order.setdefault(point.cite, len(order) + 1)
    return tuple(order), numbers


@dataclass(frozen=True)
class CaseRef:
    """A case where a theme showed, with one line on how."""

    id: str
    title: str
    how: str


@dataclass(frozen=True)
class Result:
    """One ranked search result.

    ``id`` is the knowledge id of the thing found (a theme, case, question,
    glossary term or ``<case-id>-rec-<number>``). ``theme_id``/``case_id`` name
    the theme or case to open for more. ``sources`` are readable citations,
    e.g. "Surrey SCR Briefing 2016–2020, 3.2 Disguised Compliance".
    """

    kind: str
    id: str
    title: str
    summary: str
    score: float
    cases: tuple[CaseRef, ...] = ()
    practice_points: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    theme_id: str | None = None
    case_id: str | None = None
    #: Every point shown above (summary, case lines, practice points, questions),
    #: each with its own source and section.
    points: tuple[CitedPoint, ...] = ()

    def cited(self, part: str, text: str) -> CitedPoint | None:
        """The cited point of ``part`` whose text is ``text``, if the answer has one."""
        return next((p for p in self.points if p.part == part and p.text == text), None)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["points"] = [point.to_json() for point in self.points]
        data["cases"] = [asdict(c) for c in self.cases]
        data["questions"] = list(self.questions)
        data["practice_points"] = list(self.practice_points)
        data["sources"] = list(self.sources)
        data["source"] = "; ".join(self.sources)
        data["score"] = round(self.score, 3)
        return data


@dataclass(frozen=True)
class RelatedTheme:
    id: str
    title: str


@dataclass(frozen=True)
class Nearby:
    """Learning near a lookup the reviews do not answer, offered as such."""

    kind: str
    id: str
    title: str
    #: How it touches what was asked, when the knowledge says.
    because: str | None = None


@dataclass(frozen=True)
class SearchResponse:
    """Everything a lookup found: results best first, and help when it found little.

    ``results`` is empty when the knowledge does not answer the lookup
    (:attr:`covered` is False); ``topic``, ``nearby`` and ``signposts`` then say
    what covers it instead. ``urgent`` is True when the query describes a child
    in danger now: the answer leads with what to do.
    """

    query: str
    results: tuple[Result, ...] = ()
    #: Spelling or theme suggestions when nothing (or little) matched.
    did_you_mean: tuple[str, ...] = ()
    #: Themes related to the top result, or the closest themes when nothing matched.
    related: tuple[RelatedTheme, ...] = ()
    notes: tuple[str, ...] = field(default=())
    urgent: bool = False
    #: The safeguarding topic asked about, when the reviews do not cover it.
    topic: UncoveredTopic | None = None
    #: Nearby learning, when the reviews do not answer the lookup.
    nearby: tuple[Nearby, ...] = ()
    #: National places holding learning from reviews, when they do not answer it.
    signposts: tuple[Signpost, ...] = ()

    @property
    def top(self) -> Result | None:
        return self.results[0] if self.results else None

    @property
    def covered(self) -> bool:
        """Whether the knowledge answers the lookup (then ``results`` holds it)."""
        return bool(self.results)

    def to_json(self) -> dict[str, Any]:
        # What was typed is shown back only when it holds nothing personal; else
        # only what was searched for, the personal details left out.
        query = strip_personal_data(self.query) if find_personal_data(self.query) else self.query
        return {
            "query": query,
            "covered": self.covered,
            "urgent": self.urgent,
            "results": [r.to_json() for r in self.results],
            "did_you_mean": list(self.did_you_mean),
            "related": [asdict(r) for r in self.related],
            "not_covered": None
            if self.covered
            else {
                "topic": self.topic.name if self.topic else None,
                "guidance": self.topic.guidance if self.topic else None,
                "origin": "general knowledge, not from the reviews",
                "nearby": [asdict(n) for n in self.nearby],
                "signposts": [asdict(s) for s in self.signposts],
            },
        }


def declined(response: SearchResponse) -> bool:
    """Whether the engine judged a lookup beyond the reviews (it carries what to
    say instead), rather than finding nothing at all to go on."""
    return not response.covered and bool(response.topic or response.nearby or response.signposts)
