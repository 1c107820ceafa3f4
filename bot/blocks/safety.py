"""A child's safety first: the line every answer carries, and what leads an answer
when the query describes a child in danger now."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock

from bot.blocks.primitives import context, divider, sections
from bot.safety import FrontDoor


def safety_line(door: FrontDoor) -> ContextBlock:
    """The short line every answer carries: 999, else the local front door."""
    return context(door.safety_line())


def urgent_blocks(door: FrontDoor) -> list[Block]:
    """What leads an answer when the query describes a child in danger now."""
    return [*sections(door.urgent_line()), divider()]
