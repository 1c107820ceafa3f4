"""Find a cited section in a source's text, so a quotation can be checked against it.

The sources are text extractions of slide decks and a briefing paper, and they
mark their sections three ways: markdown headings (``## Case Y: TOR 2 Learning
from this SCR``), bare slide titles on a line of their own (``Case Z: Narrative,
cont.``), and numbered headings (``3.5 Escalation of professional dissent:``).
A title sometimes runs over two heading lines (``# Case M:`` then ``## Patterns
identified 2012 - 2013``), and a slide deck repeats a title on each slide it
fills (``…, cont.``), so one cited section can have several parts.

A section runs from its title to the next line that starts another section:
another title the knowledge cites in the same source, or a numbered heading.
Headings inside a slide (``#### Agencies involved were:``) do not end it, as
the slide is what a citation names: in these extractions a slide's title is a
``#`` to ``###`` heading (or a bare line) and ``####`` marks a heading within
a slide, so a ``####`` title the knowledge cites (``#### July 2015: Section 37
report``) is a section of its own and also part of the slide around it.

Titles are compared after folding: markdown emphasis and heading marks,
typography (curly quotes, dashes), letter case and a closing ``:`` or ``.``
make no difference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Quotations are compared after folding typography, not words. The sources are
# text extractions of slides and a PDF: the same apostrophe or dash comes out
# curly in one place and straight in another, editors' autocorrect changes them
# again, and line breaks fall mid-sentence. The markdown emphasis (*, **) and
# footnote numbers (³) the conversion added are not words of the source either.
# Every letter, digit and punctuation mark otherwise has to match, case included.
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u00a0\u2007\u202f", " "),
        **dict.fromkeys("*\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", None),
        "\u2026": "...",
    }
)


def fold_quotation(text: str) -> str:
    """``text`` with typography folded and runs of white space made one space."""
    return " ".join(text.translate(_TYPOGRAPHY).split())


#: "2.1.1 Identifying neglect:" — a numbered heading in the body (the contents
#: list ends each line with a page number, so its lines do not match).
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\s+[A-Z][^\d]{0,150}$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_IN_SLIDE_HEADING = re.compile(r"^#{4,6}\s+")


def fold_title(text: str) -> str:
    """A heading or cited section as compared: no markup, case or closing stop."""
    text = _MARKDOWN_HEADING.sub("", text.strip())
    text = fold_quotation(text.replace("_", " "))
    return text.rstrip(" :.").casefold()


@dataclass(frozen=True)
class SourceSections:
    """One source's text, split into the sections the knowledge cites."""

    lines: tuple[str, ...]
    #: Folded cited title -> the folded text of each part of that section.
    parts: dict[str, tuple[str, ...]]
    #: Folded cited title -> the title as the knowledge cites it.
    titles: dict[str, str]

    def found(self, section: str) -> bool:
        return fold_title(section) in self.parts

    def contains(self, section: str, quote: str) -> bool:
        """Whether ``quote`` is word for word in (one part of) ``section``."""
        wanted = fold_quotation(quote)
        return any(wanted in part for part in self.parts.get(fold_title(section), ()))

    def sections_holding(self, quote: str) -> list[str]:
        """The cited sections (as folded titles) whose text holds ``quote``."""
        wanted = fold_quotation(quote)
        return [title for title, parts in self.parts.items() if any(wanted in p for p in parts)]


def split_sections(text: str, cited_titles: Iterable[str]) -> SourceSections:
    """Split ``text`` at every line that starts a cited title or a numbered heading."""
    lines = tuple(text.splitlines())
    titles = {fold_title(title): title for title in sorted(cited_titles)}
    wanted = set(titles)
    # Where each cited title starts, and how many lines its title takes.
    starts: dict[int, tuple[str, int]] = {}
    folded = [fold_title(line) if line.strip() else "" for line in lines]
    for index, title in enumerate(folded):
        if not title:
            continue
        if title in wanted:
            starts[index] = (title, 1)
            continue
        following = _next_nonblank(folded, index + 1)
        if following is not None and _MARKDOWN_HEADING.match(lines[following]):
            second = _MARKDOWN_HEADING.sub("", lines[following].strip())
            joined_title = fold_title(f"{lines[index]} {second}")
            if joined_title in wanted:
                starts[index] = (joined_title, following - index + 1)
    numbered = {i for i, line in enumerate(lines) if _NUMBERED_HEADING.match(line.strip())}
    slide_titles = {i for i in starts if not _IN_SLIDE_HEADING.match(lines[i])}
    boundaries = sorted(slide_titles | numbered)
    in_slide = sorted(set(starts) - slide_titles)
    parts: dict[str, list[str]] = {}
    for start, (title, _) in sorted(starts.items()):
        ends = boundaries if start in slide_titles else sorted({*boundaries, *in_slide})
        end = next((b for b in ends if b > start), len(lines))
        parts.setdefault(title, []).append(fold_quotation("\n".join(lines[start:end])))
    return SourceSections(lines, {title: tuple(found) for title, found in parts.items()}, titles)


def _next_nonblank(folded: list[str], start: int) -> int | None:
    for index in range(start, min(start + 3, len(folded))):
        if folded[index]:
            return index
    return None


def cited_sections(documents: Iterable[dict[str, Any]]) -> dict[str, set[str]]:
    """Source id -> every section title the documents cite in it."""
    found: dict[str, set[str]] = {}
    for document in documents:
        for cite in _cites(document):
            found.setdefault(cite["source"], set()).add(cite["section"])
    return found


def section_not_found(cite: dict[str, str], sections: SourceSections) -> str:
    """The report for a cited section that is not a heading in its source."""
    return (
        f"section '{cite['section']}' is not a heading in {cite['source']}; copy the section "
        "or slide title exactly as the source writes it"
    )


def quotation_elsewhere(section: str, quote: str, sections: SourceSections) -> str:
    """The report for a quotation that is in its source but not in the section cited."""
    holding = sections.sections_holding(quote)
    where = (
        f"; it is under {', '.join(repr(sections.titles[t]) for t in holding)}" if holding else ""
    )
    return f"quotation is not in the cited section '{section}'{where}; cite the section it is in"


def _cites(value: Any) -> Iterable[dict[str, str]]:
    if isinstance(value, dict):
        for name, child in value.items():
            if name == "cite":
                for one in child if isinstance(child, list) else [child]:
                    if isinstance(one, dict) and {"source", "section"} <= set(one):
                        yield one
            else:
                yield from _cites(child)
    elif isinstance(value, list):
        for child in value:
            yield from _cites(child)
