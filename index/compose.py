"""Turning a found item into an answer: a case-linked summary (:class:`Result`).

Every kind of result answers the same three things a practitioner needs between
visits: what this is, where it happened (the cases, each with one line on how),
and something to reflect on, with the source it comes from. A glossary term or
a question borrows the cases, practice points and questions of its theme.

Example::

    composer = Composer(kb)
    answer = composer.theme("disguised-compliance")
    answer.cases[0].title, answer.cases[0].how
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from index.answers import CaseRef, CitedPoint, RelatedTheme, Result, SourceCite
from index.documents import id_words, make_key, owners, recommendation_id, split_key
from index.model import Case, Cite, Knowledge, Point, Question, Theme

#: How many of each list one answer shows; enough to act on, short enough to read.
MAX_CASES = 5
MAX_PRACTICE_POINTS = 4
MAX_QUESTIONS = 3
MAX_RELATED = 4
_LEVEL_ORDER = ("understand", "reflect", "apply")


def pick_questions(questions: Iterable[Question], limit: int = MAX_QUESTIONS) -> list[Question]:
    """Up to ``limit`` questions, one of each level first (understand, reflect, apply),
    then the rest in file order, so an answer moves from thinking to doing."""
    pool = list(questions)
    chosen: list[Question] = []
    for level in _LEVEL_ORDER:
        for question in pool:
            if question.level == level and question not in chosen:
                chosen.append(question)
                break
    chosen += [q for q in pool if q not in chosen]
    chosen = chosen[:limit]
    return sorted(
        chosen,
        key=lambda q: _LEVEL_ORDER.index(q.level) if q.level in _LEVEL_ORDER else len(_LEVEL_ORDER),
    )


class Composer:
    """Builds :class:`Result` answers from the knowledge, by document key or id."""

    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        self.owners = owners(kb)
        #: Theme or case key -> the keys of its questions and recommendations.
        self.children: dict[str, list[str]] = {}
        for child, owner in self.owners.items():
            self.children.setdefault(owner, []).append(child)
        #: Question id -> the question.
        self.questions_by_id = {q.id: q for q in kb.questions}
        #: Recommendation id -> its case and itself.
        self.recommendations_by_id = {
            recommendation_id(case.id, rec.number): (case, rec)
            for case in kb.cases.values()
            for rec in case.recommendations
        }
        self._builders = {
            "theme": self.theme,
            "case": self.case,
            "glossary": self.glossary,
            "question": self.question,
            "recommendation": self.recommendation,
        }
        collections: dict[str, Mapping[str, object]] = {
            "theme": kb.themes,
            "case": kb.cases,
            "glossary": kb.glossary,
            "question": self.questions_by_id,
            "recommendation": self.recommendations_by_id,
        }
        self._keys = frozenset(
            make_key(kind, item_id) for kind, items in collections.items() for item_id in items
        )
        # An answer depends only on the knowledge, which never changes under one
        # composer, so each is composed once (results are frozen: safe to share).
        self._answers: dict[str, Result] = {}
        self._related: dict[str, tuple[RelatedTheme, ...]] = {}
        self._starting_points: dict[int, tuple[RelatedTheme, ...]] = {}

    # -- citations ---------------------------------------------------------

    def cite(self, cite: Cite) -> str:
        """A readable citation: the source title, then the section."""
        source = self.kb.sources.get(cite.source)
        title = source.title if source else cite.source
        return f"{title}, {cite.section}"

    def source_cite(self, cite: Cite) -> SourceCite:
        """``cite`` with its document's title and public address, for showing."""
        source = self.kb.sources.get(cite.source)
        return SourceCite(
            source=cite.source,
            title=source.title if source else cite.source,
            section=cite.section,
            url=source.url if source else None,
        )

    def _point(self, part: str, text: str, cite: Cite | None, origin: str = "source") -> CitedPoint:
        return CitedPoint(part, text, self.source_cite(cite) if cite else None, origin)

    def _points(self, part: str, points: Iterable[Point | Question]) -> list[CitedPoint]:
        return [self._point(part, p.text, p.cite) for p in points]

    def _case_points(self, refs: Iterable[tuple[CaseRef, Cite | None]]) -> list[CitedPoint]:
        return [self._point("case", ref.how, cite) for ref, cite in refs]

    def _shown_sources(self, shown: Iterable[CitedPoint]) -> tuple[str, ...]:
        """The readable citations of every point an answer shows, by document."""
        return self._cites(Cite(p.cite.source, p.cite.section) for p in shown if p.cite is not None)

    def _cites(self, cites: Iterable[Cite]) -> tuple[str, ...]:
        """One citation per source document, its sections in first-cited order:
        "Learning from Serious Case Reviews: Case Z, TOR1 – care leaver planning ·
        Six Key Lessons" rather than the title repeated for every section."""
        sections: dict[str, list[str]] = {}
        for cite in cites:
            found = sections.setdefault(cite.source, [])
            if cite.section not in found:
                found.append(cite.section)
        return tuple(
            self.cite(Cite(source=source, section=" · ".join(parts)))
            for source, parts in sections.items()
        )

    # -- pieces ------------------------------------------------------------

    def case_title(self, case_id: str) -> str:
        case = self.kb.cases.get(case_id)
        return case.title if case else id_words(case_id).capitalize()

    def theme_cases(self, theme: Theme) -> tuple[CaseRef, ...]:
        return tuple(
            CaseRef(id=link.case_id, title=self.case_title(link.case_id), how=link.how)
            for link in theme.cases[:MAX_CASES]
        )

    def related_themes(self, key: str) -> tuple[RelatedTheme, ...]:
        """Themes to look at next after the item ``key``."""
        found = self._related.get(key)
        if found is None:
            found = self._related[key] = self._related_themes(key)
        return found

    def _related_themes(self, key: str) -> tuple[RelatedTheme, ...]:
        kind, item_id = split_key(self.owners.get(key, key))
        ids: list[str] = []
        if kind == "theme" and item_id in self.kb.themes:
            theme = self.kb.themes[item_id]
            ids = list(theme.related)
            # Themes that showed in the same cases are related in practice too.
            for link in theme.cases:
                case = self.kb.cases.get(link.case_id)
                ids += [other.theme_id for other in case.themes] if case else []
            ids = [i for i in ids if i != item_id]
        elif kind == "case" and item_id in self.kb.cases:
            ids = [link.theme_id for link in self.kb.cases[item_id].themes]
        elif kind == "glossary" and item_id in self.kb.glossary:
            ids = list(self.kb.glossary[item_id].themes)
        unique = [i for n, i in enumerate(ids) if i in self.kb.themes and i not in ids[:n]]
        return tuple(
            RelatedTheme(id=i, title=self.kb.themes[i].title) for i in unique[:MAX_RELATED]
        )

    def starting_points(self, count: int) -> tuple[RelatedTheme, ...]:
        """The ``count`` themes seen in most cases: where to start when a lookup
        found nothing."""
        found = self._starting_points.get(count)
        if found is None:
            themes = sorted(self.kb.themes.values(), key=lambda t: (-len(t.cases), t.title))
            found = tuple(RelatedTheme(id=t.id, title=t.title) for t in themes[:count])
            self._starting_points[count] = found
        return found

    # -- answers -------------------------------------------------------------

    def theme(self, theme_id: str, score: float = 0.0) -> Result:
        theme = self.kb.themes[theme_id]
        points = theme.practice_points[:MAX_PRACTICE_POINTS]
        questions = pick_questions(theme.questions)
        cases = self.theme_cases(theme)
        shown = [self._point("summary", theme.summary, theme.cite[0])]
        shown += self._case_points(zip(cases, (link.cite for link in theme.cases), strict=False))
        shown += self._points("practice_point", points) + self._points("question", questions)
        return Result(
            kind="theme",
            id=theme.id,
            title=theme.title,
            summary=theme.summary,
            score=score,
            cases=cases,
            practice_points=tuple(p.text for p in points),
            questions=tuple(q.text for q in questions),
            sources=self._shown_sources(shown),
            theme_id=theme.id,
            points=tuple(shown),
        )

    def case(self, case_id: str, score: float = 0.0) -> Result:
        case = self.kb.cases[case_id]
        learning = list(case.findings) + list(case.additional_learning)
        questions = list(case.questions) or [
            q
            for link in case.themes
            if link.theme_id in self.kb.themes
            for q in self.kb.themes[link.theme_id].questions
        ]
        chosen = pick_questions(questions)
        refs = self._case_refs_cited(case)
        shown = [self._point("summary", case.headline, self._headline_cite(case))]
        shown += self._case_points(refs)
        shown += self._points("practice_point", learning[:MAX_PRACTICE_POINTS])
        shown += self._points("question", chosen)
        return Result(
            kind="case",
            id=case.id,
            title=case.title,
            summary=case.headline,
            score=score,
            cases=tuple(ref for ref, _ in refs),
            practice_points=tuple(p.text for p in learning[:MAX_PRACTICE_POINTS]),
            questions=tuple(q.text for q in chosen),
            sources=self._shown_sources(shown) or (self._source_title(case.source),),
            case_id=case.id,
            points=tuple(shown),
        )

    def glossary(self, term_id: str, score: float = 0.0) -> Result:
        term = self.kb.glossary[term_id]
        themes = [self.kb.themes[t] for t in term.themes if t in self.kb.themes]
        title = (
            term.term
            if term.expansion.casefold() == term.term.casefold()
            else (f"{term.term} ({term.expansion})")
        )
        cases: list[tuple[CaseRef, Cite]] = []
        for theme in themes:
            for ref, link in zip(self.theme_cases(theme), theme.cases, strict=False):
                if ref.id not in {shown.id for shown, _ in cases}:
                    cases.append((ref, link.cite))
        cases = cases[:MAX_CASES]
        points = themes[0].practice_points[:MAX_PRACTICE_POINTS] if themes else ()
        questions = pick_questions(themes[0].questions) if themes else []
        # Each point cites where it came from: the definition its own source (or,
        # for general knowledge, where the reviews use the term), the rest their theme's.
        shown = [self._point("summary", term.meaning, term.cite, term.origin)]
        shown += self._case_points(cases)
        shown += self._points("practice_point", points) + self._points("question", questions)
        return Result(
            kind="glossary",
            id=term.id,
            title=title,
            summary=term.meaning,
            score=score,
            cases=tuple(ref for ref, _ in cases),
            practice_points=tuple(p.text for p in points),
            questions=tuple(q.text for q in questions),
            sources=self._shown_sources(shown),
            theme_id=themes[0].id if themes else None,
            points=tuple(shown),
        )

    def question(self, question_id: str, score: float = 0.0) -> Result:
        question = self.questions_by_id[question_id]
        theme = self.kb.themes.get(question.theme_id or "")
        case = self.kb.cases.get(question.case_id or "")
        siblings = theme.questions if theme else case.questions if case else ()
        others = [q for q in pick_questions(siblings, len(siblings)) if q.id != question.id]
        refs: list[tuple[CaseRef, Cite | None]]
        summary_cite: Cite | None
        if theme is not None:
            summary, summary_cite = theme.summary, theme.cite[0]
            refs = list(zip(self.theme_cases(theme), (c.cite for c in theme.cases), strict=False))
            points = theme.practice_points
        elif case is not None:
            summary, summary_cite = case.headline, self._headline_cite(case)
            refs, points = self._case_refs_cited(case), case.findings
        else:
            summary, summary_cite, refs, points = "", None, [], ()
        asked = [question, *others[: MAX_QUESTIONS - 1]]
        shown = [self._point("summary", summary, summary_cite)] if summary else []
        shown += self._case_points(refs)
        shown += self._points("practice_point", points[:MAX_PRACTICE_POINTS])
        shown += self._points("question", asked)
        return Result(
            kind="question",
            id=question.id,
            title=question.text,
            summary=summary,
            score=score,
            cases=tuple(ref for ref, _ in refs),
            practice_points=tuple(p.text for p in points[:MAX_PRACTICE_POINTS]),
            questions=tuple(q.text for q in asked),
            sources=self._shown_sources(shown),
            theme_id=question.theme_id,
            case_id=question.case_id,
            points=tuple(shown),
        )

    def recommendation(self, rec_id: str, score: float = 0.0) -> Result:
        case, rec = self.recommendations_by_id[rec_id]
        summary = f"{rec.group}: {rec.text}" if rec.group else rec.text
        findings = case.findings[:MAX_PRACTICE_POINTS]
        questions = pick_questions(case.questions)
        ref = CaseRef(id=case.id, title=case.title, how=case.headline)
        shown = [self._point("summary", summary, rec.cite)]
        shown += self._case_points([(ref, self._headline_cite(case))])
        shown += self._points("practice_point", findings) + self._points("question", questions)
        return Result(
            kind="recommendation",
            id=rec_id,
            title=f"{case.title} recommendation {rec.number}",
            summary=summary,
            score=score,
            cases=(ref,),
            practice_points=tuple(p.text for p in findings),
            questions=tuple(q.text for q in questions),
            sources=self._shown_sources(shown),
            case_id=case.id,
            points=tuple(shown),
        )

    def result(self, key: str, score: float = 0.0) -> Result:
        """The answer for a document key such as ``theme:disguised-compliance``;
        KeyError if the knowledge has no such item."""
        answer = self._answers.get(key)
        if answer is None:
            kind, item_id = split_key(key)
            if kind not in self._builders:
                raise KeyError(key)
            answer = self._answers[key] = self._builders[kind](item_id)
        return answer if score == answer.score else dataclasses.replace(answer, score=score)

    def title(self, key: str) -> str:
        """The title of the answer for ``key`` (as :meth:`result` would give it)."""
        return self.result(key).title

    def has(self, key: str) -> bool:
        """Whether the knowledge has the item ``key`` names."""
        return key in self._keys

    # -- helpers -------------------------------------------------------------

    def _case_refs(self, case: Case) -> tuple[CaseRef, ...]:
        """A case's own line first, then the cases it compares itself with."""
        return tuple(ref for ref, _ in self._case_refs_cited(case))

    def _case_refs_cited(self, case: Case) -> list[tuple[CaseRef, Cite | None]]:
        """:meth:`_case_refs`, each line with its citation."""
        own = CaseRef(id=case.id, title=case.title, how=case.headline)
        refs: dict[str, tuple[CaseRef, Cite | None]] = {case.id: (own, self._headline_cite(case))}
        for parallel in case.parallels:
            # The first line about each case: one line per case, as for a theme.
            ref = CaseRef(
                id=parallel.case_id, title=self.case_title(parallel.case_id), how=parallel.text
            )
            refs.setdefault(parallel.case_id, (ref, parallel.cite))
        return list(refs.values())[:MAX_CASES]

    @staticmethod
    def _headline_cite(case: Case) -> Cite | None:
        """Where a case's one-line headline comes from: the review's own summary of
        the family and why it was reviewed."""
        for points in (case.family, case.why_reviewed):
            if points:
                return points[0].cite
        return None

    def _source_title(self, source_id: str) -> str:
        source = self.kb.sources.get(source_id)
        return source.title if source else source_id
