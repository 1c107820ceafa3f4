"""The searchable documents made from the knowledge: one per theme, case, question,
recommendation and glossary term.

Each document is keyed ``<kind>:<id>`` and split into the fields that matter for
ranking: a short ``title``, the ``aliases`` people type, a ``summary``, the
longer ``body`` and the ``links`` to other items (a theme's cases and how they
showed, a case's themes). :func:`owner_of` says which theme or case a question
or recommendation belongs to, so a hit on one can lift the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from index.model import Case, GlossaryTerm, Knowledge, Point, Question, Theme


@dataclass(frozen=True)
class IndexDocument:
    """One searchable item; text fields are plain, unanalysed text."""

    key: str
    kind: str
    title: str
    aliases: str = ""
    summary: str = ""
    body: str = ""
    links: str = ""


def make_key(kind: str, item_id: str) -> str:
    return f"{kind}:{item_id}"


def split_key(key: str) -> tuple[str, str]:
    kind, _, item_id = key.partition(":")
    return kind, item_id


def recommendation_id(case_id: str, number: str) -> str:
    """``case-v-rec-3``: a recommendation's id, from its case and number."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(number).lower()).strip("-") or "0"
    return f"{case_id}-rec-{slug}"


def id_words(item_id: str) -> str:
    """``disguised-compliance`` -> ``disguised compliance``."""
    return item_id.replace("-", " ")


def _join(parts: Iterable[str | None]) -> str:
    # A blank line between parts keeps one part's words out of another's phrases.
    return "\n\n".join(p for p in parts if p)


def _points(points: Iterable[Point]) -> Iterator[str]:
    for point in points:
        yield point.text
        if point.quote:
            yield point.quote


def glossary_by_theme(kb: Knowledge) -> dict[str, list[GlossaryTerm]]:
    """Theme id -> the glossary terms that belong to it, in glossary order."""
    found: dict[str, list[GlossaryTerm]] = {}
    for term in kb.glossary.values():
        for theme_id in dict.fromkeys(term.themes):
            found.setdefault(theme_id, []).append(term)
    return found


def theme_document(
    theme: Theme, kb: Knowledge, glossary: dict[str, list[GlossaryTerm]] | None = None
) -> IndexDocument:
    """``glossary``: :func:`glossary_by_theme`, worked out once for many themes (looking
    through every term for each theme grows with themes times terms)."""
    terms = (glossary if glossary is not None else glossary_by_theme(kb)).get(theme.id, ())
    return IndexDocument(
        key=make_key("theme", theme.id),
        kind="theme",
        title=theme.title,
        aliases=_join([*theme.aliases, id_words(theme.id)]),
        summary=theme.summary,
        body=_join([*_points(theme.key_points), *_points(theme.practice_points)]),
        links=_join(
            [
                *(
                    _join([_case_title(kb, link.case_id), link.how, link.vignette])
                    for link in theme.cases
                ),
                *(_join([g.term, g.expansion]) for g in terms),
                *_source_names(kb, (cite.source for cite in theme.cite)),
            ]
        ),
    )


def case_document(case: Case, kb: Knowledge) -> IndexDocument:
    body = [
        *_points(case.family),
        *_points(case.why_reviewed),
        *(_points([case.scope]) if case.scope else ()),
        ", ".join(case.agencies),
        *_points(case.methodology),
        *(_join([event.date, event.event, event.quote]) for event in case.timeline),
        *(_join([item.text, item.quote]) for item in case.terms_of_reference),
        *_points(case.findings),
        *_points(case.good_practice),
        *_points(case.child_voice),
        *_points(case.additional_learning),
        *_points(case.board_response),
        *(_join([review.title, *_points(review.points)]) for review in case.earlier_reviews),
        *(parallel.text for parallel in case.parallels),
    ]
    links = [
        _join(
            [
                kb.themes[link.theme_id].title if link.theme_id in kb.themes else "",
                link.how,
                link.vignette,
            ]
        )
        for link in case.themes
    ]
    return IndexDocument(
        key=make_key("case", case.id),
        kind="case",
        title=case.title,
        aliases=_join([*case.aliases, id_words(case.id)]),
        summary=case.headline,
        body=_join(body),
        links=_join([*links, *_source_names(kb, [case.source])]),
    )


def question_document(question: Question, kb: Knowledge) -> IndexDocument:
    owner = owner_of_question(question)
    owner_title = _owner_title(kb, owner) if owner else ""
    return IndexDocument(
        key=make_key("question", question.id),
        kind="question",
        title=question.text,
        summary=owner_title,
    )


def recommendation_documents(case: Case) -> Iterator[IndexDocument]:
    for rec in case.recommendations:
        yield IndexDocument(
            key=make_key("recommendation", recommendation_id(case.id, rec.number)),
            kind="recommendation",
            title=f"{case.title} recommendation {rec.number}",
            aliases=rec.group or "",
            summary=_join([rec.text, rec.quote]),
        )


def glossary_document(term: GlossaryTerm, kb: Knowledge) -> IndexDocument:
    return IndexDocument(
        key=make_key("glossary", term.id),
        kind="glossary",
        title=_join([term.term, term.expansion]),
        aliases=_join(term.aliases),
        summary=term.meaning,
        links=_join(kb.themes[t].title for t in term.themes if t in kb.themes),
    )


def knowledge_documents(kb: Knowledge) -> Iterator[IndexDocument]:
    """Every searchable document in the knowledge, themes first."""
    glossary = glossary_by_theme(kb)
    for theme in kb.themes.values():
        yield theme_document(theme, kb, glossary)
    for case in kb.cases.values():
        yield case_document(case, kb)
        yield from recommendation_documents(case)
    for question in kb.questions:
        yield question_document(question, kb)
    for term in kb.glossary.values():
        yield glossary_document(term, kb)


def case_documents(kb: Knowledge, case: Case) -> tuple[list[IndexDocument], list[IndexDocument]]:
    """What adding ``case`` to the knowledge changes in the index: the documents to
    write (the case's own, and those of the themes it links to, which tell their
    cases) and the documents of those themes as they were without it."""
    glossary = glossary_by_theme(kb)
    linked = dict.fromkeys(link.theme_id for link in case.themes)
    themes = [kb.themes[theme_id] for theme_id in linked if theme_id in kb.themes]
    added = [
        case_document(case, kb),
        *recommendation_documents(case),
        *(question_document(question, kb) for question in case.questions),
        *(theme_document(theme, kb, glossary) for theme in themes),
    ]
    replaced = [
        theme_document(
            replace(theme, cases=tuple(link for link in theme.cases if link.case_id != case.id)),
            kb,
            glossary,
        )
        for theme in themes
    ]
    return added, replaced


def owner_of_question(question: Question) -> str | None:
    if question.theme_id:
        return make_key("theme", question.theme_id)
    if question.case_id:
        return make_key("case", question.case_id)
    return None


def owners(kb: Knowledge) -> dict[str, str]:
    """Document key -> the key of the theme or case it belongs to."""
    found: dict[str, str] = {}
    for question in kb.questions:
        owner = owner_of_question(question)
        if owner:
            found[make_key("question", question.id)] = owner
    for case in kb.cases.values():
        for rec in case.recommendations:
            found[make_key("recommendation", recommendation_id(case.id, rec.number))] = make_key(
                "case", case.id
            )
    return found


def _source_names(kb: Knowledge, source_ids: Iterable[str]) -> list[str]:
    """Each source's title and publisher, once: "Norfolk" finds Norfolk's reviews."""
    found = [kb.sources[s] for s in dict.fromkeys(source_ids) if s in kb.sources]
    return [f"{source.title}, {source.publisher}" for source in found]


def _case_title(kb: Knowledge, case_id: str) -> str:
    case = kb.cases.get(case_id)
    return case.title if case else id_words(case_id).capitalize()


def _owner_title(kb: Knowledge, key: str) -> str:
    kind, item_id = split_key(key)
    if kind == "theme" and item_id in kb.themes:
        return kb.themes[item_id].title
    if kind == "case":
        return _case_title(kb, item_id)
    return ""
