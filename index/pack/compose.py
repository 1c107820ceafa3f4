"""Composing a pack on a theme or a case, part by part in the fixed order (see
:mod:`index.pack`), each list cut to what can be presented in a few minutes."""

from __future__ import annotations

from collections.abc import Iterable

from index.model import Case, Cite, Knowledge, Point, Theme
from index.pack.citations import Citations
from index.pack.formats import FORMATS, GROUP, PackFormat
from index.pack.model import PART_TITLES, Pack, PackItem, PackPart, PackQuestion, Subject
from index.pack.questions import case_borrowing, pack_questions, theme_borrowing
from index.pack.subject import find_subject
from index.pack.text import one_line

#: How much of each list a pack shows: enough to present in a few minutes.
MAX_OTHER_CASES = 4
MAX_KEY_POINTS = 5
MAX_PRACTICE_POINTS = 6
MAX_FAMILY = 5
MAX_WHY_REVIEWED = 3
MAX_FINDINGS = 6
MAX_LESSONS = 6
MAX_WENT_WELL = 4


def compose_pack(
    kb: Knowledge, subject: Subject | str, pack_format: PackFormat | str = GROUP
) -> Pack:
    """The pack for ``subject`` (a :class:`Subject` or a name for :func:`find_subject`)
    in ``pack_format`` (a :class:`PackFormat` or its id). Raises :class:`UnknownSubject`."""
    if isinstance(subject, str):
        subject = find_subject(kb, subject)
    chosen_format = FORMATS[pack_format] if isinstance(pack_format, str) else pack_format
    citations = Citations(kb)
    if subject.kind == "theme":
        return _theme_pack(kb, kb.themes[subject.id], chosen_format, citations)
    return _case_pack(kb, kb.cases[subject.id], chosen_format, citations)


def _part(
    pack_format: PackFormat,
    key: str,
    items: Iterable[PackItem],
    *,
    extra_title: str | None = None,
    extra_items: Iterable[PackItem] = (),
    note: str | None = None,
) -> PackPart:
    return PackPart(
        key=key,
        title=PART_TITLES[key],
        minutes=pack_format.minutes[key],
        items=tuple(items),
        extra_title=extra_title,
        extra_items=tuple(extra_items),
        note=note,
    )


def _theme_pack(kb: Knowledge, theme: Theme, pack_format: PackFormat, cites: Citations) -> Pack:
    summary_citation = cites.number(theme.cite[0])
    happened: list[PackItem] = []
    extra: list[PackItem] = []
    note = None
    links = [link for link in theme.cases if link.case_id in kb.cases]
    shown = next((link for link in links if link.vignette), links[0] if links else None)
    if shown is not None:
        case_title = kb.cases[shown.case_id].title
        happened.append(cites.line(shown.vignette or shown.how, shown.cite, case_title))
        for link in [lk for lk in links if lk is not shown][:MAX_OTHER_CASES]:
            extra.append(cites.line(link.how, link.cite, kb.cases[link.case_id].title))
    else:
        # No case here shows this theme: say so rather than invent an example.
        first = theme.cite[0]
        source = kb.sources.get(first.source)
        note = (
            "None of the case reviews here is linked to this theme, so there is no case "
            f"example; the learning comes from {source.title if source else first.source}."
        )
    parts = [
        _part(
            pack_format,
            "what_happened",
            happened,
            extra_title="It also showed in" if extra else None,
            extra_items=tuple(extra),
            note=note,
        ),
        _part(
            pack_format,
            "why_it_matters",
            (cites.item(p) for p in theme.key_points[:MAX_KEY_POINTS]),
        ),
        _part(
            pack_format,
            "good_practice",
            (cites.item(p) for p in theme.practice_points[:MAX_PRACTICE_POINTS]),
        ),
    ]
    questions = pack_questions(list(theme.questions), theme_borrowing(kb, theme), cites)
    related_ids = list(theme.related) + [
        other.theme_id for link in links for other in kb.cases[link.case_id].themes
    ]
    return _finished(
        Subject("theme", theme.id, theme.title),
        pack_format,
        cites,
        summary=(theme.summary, summary_citation),
        parts=parts,
        questions=questions,
        related=_related_themes(kb, related_ids, exclude=theme.id),
    )


def _case_pack(kb: Knowledge, case: Case, pack_format: PackFormat, cites: Citations) -> Pack:
    headline_points = case.why_reviewed or case.family
    summary_citation = (
        cites.number(headline_points[0].cite)
        if headline_points
        else cites.number(Cite(case.source, case.title))
    )
    happened = [cites.item(p) for p in case.family[:MAX_FAMILY]]
    why = [cites.item(p) for p in case.why_reviewed[:MAX_WHY_REVIEWED]]
    # Items are made in reading order, so the citations are numbered in that order too.
    findings = [cites.item(p) for p in _spread(list(case.findings), MAX_FINDINGS)]
    left = len(case.findings) - len(findings)
    findings_note = (
        f"The review has {left} more finding{'s' if left != 1 else ''}; the full case has them all."
        if left > 0
        else None
    )
    if case.additional_learning:
        lessons = [cites.item(p) for p in case.additional_learning[:MAX_LESSONS]]
    else:
        lessons = [
            cites.line(rec.text, rec.cite, f"Recommendation {rec.number}")
            for rec in case.recommendations[:MAX_LESSONS]
        ]
    went_well = [cites.item(p) for p in case.good_practice[:MAX_WENT_WELL]]
    parts = [
        _part(
            pack_format,
            "what_happened",
            happened,
            extra_title="Why it was reviewed" if why else None,
            extra_items=tuple(why),
        ),
        _part(pack_format, "why_it_matters", findings, note=findings_note),
        _part(
            pack_format,
            "good_practice",
            lessons,
            extra_title="What went well in this case" if went_well else None,
            extra_items=tuple(went_well),
        ),
    ]
    questions = pack_questions(list(case.questions), case_borrowing(kb, case), cites)
    return _finished(
        Subject("case", case.id, case.title),
        pack_format,
        cites,
        summary=(case.headline, summary_citation),
        parts=parts,
        questions=questions,
        related=_related_themes(kb, [link.theme_id for link in case.themes], exclude=None),
    )


def _finished(
    subject: Subject,
    pack_format: PackFormat,
    cites: Citations,
    *,
    summary: tuple[str, int],
    parts: list[PackPart],
    questions: tuple[PackQuestion, ...],
    related: tuple[Subject, ...],
) -> Pack:
    """The pack from its first three ``parts``: the questions and the closing part
    follow them, and every citation made so far is listed."""
    text, citation = summary
    return Pack(
        subject=subject,
        format=pack_format,
        summary=one_line(text),
        summary_citation=citation,
        parts=(*parts, _part(pack_format, "questions", ()), _part(pack_format, "embedding", ())),
        questions=questions,
        closing=pack_format.closing,
        citations=tuple(cites.texts),
        related=related,
    )


def _spread(points: list[Point], limit: int) -> list[Point]:
    """Up to ``limit`` points, taken in turn from each cited section so that every part
    of the review is heard, then put back in the review's order."""
    if len(points) <= limit:
        return points
    by_section: dict[str, list[int]] = {}
    for index, point in enumerate(points):
        by_section.setdefault(point.cite.section, []).append(index)
    chosen: list[int] = []
    while len(chosen) < limit:
        for indexes in by_section.values():
            if indexes and len(chosen) < limit:
                chosen.append(indexes.pop(0))
    return [points[i] for i in sorted(chosen)]


def _related_themes(kb: Knowledge, ids: Iterable[str], exclude: str | None) -> tuple[Subject, ...]:
    unique = [i for i in dict.fromkeys(ids) if i in kb.themes and i != exclude]
    return tuple(Subject("theme", i, kb.themes[i].title) for i in unique[:4])
