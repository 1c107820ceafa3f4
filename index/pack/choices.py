"""A person's own choice of a pack's questions: what a picker offers, and the pack
with only the questions they chose."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from index.model import Knowledge
from index.pack.citations import Citations
from index.pack.compose import compose_pack
from index.pack.model import Pack, PackQuestion, Subject
from index.pack.questions import level_rank


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
    cites = Citations(kb)
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
    cites = Citations(kb, pack.citations)
    picked: list[PackQuestion] = []
    for question_id in dict.fromkeys(question_ids):
        if question_id in known:
            picked.append(known[question_id])
        elif question_id in everything:
            picked.append(cites.question(everything[question_id]))
    picked.sort(key=lambda q: level_rank(q.level))
    return replace(pack, questions=tuple(picked), citations=tuple(cites.texts))
