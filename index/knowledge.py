"""Load ``knowledge/`` into typed objects (:class:`index.model.Knowledge`).

Example::

    from index.knowledge import load_knowledge
    kb = load_knowledge()          # the bundled knowledge/ folder
    kb.themes["disguised-compliance"].cases[0].case_id   # 'case-y'
"""

from __future__ import annotations

from typing import Any

from index.knowledge_folder import KnowledgeFolders, default_knowledge_folders, folders_of
from index.model import (
    Briefing,
    Case,
    CaseLink,
    Cite,
    EarlierReview,
    GlossaryTerm,
    Knowledge,
    NearbyTheme,
    Numbered,
    Parallel,
    Point,
    Question,
    ReviewListed,
    Signpost,
    Source,
    Theme,
    TimelineEvent,
    UncoveredTopic,
)


def _cite(raw: dict[str, Any]) -> Cite:
    return Cite(source=raw["source"], section=raw["section"])


def _point(raw: dict[str, Any]) -> Point:
    return Point(text=raw["text"], cite=_cite(raw["cite"]), quote=raw.get("quote"))


def _points(raw: list[dict[str, Any]] | None) -> tuple[Point, ...]:
    return tuple(_point(p) for p in raw or ())


def _question(
    raw: dict[str, Any], *, theme_id: str | None = None, case_id: str | None = None
) -> Question:
    return Question(
        id=raw["id"],
        text=raw["text"],
        level=raw["level"],
        cite=_cite(raw["cite"]),
        origin=raw.get("origin", "drawn"),
        theme_id=theme_id,
        case_id=case_id,
    )


def _numbered(raw: dict[str, Any]) -> Numbered:
    return Numbered(
        number=str(raw["number"]),
        text=raw["text"],
        cite=_cite(raw["cite"]),
        group=raw.get("group"),
        quote=raw.get("quote"),
    )


def build_case(raw: dict[str, Any]) -> Case:
    case_id = raw["id"]
    agencies = raw.get("agencies") or {}
    return Case(
        id=case_id,
        title=raw["title"],
        source=raw["source"],
        headline=raw["headline"],
        aliases=tuple(raw.get("aliases") or ()),
        family=_points(raw.get("family")),
        why_reviewed=_points(raw.get("why_reviewed")),
        scope=_point(raw["scope"]) if raw.get("scope") else None,
        agencies=tuple(agencies.get("names") or ()),
        agencies_cite=_cite(agencies["cite"]) if agencies.get("cite") else None,
        methodology=_points(raw.get("methodology")),
        timeline=tuple(
            TimelineEvent(
                date=str(e["date"]), event=e["event"], cite=_cite(e["cite"]), quote=e.get("quote")
            )
            for e in raw.get("timeline") or ()
        ),
        terms_of_reference=tuple(_numbered(t) for t in raw.get("terms_of_reference") or ()),
        findings=_points(raw.get("findings")),
        recommendations=tuple(_numbered(r) for r in raw.get("recommendations") or ()),
        good_practice=_points(raw.get("good_practice")),
        child_voice=_points(raw.get("child_voice")),
        additional_learning=_points(raw.get("additional_learning")),
        board_response=_points(raw.get("board_response")),
        earlier_reviews=tuple(
            EarlierReview(title=r["title"], points=_points(r.get("points")))
            for r in raw.get("earlier_reviews") or ()
        ),
        parallels=tuple(
            Parallel(case_id=p["case"], text=p["text"], cite=_cite(p["cite"]))
            for p in raw.get("parallels") or ()
        ),
        themes=tuple(
            CaseLink(
                case_id=case_id,
                theme_id=t["theme"],
                how=t["how"],
                cite=_cite(t["cite"]),
                vignette=t.get("vignette"),
            )
            for t in raw.get("themes") or ()
        ),
        questions=tuple(_question(q, case_id=case_id) for q in raw.get("questions") or ()),
    )


def build_theme(raw: dict[str, Any]) -> Theme:
    theme_id = raw["id"]
    return Theme(
        id=theme_id,
        title=raw["title"],
        summary=raw["summary"],
        cite=tuple(_cite(c) for c in raw["cite"]),
        aliases=tuple(raw.get("aliases") or ()),
        key_points=_points(raw.get("key_points")),
        practice_points=_points(raw.get("practice_points")),
        questions=tuple(_question(q, theme_id=theme_id) for q in raw.get("questions") or ()),
        related=tuple(raw.get("related") or ()),
        section=str(raw["section"]) if raw.get("section") is not None else None,
    )


def build_knowledge(documents: list[dict[str, Any]]) -> Knowledge:
    """Turn already-validated YAML documents into a :class:`Knowledge`."""
    kb = Knowledge()
    for raw in documents:
        kind = raw["kind"]
        if kind == "sources":
            for s in raw["sources"]:
                kb.sources[s["id"]] = Source(
                    id=s["id"],
                    title=s["title"],
                    publisher=s["publisher"],
                    year=s.get("year"),
                    kind=s["kind"],
                    file=s["file"],
                    year_note=s.get("year_note"),
                    url=s.get("url"),
                    url_note=s.get("url_note"),
                    publisher_note=s.get("publisher_note"),
                )
        elif kind == "case":
            case = build_case(raw)
            kb.cases[case.id] = case
        elif kind == "theme":
            theme = build_theme(raw)
            kb.themes[theme.id] = theme
        elif kind == "briefing":
            kb.briefings[raw["id"]] = Briefing(
                id=raw["id"],
                title=raw["title"],
                source=raw["source"],
                summary=_points(raw.get("summary")),
                reviews=tuple(
                    ReviewListed(name=r["name"], cite=_cite(r["cite"]), note=r.get("note"))
                    for r in raw["reviews"]
                ),
                national_figures=_points(raw.get("national_figures")),
                themes=tuple(raw.get("themes") or ()),
            )
        elif kind == "glossary":
            for t in raw["terms"]:
                kb.glossary[t["id"]] = GlossaryTerm(
                    id=t["id"],
                    term=t["term"],
                    expansion=t["expansion"],
                    meaning=t["meaning"],
                    cite=_cite(t["cite"]),
                    aliases=tuple(t.get("aliases") or ()),
                    themes=tuple(t.get("themes") or ()),
                    origin=t.get("origin", "source"),
                )
        elif kind == "signposts":
            for s in raw["national"]:
                kb.signposts[s["id"]] = Signpost(
                    id=s["id"], name=s["name"], url=s["url"], what=s["what"]
                )
            for t in raw["topics"]:
                kb.uncovered[t["id"]] = UncoveredTopic(
                    id=t["id"],
                    name=t["name"],
                    group=t["group"],
                    aliases=tuple(t["aliases"]),
                    guidance=" ".join(t["guidance"].split()),
                    nearby=tuple(
                        NearbyTheme(theme_id=n["theme"], because=n["because"])
                        for n in t.get("nearby") or ()
                    ),
                )
    _link_cases_to_themes(kb)
    return kb


def _link_cases_to_themes(kb: Knowledge) -> None:
    """Fill each theme's ``cases`` from the cases' own theme lists (one source of truth)."""
    links: dict[str, list[CaseLink]] = {}
    for case in kb.cases.values():
        for link in case.themes:
            links.setdefault(link.theme_id, []).append(link)
    for theme_id, theme in list(kb.themes.items()):
        found = tuple(links.get(theme_id, ()))
        if found:
            kb.themes[theme_id] = Theme(**{**theme.__dict__, "cases": found})


def load_knowledge(root: KnowledgeFolders | None = None) -> Knowledge:
    """Load every knowledge file in ``root``: one folder or several read as one
    (default: ``$SCRBOT_KNOWLEDGE``, else the bundled knowledge folder).

    Raises :class:`index.validation.KnowledgeError` listing every problem when the
    knowledge is not valid; nothing is half-loaded.
    """
    from index.validation import validate_documents

    documents = validate_documents(folders_of(root) if root else default_knowledge_folders())
    return build_knowledge(documents)
