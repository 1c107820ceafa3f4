"""A pack's questions: three to five, understand -> reflect -> apply, the subject's
own first, borrowed from its cases or related themes only to reach the minimum."""

from __future__ import annotations

from index.model import Case, Knowledge, Question, Theme
from index.pack.citations import Citations
from index.pack.model import PackQuestion
from index.pack.text import plain_words

#: Question levels, in the order a discussion moves through them.
LEVELS = ("understand", "reflect", "apply")
MIN_QUESTIONS = 3
MAX_QUESTIONS = 5

_STOPWORDS = frozenset(
    "a an and are as at be been but by can could do does for from had has have how in "
    "into is it its of on or so than that the their them they this to was were what when "
    "where which who why will with would you your".split()
)


def _content_words(text: str) -> set[str]:
    return {w for w in plain_words(text).split() if len(w) > 2 and w not in _STOPWORDS}


def theme_borrowing(kb: Knowledge, theme: Theme) -> list[tuple[str, Question]]:
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


def case_borrowing(kb: Knowledge, case: Case) -> list[tuple[str, Question]]:
    """Questions a case may borrow: those of the themes it showed, in its order."""
    return [
        (kb.themes[link.theme_id].title, q)
        for link in case.themes
        if link.theme_id in kb.themes
        for q in kb.themes[link.theme_id].questions
    ]


def level_rank(level: str) -> int:
    """Where a question of ``level`` comes in a discussion (an unknown level last)."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def pack_questions(
    own: list[Question],
    borrowing: list[tuple[str, Question]],
    cites: Citations,
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
    chosen.sort(key=lambda pair: level_rank(pair[1].level))
    return tuple(cites.question(question, where) for where, question in chosen)
