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

The package, one module a job: :mod:`~index.pack.formats` (the two formats),
:mod:`~index.pack.model` (a pack as data), :mod:`~index.pack.subject` (finding the
theme or case a name means), :mod:`~index.pack.compose` (composing a pack),
:mod:`~index.pack.questions` (choosing and borrowing its questions),
:mod:`~index.pack.choices` (a person's own choice of questions) and
:mod:`~index.pack.citations` (numbering what each item cites).

Example::

    kb = load_knowledge()
    subject = find_subject(kb, "disguised compliance")     # Subject('theme', ...)
    pack = compose_pack(kb, subject, GROUP)
    [part.title for part in pack.parts]
"""

from __future__ import annotations

from index.pack.choices import QuestionChoice, question_choices, with_questions
from index.pack.compose import (
    MAX_FAMILY,
    MAX_FINDINGS,
    MAX_KEY_POINTS,
    MAX_LESSONS,
    MAX_OTHER_CASES,
    MAX_PRACTICE_POINTS,
    MAX_WENT_WELL,
    MAX_WHY_REVIEWED,
    compose_pack,
)
from index.pack.formats import FORMATS, GROUP, GROUP_ID, SUPERVISION, SUPERVISION_ID, PackFormat
from index.pack.model import PART_TITLES, Pack, PackItem, PackPart, PackQuestion, Subject
from index.pack.questions import LEVELS, MAX_QUESTIONS, MIN_QUESTIONS
from index.pack.subject import UnknownSubject, closest_subjects, find_subject, subject_of

__all__ = [
    "FORMATS",
    "GROUP",
    "GROUP_ID",
    "LEVELS",
    "MAX_FAMILY",
    "MAX_FINDINGS",
    "MAX_KEY_POINTS",
    "MAX_LESSONS",
    "MAX_OTHER_CASES",
    "MAX_PRACTICE_POINTS",
    "MAX_QUESTIONS",
    "MAX_WENT_WELL",
    "MAX_WHY_REVIEWED",
    "MIN_QUESTIONS",
    "PART_TITLES",
    "SUPERVISION",
    "SUPERVISION_ID",
    "Pack",
    "PackFormat",
    "PackItem",
    "PackPart",
    "PackQuestion",
    "QuestionChoice",
    "Subject",
    "UnknownSubject",
    "closest_subjects",
    "compose_pack",
    "find_subject",
    "question_choices",
    "subject_of",
    "with_questions",
]
