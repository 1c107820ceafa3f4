"""A supervision or team-meeting pack on a theme or a case, composed as plain data.

A pack follows the fixed order that review learning briefings use, so a team
lead can present it without preparing:

1. **What happened** — a vignette from a case where the theme showed (for a
   case: its headline, the family and why it was reviewed);
2. **Why it matters** — the key points (for a case: what the review found);
3. **What good practice looks like** — the practice points (for a case: the
   review's lessons or recommendations, and what went well);
4. **Questions to discuss** — three to five, from understanding to reflection
   to application; a theme with too few borrows from its cases or related
   themes, and each borrowed question says where it comes from;
5. **Embedding the learning** — three closing questions: key reflections, how
   we will know practice has changed, and what goes into the plan.

Every item carries the number of its citation in :attr:`Pack.citations`. The
two formats, one-to-one supervision and a group session or team meeting, differ
in wording and in the suggested minutes for each part. Rendering (Slack blocks,
Markdown, plain text) happens in ``bot/``.

Example::

    kb = load_knowledge()
    subject = find_subject(kb, "disguised compliance")     # Subject('theme', ...)
    pack = compose_pack(kb, subject, GROUP)
    [part.title for part in pack.parts]
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from index.model import Case, Cite, Knowledge, Point, Question, Theme

#: Question levels, in the order a discussion moves through them.
LEVELS = ("understand", "reflect", "apply")
MIN_QUESTIONS = 3
MAX_QUESTIONS = 5
#: How much of each list a pack shows: enough to present in a few minutes.
MAX_OTHER_CASES = 4
MAX_KEY_POINTS = 5
MAX_PRACTICE_POINTS = 6
MAX_FAMILY = 5
MAX_WHY_REVIEWED = 3
MAX_FINDINGS = 6
MAX_LESSONS = 6
MAX_WENT_WELL = 4

SUPERVISION_ID = "supervision"
GROUP_ID = "group"


@dataclass(frozen=True)
class PackFormat:
    """How the pack is used: its name, how to run it, minutes per part, closing questions."""

    id: str
    name: str
    how_to_use: str
    #: Suggested minutes for each part, by part key.
    minutes: dict[str, int]
    closing: tuple[str, ...]

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())


SUPERVISION = PackFormat(
    id=SUPERVISION_ID,
    name="One-to-one supervision",
    how_to_use=(
        "Share the first three parts before supervision so there is time to read them. "
        "Take the questions at the practitioner's pace and link them to their own work, "
        "without names or details that could identify a child or family."
    ),
    minutes={
        "what_happened": 3,
        "why_it_matters": 3,
        "good_practice": 4,
        "questions": 15,
        "embedding": 5,
    },
    closing=(
        "What are your key reflections from this discussion?",
        "How will we know it has changed your practice: what would we see in your work "
        "with children and families, and in your records?",
        "What goes into your supervision record or development plan, and when will we "
        "come back to it?",
    ),
)

GROUP = PackFormat(
    id=GROUP_ID,
    name="Group session or team meeting",
    how_to_use=(
        "One person presents the first three parts; then the group talks through the "
        "questions. Agree who will note the actions, and keep names and details that "
        "could identify a child or family out of the notes."
    ),
    minutes={
        "what_happened": 5,
        "why_it_matters": 5,
        "good_practice": 5,
        "questions": 20,
        "embedding": 10,
    },
    closing=(
        "What are our key reflections from this discussion?",
        "How will we know it has changed our practice: what will we see or hear "
        "differently in our work with children and families?",
        "What goes into the team's plan: what will we do, who will lead it, and by when?",
    ),
)

FORMATS: dict[str, PackFormat] = {SUPERVISION_ID: SUPERVISION, GROUP_ID: GROUP}

#: Part key -> title, in the pack's fixed order.
PART_TITLES: dict[str, str] = {
    "what_happened": "What happened",
    "why_it_matters": "Why it matters",
    "good_practice": "What good practice looks like",
    "questions": "Questions to discuss",
    "embedding": "Embedding the learning",
}


class UnknownSubject(LookupError):
    """No theme or case goes by the name given; ``suggestions`` are the closest."""

    def __init__(self, text: str, suggestions: Sequence[Subject]) -> None:
        super().__init__(text)
        self.text = text
        self.suggestions = tuple(suggestions)


@dataclass(frozen=True)
class Subject:
    """What a pack is about: a theme or a case, by id."""

    kind: str
    id: str
    title: str

    @property
    def ref(self) -> str:
        """``theme:<id>`` or ``case:<id>``, as buttons and the record of use name it."""
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class PackItem:
    """One line of a part; ``citation`` numbers :attr:`Pack.citations` from 1.

    ``label`` names where it comes from when that matters to the reader (the
    case a vignette is from, a recommendation's number).
    """

    text: str
    citation: int
    label: str | None = None


@dataclass(frozen=True)
class PackPart:
    """One part of the pack, with its suggested minutes in this format."""

    key: str
    title: str
    minutes: int
    items: tuple[PackItem, ...] = ()
    #: A second list under its own heading (e.g. what went well in a case).
    extra_title: str | None = None
    extra_items: tuple[PackItem, ...] = ()
    #: A line after the items, e.g. that the full review has more findings.
    note: str | None = None


@dataclass(frozen=True)
class PackQuestion:
    """A reflective question; ``borrowed_from`` names the case or theme it was taken
    from when it is not the subject's own."""

    id: str
    text: str
    level: str
    citation: int
    borrowed_from: str | None = None


@dataclass(frozen=True)
class Pack:
    """A whole pack, ready to render."""

    subject: Subject
    format: PackFormat
    summary: str
    summary_citation: int
    parts: tuple[PackPart, ...]
    questions: tuple[PackQuestion, ...]
    closing: tuple[str, ...]
    citations: tuple[str, ...]
    #: Themes the subject links to, to choose the next session from.
    related: tuple[Subject, ...] = ()

    @property
    def title(self) -> str:
        return self.subject.title

    def part(self, key: str) -> PackPart:
        return next(part for part in self.parts if part.key == key)


# --- Finding the subject ----------------------------------------------------------------


def _words(text: str) -> str:
    return re.sub(r"[^\w]+", " ", (text or "").casefold()).strip()


def _names(kb: Knowledge) -> list[tuple[str, Subject]]:
    """Every name a theme or case goes by, normalised, with what it names."""
    found: list[tuple[str, Subject]] = []
    for theme in kb.themes.values():
        subject = Subject("theme", theme.id, theme.title)
        found += [(_words(name), subject) for name in (theme.id, theme.title, *theme.aliases)]
    for case in kb.cases.values():
        subject = Subject("case", case.id, case.title)
        found += [(_words(name), subject) for name in (case.id, case.title, *case.aliases)]
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
    wanted = _words(raw)
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
    wanted = _words(text)
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


# --- Composing ----------------------------------------------------------------------------


class _Citations:
    """Numbers citations in the order they are first used (after ``texts``, those of
    a pack already made)."""

    def __init__(self, kb: Knowledge, texts: Iterable[str] = ()) -> None:
        self.kb = kb
        self.texts: list[str] = list(texts)

    def number(self, cite: Cite) -> int:
        source = self.kb.sources.get(cite.source)
        text = f"{source.title if source else cite.source}, {cite.section}"
        if text not in self.texts:
            self.texts.append(text)
        return self.texts.index(text) + 1

    def line(self, text: str, cite: Cite, label: str | None = None) -> PackItem:
        return PackItem(text=_one_line(text), citation=self.number(cite), label=label)

    def item(self, point: Point, label: str | None = None) -> PackItem:
        return self.line(point.text, point.cite, label)

    def question(self, question: Question, borrowed_from: str | None = None) -> PackQuestion:
        return PackQuestion(
            id=question.id,
            text=_one_line(question.text),
            level=question.level,
            citation=self.number(question.cite),
            borrowed_from=borrowed_from,
        )


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def compose_pack(
    kb: Knowledge, subject: Subject | str, pack_format: PackFormat | str = GROUP
) -> Pack:
    """The pack for ``subject`` (a :class:`Subject` or a name for :func:`find_subject`)
    in ``pack_format`` (a :class:`PackFormat` or its id). Raises :class:`UnknownSubject`."""
    if isinstance(subject, str):
        subject = find_subject(kb, subject)
    chosen_format = FORMATS[pack_format] if isinstance(pack_format, str) else pack_format
    citations = _Citations(kb)
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


def _theme_pack(kb: Knowledge, theme: Theme, pack_format: PackFormat, cites: _Citations) -> Pack:
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
    questions = _pack_questions(list(theme.questions), _theme_borrowing(kb, theme), cites)
    parts += [
        _part(pack_format, "questions", ()),
        _part(pack_format, "embedding", ()),
    ]
    related_ids = list(theme.related) + [
        other.theme_id for link in links for other in kb.cases[link.case_id].themes
    ]
    related = _related_themes(kb, related_ids, exclude=theme.id)
    return Pack(
        subject=Subject("theme", theme.id, theme.title),
        format=pack_format,
        summary=_one_line(theme.summary),
        summary_citation=summary_citation,
        parts=tuple(parts),
        questions=questions,
        closing=pack_format.closing,
        citations=tuple(cites.texts),
        related=related,
    )


def _case_pack(kb: Knowledge, case: Case, pack_format: PackFormat, cites: _Citations) -> Pack:
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
    borrowing = [
        (kb.themes[link.theme_id].title, q)
        for link in case.themes
        if link.theme_id in kb.themes
        for q in kb.themes[link.theme_id].questions
    ]
    questions = _pack_questions(list(case.questions), borrowing, cites)
    parts += [_part(pack_format, "questions", ()), _part(pack_format, "embedding", ())]
    related = _related_themes(kb, [link.theme_id for link in case.themes], exclude=None)
    return Pack(
        subject=Subject("case", case.id, case.title),
        format=pack_format,
        summary=_one_line(case.headline),
        summary_citation=summary_citation,
        parts=tuple(parts),
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


# --- Questions ----------------------------------------------------------------------------

_STOPWORDS = frozenset(
    "a an and are as at be been but by can could do does for from had has have how in "
    "into is it its of on or so than that the their them they this to was were what when "
    "where which who why will with would you your".split()
)


def _content_words(text: str) -> set[str]:
    return {w for w in _words(text).split() if len(w) > 2 and w not in _STOPWORDS}


def _theme_borrowing(kb: Knowledge, theme: Theme) -> list[tuple[str, Question]]:
    """Questions a theme may borrow, best first: its cases' questions that share words
    with how the theme showed there, then its related themes' own questions."""
    vocabulary = _content_words(" ".join((theme.title, *theme.aliases)))
    scored: list[tuple[int, int, str, Question]] = []
    order = 0
    for link in theme.cases:
        case = kb.cases.get(link.case_id)
        if case is None:
            continue
        words = vocabulary | _content_words(f"{link.how} {link.vignette or ''}")
        for question in case.questions:
            overlap = len(words & _content_words(question.text))
            # Only questions that speak to this theme; an unrelated one would be filler.
            if overlap >= 2:
                scored.append((-overlap, order, case.title, question))
                order += 1
    scored.sort(key=lambda item: (item[0], item[1]))
    found = [(title, question) for _, _, title, question in scored]
    for related_id in theme.related:
        related = kb.themes.get(related_id)
        if related is not None:
            found += [(f"the theme {related.title}", q) for q in related.questions]
    return found


def _level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def _pack_questions(
    own: list[Question],
    borrowing: list[tuple[str, Question]],
    cites: _Citations,
) -> tuple[PackQuestion, ...]:
    """Three to five questions, understand -> reflect -> apply: one of each level
    (the subject's own where it has one), then more of its own, then borrowed ones
    only to reach the minimum."""
    chosen: list[tuple[str | None, Question]] = []

    def taken(question: Question) -> bool:
        return any(q.id == question.id for _, q in chosen)

    for level in LEVELS:
        mine = next((q for q in own if q.level == level and not taken(q)), None)
        if mine is not None:
            chosen.append((None, mine))
            continue
        borrowed = next(
            ((where, q) for where, q in borrowing if q.level == level and not taken(q)), None
        )
        if borrowed is not None:
            chosen.append(borrowed)
    for question in own:
        if len(chosen) >= MAX_QUESTIONS:
            break
        if not taken(question):
            chosen.append((None, question))
    for where, question in borrowing:
        if len(chosen) >= MIN_QUESTIONS:
            break
        if not taken(question):
            chosen.append((where, question))
    chosen.sort(key=lambda pair: _level_rank(pair[1].level))
    return tuple(cites.question(question, where) for where, question in chosen)


@dataclass(frozen=True)
class QuestionChoice:
    """A question that may go into a pack, for a picker: whether it is in by default."""

    question: PackQuestion
    chosen: bool = True


def question_choices(kb: Knowledge, subject: Subject, limit: int = 10) -> list[QuestionChoice]:
    """The pack's questions (chosen) followed by the subject's other own questions (not
    chosen), up to ``limit``, so a picker can start pre-ticked and still offer more."""
    pack = compose_pack(kb, subject)
    found = [QuestionChoice(q, True) for q in pack.questions]
    owner = kb.themes[subject.id] if subject.kind == "theme" else kb.cases[subject.id]
    cites = _Citations(kb)
    for question in owner.questions:
        if len(found) >= limit:
            break
        if not any(c.question.id == question.id for c in found):
            found.append(QuestionChoice(cites.question(question), False))
    return found


def with_questions(pack: Pack, question_ids: Sequence[str], kb: Knowledge) -> Pack:
    """``pack`` with only the questions ``question_ids`` (a person's choice), in level
    order; a chosen question not in the pack is added from the knowledge."""
    known = {q.id: q for q in pack.questions}
    everything = {q.id: q for q in kb.questions}
    cites = _Citations(kb, pack.citations)
    picked: list[PackQuestion] = []
    for question_id in dict.fromkeys(question_ids):
        if question_id in known:
            picked.append(known[question_id])
        elif question_id in everything:
            picked.append(cites.question(everything[question_id]))
    picked.sort(key=lambda q: _level_rank(q.level))
    return replace(pack, questions=tuple(picked), citations=tuple(cites.texts))
