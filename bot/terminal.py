"""Showing a lookup's answer in a terminal (``scrbot ask``).

Text is wrapped to the terminal's width, and headings are coloured only when
writing to a terminal and ``NO_COLOR`` is not set (https://no-color.org).
Headings and phrases come from :mod:`bot.messages`, so the terminal and Slack
say the same things; Slack's ``*bold*`` becomes terminal bold.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections.abc import Iterable
from typing import IO

from bot.messages.answers import (
    ALSO_WORTH_A_LOOK,
    CASE_MODAL_FINDINGS,
    CITE_MARKER,
    CITED_SOURCE_LINE,
    CITED_SOURCES,
    CLOSEST_THEMES,
    COMPARED_WITH,
    DID_YOU_MEAN,
    EMPTY_QUERY,
    GENERAL_KNOWLEDGE,
    KIND_LABELS,
    NEARBY_LEARNING,
    NOT_COVERED,
    NOT_COVERED_GUIDANCE,
    NOT_COVERED_TOPIC,
    NOTHING_FOUND,
    PRACTICE_POINTS,
    QUESTIONS_TO_REFLECT_ON,
    RELATED_THEMES,
    SOURCE,
    SOURCES,
    WHERE_ELSE,
    WHERE_ELSE_LOCAL,
    WHERE_IT_SHOWED,
)
from bot.safety import FrontDoor
from index.answers import CitedPoint, Result, SearchResponse, declined, number_citations

#: Wider than this is hard to read, however wide the terminal.
MAX_WIDTH = 100
_BOLD, _DIM, _CYAN, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[0m"


def use_colour(stream: IO[str]) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set or TERM is dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def terminal_width() -> int:
    return max(40, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns))


class TerminalAnswer:
    """Renders a :class:`SearchResponse` as wrapped, optionally coloured text."""

    def __init__(
        self, width: int = 80, colour: bool = False, door: FrontDoor | None = None
    ) -> None:
        self.width = width
        self.colour = colour
        self.door = door or FrontDoor()

    def _style(self, text: str, *codes: str) -> str:
        return "".join(codes) + text + _RESET if self.colour else text

    def _heading(self, text: str) -> str:
        return self._style(re.sub(r"\*([^*]+)\*", r"\1", text), _BOLD, _CYAN)

    def _plain(self, text: str) -> str:
        """Slack mrkdwn from the copy made readable: *bold* kept only as bold."""
        return re.sub(r"\*([^*]+)\*", lambda m: self._style(m.group(1), _BOLD), text)

    def _wrap(self, text: str, indent: str = "  ", first: str | None = None) -> list[str]:
        return textwrap.wrap(
            text,
            width=self.width,
            initial_indent=first if first is not None else indent,
            subsequent_indent=indent,
            break_long_words=True,
            break_on_hyphens=False,
        ) or [first or indent]

    def _bullets(self, items: Iterable[str], numbered: bool = False) -> list[str]:
        lines: list[str] = []
        for n, item in enumerate(items, start=1):
            marker = f"  {n}. " if numbered else "  • "
            lines += self._wrap(item, indent=" " * len(marker), first=marker)
        return lines

    def result(self, result: Result) -> list[str]:
        """The full answer for one result: summary, cases, practice points, questions."""
        label = KIND_LABELS.get(result.kind, result.kind.capitalize())
        lines = self._wrap(f"{result.title}  ({label})", indent="", first="")
        lines[0] = self._style(lines[0], _BOLD)
        cited, numbers = number_citations(result.points)

        def marked(part: str, text: str) -> str:
            point: CitedPoint | None = result.cited(part, text)
            number = numbers.get(point) if point is not None else None
            return text + (CITE_MARKER.format(number=number) if number else "")

        lines += self._wrap(marked("summary", result.summary)) if result.summary else []
        summary = result.cited("summary", result.summary)
        if summary is not None and summary.origin == "general":
            lines += [self._style(line, _DIM) for line in self._wrap(GENERAL_KNOWLEDGE)]
        is_case = result.kind == "case"
        # A case's own line repeats its summary; show only the cases it compares with.
        cases = [case for case in result.cases if not (is_case and case.id == result.id)]
        if cases:
            lines += [
                "",
                self._heading(COMPARED_WITH if is_case else WHERE_IT_SHOWED),
            ]
            lines += self._bullets(f"{case.title} — {marked('case', case.how)}" for case in cases)
        if result.practice_points:
            heading = CASE_MODAL_FINDINGS if is_case else PRACTICE_POINTS
            lines += ["", self._heading(heading)]
            lines += self._bullets(marked("practice_point", p) for p in result.practice_points)
        if result.questions:
            lines += ["", self._heading(QUESTIONS_TO_REFLECT_ON)]
            lines += self._bullets((marked("question", q) for q in result.questions), numbered=True)
        if cited:
            lines += ["", self._heading(CITED_SOURCES.split("\n", 1)[0])]
            for number, cite in enumerate(cited, start=1):
                title = f"{cite.title} ({cite.url})" if cite.url else cite.title
                line = CITED_SOURCE_LINE.format(number=number, title=title, section=cite.section)
                lines += [self._style(x, _DIM) for x in self._wrap(line, indent="    ", first="")]
        elif result.sources:
            template = SOURCES if len(result.sources) > 1 else SOURCE
            text = template.format(sources="; ".join(result.sources), source=result.sources[0])
            lines += [""] + [self._style(line, _DIM) for line in self._wrap(text, indent="")]
        return lines

    def _did_you_mean(self, response: SearchResponse) -> list[str]:
        if not response.did_you_mean:
            return []
        suggestions = " or ".join(f"“{s}”" for s in response.did_you_mean)
        return self._wrap(DID_YOU_MEAN.format(suggestions=suggestions), indent="")

    def response(self, response: SearchResponse) -> str:
        """The whole answer: the top result in full, then the others in a line each;
        or what the reviews do not cover. Led by what to do now when a child is in
        danger, and always ending with the line on what to do if a child is at risk."""
        lines: list[str] = []
        if response.urgent:
            lines += [*self._wrap(self._plain(self.door.urgent_fallback()), indent=""), ""]
        if not response.results and declined(response):
            lines += self._not_covered(response)
        elif not response.results:
            if response.query.strip():
                lines += self._wrap(
                    self._plain(NOTHING_FOUND.format(query=response.query.strip()[:80])),
                    indent="",
                )
            else:
                lines += self._wrap(self._plain(EMPTY_QUERY), indent="")
            lines += self._did_you_mean(response)
            if response.related:
                lines += ["", self._plain(CLOSEST_THEMES)]
                lines += self._bullets(theme.title for theme in response.related)
        else:
            if response.did_you_mean:
                lines += [*self._did_you_mean(response), ""]
            lines += self.result(response.results[0])
            rest = response.results[1:]
            if rest:
                lines += ["", self._heading(ALSO_WORTH_A_LOOK)]
                lines += self._bullets(
                    f"{r.title} ({KIND_LABELS.get(r.kind, r.kind)})" for r in rest
                )
            if response.related:
                lines += ["", self._heading(RELATED_THEMES)]
                lines += self._wrap(", ".join(theme.title for theme in response.related))
        if not response.urgent:
            safety = self.door.safety_line(links=False)
            lines += [""] + [self._style(line, _BOLD) for line in self._wrap(safety, indent="")]
        return "\n".join(lines)

    def _not_covered(self, response: SearchResponse) -> list[str]:
        """What the reviews do not cover: said plainly, what covers it, nearby
        learning (labelled as such) and where else to look."""
        topic = response.topic
        said = NOT_COVERED_TOPIC.format(topic=topic.name) if topic else NOT_COVERED
        lines = self._wrap(said, indent="")
        lines += self._did_you_mean(response)
        if topic:
            heading, _, _ = NOT_COVERED_GUIDANCE.partition("\n")
            lines += ["", self._heading(heading), *self._wrap(topic.guidance)]
        if response.nearby:
            lines += ["", self._heading(NEARBY_LEARNING)]
            lines += self._bullets(
                f"{n.title} — {n.because}" if n.because else n.title for n in response.nearby
            )
        lines += ["", self._heading(WHERE_ELSE)]
        local = WHERE_ELSE_LOCAL.format(next_step=self.door.next_step(links=False))
        lines += self._wrap(self._plain(local), indent="    ", first="  ")
        for place in response.signposts:
            national = f"• {place.name} ({place.url}): {place.what}."
            lines += self._wrap(national, indent="    ", first="  ")
        return lines
