"""A pack's two formats: one-to-one supervision, and a group session or team meeting.

They differ in how to use the pack, the minutes suggested for each part and the
closing questions.
"""

from __future__ import annotations

from dataclasses import dataclass

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
