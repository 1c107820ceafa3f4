"""A child's safety first: the line every answer carries, and where else to look.

The deployment's own front door and procedures come from the settings
(``front_door_name``, ``front_door_phone``, ``procedures_url``); without them the
wording stays general ("your children's services front door").

Example::

    door = FrontDoor.of(settings)
    door.safety_line()   # 'If a child is at immediate risk, call 999. Otherwise contact ...'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.messages.answers import (
    FRONT_DOOR_PHONE,
    FRONT_DOOR_UNSET,
    NEXT_STEP,
    PROCEDURES_LINK,
    PROCEDURES_UNSET,
    SAFETY_LINE,
    SAFETY_URGENT,
    SAFETY_URGENT_FALLBACK,
)


@dataclass(frozen=True)
class FrontDoor:
    """Where a practitioner in this deployment takes a worry about a child."""

    name: str | None = None
    phone: str | None = None
    procedures_url: str | None = None

    @classmethod
    def of(cls, settings: Any) -> FrontDoor:
        """The front door from the settings (anything with the three attributes)."""
        return cls(
            name=getattr(settings, "front_door_name", None),
            phone=getattr(settings, "front_door_phone", None),
            procedures_url=getattr(settings, "procedures_url", None),
        )

    def next_step(self, *, links: bool = True) -> str:
        """ "contact <front door> and follow <procedures>", linked where Slack can link."""
        door = self.name or FRONT_DOOR_UNSET
        if self.phone:
            door = FRONT_DOOR_PHONE.format(name=door, phone=self.phone)
        if self.procedures_url and links:
            procedures = PROCEDURES_LINK.format(url=self.procedures_url)
        elif self.procedures_url:
            procedures = f"{PROCEDURES_UNSET} ({self.procedures_url})"
        else:
            procedures = PROCEDURES_UNSET
        return NEXT_STEP.format(front_door=door, procedures=procedures)

    def safety_line(self, *, links: bool = True) -> str:
        """The short line on every answer."""
        return SAFETY_LINE.format(next_step=self.next_step(links=links))

    def urgent_line(self, *, links: bool = True) -> str:
        """What leads an answer when a child is in danger now."""
        return SAFETY_URGENT.format(next_step=self.next_step(links=links))

    def urgent_fallback(self) -> str:
        """The urgent line as plain text (a notification, a screen reader)."""
        return SAFETY_URGENT_FALLBACK.format(next_step=self.next_step(links=False))
