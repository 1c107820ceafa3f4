"""Sections: each block's place under the source's headings.

Levels come from the format where it gives them (Markdown ``#``, HTML ``<h2>``,
DOCX heading styles, a PDF's type sizes) or from numbering ("2.1.1"). A heading
found by reading, with nothing to say its level, nests under a heading directly
above it ("Case Z: TOR1" then "Key Findings"), or under the current numbered
heading in a numbered document ("Reflective Questions" in 2.1.2); otherwise it
starts a new top-level section, as slide titles do.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.ingest.blocks import Block

#: How a section's place is written in a citation: "Case Y Additional Learning › MASH".
PATH_SEPARATOR = " › "


@dataclass(frozen=True)
class Section:
    """One heading of the source, as listed in a draft."""

    heading: str
    level: int
    page: int | None


def place_headings(blocks: list[Block]) -> list[Section]:
    """Give every heading a level and every block its ``path`` (the headings it is
    under, outermost first, itself last for a heading); return the headings."""
    numbered = any(b.kind == "heading" and b.level and _is_numbered(b) for b in blocks)
    stack: list[Block] = []
    previous: Block | None = None
    sections: list[Section] = []
    for block in blocks:
        if block.kind == "heading":
            if block.level == 0:
                block.level = _level_for(block, previous, stack, numbered)
            while stack and stack[-1].level >= block.level:
                stack.pop()
            stack.append(block)
            sections.append(Section(block.text, block.level, block.page))
        block.path = tuple(h.text for h in stack)
        previous = block
    return sections


def _is_numbered(block: Block) -> bool:
    from index.ingest.lines import NUMBERED_HEADING

    return bool(NUMBERED_HEADING.match(block.text))


def _level_for(block: Block, previous: Block | None, stack: list[Block], numbered: bool) -> int:
    if previous is not None and previous.kind == "heading":
        return previous.level + 1
    if numbered:
        deepest = next((h for h in reversed(stack) if _is_numbered(h)), None)
        return deepest.level + 1 if deepest else 1
    return 1


def cite_for(source_id: str, block: Block) -> dict[str, str | int]:
    """``{source, within, section, page}``: the nearest heading as ``section``, the
    headings above it as ``within`` (outermost first), the page for PDFs."""
    cite: dict[str, str | int] = {"source": source_id}
    path = block.path[:-1] if block.kind == "heading" else block.path
    if len(path) > 1:
        cite["within"] = PATH_SEPARATOR.join(path[:-1])
    cite["section"] = path[-1] if path else "(before the first heading)"
    if block.page is not None:
        cite["page"] = block.page
    return cite
