"""Typed, read-only objects for the knowledge base.

Every statement the bot can show carries a :class:`Cite` (source id and section).
The objects are built by :mod:`index.knowledge` from the YAML in ``knowledge/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cite:
    """Where a fact comes from: a source id and the section or slide heading."""

    source: str
    section: str


@dataclass(frozen=True)
class Point:
    """One statement in our own words; ``quote`` holds exact source words, if any."""

    text: str
    cite: Cite
    quote: str | None = None


@dataclass(frozen=True)
class Question:
    """A reflective question; ``level`` is understand, reflect or apply."""

    id: str
    text: str
    level: str
    cite: Cite
    #: "source" when the question is the source's own, "drawn" when we wrote it from the
    #: cited section.
    origin: str = "drawn"
    theme_id: str | None = None
    case_id: str | None = None


@dataclass(frozen=True)
class Source:
    """A published document the knowledge is written from.

    ``url`` is where the public can read it (or, as ``url_note`` then says, the
    publisher's page that hosts it); ``year`` is None when the document gives no
    date of publication, and ``year_note`` says what dates it does give.
    """

    id: str
    title: str
    publisher: str
    year: int | None
    kind: str
    file: str
    year_note: str | None = None
    url: str | None = None
    url_note: str | None = None
    publisher_note: str | None = None


@dataclass(frozen=True)
class TimelineEvent:
    date: str
    event: str
    cite: Cite
    quote: str | None = None


@dataclass(frozen=True)
class Numbered:
    """A term of reference or a recommendation, numbered as the source numbers it."""

    number: str
    text: str
    cite: Cite
    group: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class CaseLink:
    """How one theme showed in one case."""

    case_id: str
    theme_id: str
    how: str
    cite: Cite
    vignette: str | None = None


@dataclass(frozen=True)
class EarlierReview:
    title: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Parallel:
    case_id: str
    text: str
    cite: Cite


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    source: str
    headline: str
    family: tuple[Point, ...]
    why_reviewed: tuple[Point, ...]
    themes: tuple[CaseLink, ...]
    aliases: tuple[str, ...] = ()
    scope: Point | None = None
    agencies: tuple[str, ...] = ()
    agencies_cite: Cite | None = None
    methodology: tuple[Point, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    terms_of_reference: tuple[Numbered, ...] = ()
    findings: tuple[Point, ...] = ()
    recommendations: tuple[Numbered, ...] = ()
    good_practice: tuple[Point, ...] = ()
    child_voice: tuple[Point, ...] = ()
    additional_learning: tuple[Point, ...] = ()
    board_response: tuple[Point, ...] = ()
    earlier_reviews: tuple[EarlierReview, ...] = ()
    parallels: tuple[Parallel, ...] = ()
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    summary: str
    cite: tuple[Cite, ...]
    aliases: tuple[str, ...]
    key_points: tuple[Point, ...]
    practice_points: tuple[Point, ...]
    questions: tuple[Question, ...]
    related: tuple[str, ...] = ()
    section: str | None = None
    #: Filled in by the loader from the cases' ``themes`` lists.
    cases: tuple[CaseLink, ...] = ()


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    expansion: str
    meaning: str
    cite: Cite
    aliases: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    #: "source" when the reviews give this meaning (``cite`` says where);
    #: "general" when it is general knowledge and ``cite`` is where the reviews
    #: use the term.
    origin: str = "source"


@dataclass(frozen=True)
class ReviewListed:
    name: str
    cite: Cite
    note: str | None = None


@dataclass(frozen=True)
class Briefing:
    id: str
    title: str
    source: str
    summary: tuple[Point, ...]
    reviews: tuple[ReviewListed, ...]
    national_figures: tuple[Point, ...]
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signpost:
    """A national place holding learning from reviews (general knowledge)."""

    id: str
    name: str
    url: str
    what: str


@dataclass(frozen=True)
class NearbyTheme:
    """A theme whose learning genuinely touches a topic the reviews do not cover."""

    theme_id: str
    because: str


@dataclass(frozen=True)
class UncoveredTopic:
    """A common safeguarding topic the reviews do not cover, with the kind of
    guidance that does (general knowledge, not from the sources)."""

    id: str
    name: str
    group: str
    aliases: tuple[str, ...]
    guidance: str
    nearby: tuple[NearbyTheme, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    """The whole knowledge base, keyed by id, in file order."""

    sources: dict[str, Source] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    briefings: dict[str, Briefing] = field(default_factory=dict)
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)
    #: Topics the reviews do not cover, and national signposts (``signposts.yaml``).
    uncovered: dict[str, UncoveredTopic] = field(default_factory=dict)
    signposts: dict[str, Signpost] = field(default_factory=dict)

    @property
    def questions(self) -> list[Question]:
        """Every question, themes' first then cases', in file order."""
        found = [q for t in self.themes.values() for q in t.questions]
        found += [q for c in self.cases.values() for q in c.questions]
        return found

    def themes_by_title(self) -> list[Theme]:
        """Every theme in title order, as people look for one in a list (file order
        follows the ids, which would put "Non-accidental injury…" first)."""
        return sorted(self.themes.values(), key=lambda theme: theme.title.casefold())

    def counts(self) -> dict[str, int]:
        return {
            "sources": len(self.sources),
            "cases": len(self.cases),
            "themes": len(self.themes),
            "questions": len(self.questions),
            "glossary terms": len(self.glossary),
        }
