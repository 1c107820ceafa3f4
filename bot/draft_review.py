"""Walking an editor through a draft in the terminal (``scrbot knowledge review ID``).

Each item still in the source's words is shown with where it is in the source;
the editor accepts it (a reflective question, which may keep the source's
wording), writes it in our own words, drops it, or leaves it for later. Then
the candidate quotations (kept ones go on the item that holds them) and the
suggested themes (accept, change to another theme, or drop; each link says in
a line how the theme showed). Answers are read a line at a time, from the
keyboard or from a file or pipe, so a review can be scripted::

    printf 'e\\nThe school noticed ...\\nd\\n...' | scrbot knowledge review anyshire-child-t

Progress is saved as it goes: stopping (``q``, or the end of the answers) keeps
every decision made, and running the review again carries on from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from index.drafts import (
    FROM_SOURCE,
    DraftItem,
    attach_quotation,
    best_item_for,
    case_from_draft,
    draft_items,
    theme_suggestions,
)
from index.model import Knowledge


class StopReview(Exception):
    """The editor stopped (``q``) or the answers ran out."""


@dataclass
class Review:
    """One review of one draft, reading answers from ``answers`` and writing to ``out``."""

    draft: dict[str, Any]
    kb: Knowledge
    answers: TextIO
    out: TextIO
    save: Callable[[dict[str, Any]], None]
    counts: dict[str, int] = field(default_factory=dict)

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def ask(self, prompt: str) -> str:
        print(prompt, end="", file=self.out, flush=True)
        line = self.answers.readline()
        if not line:
            self.say()
            raise StopReview
        return line.strip()

    def choose(self, prompt: str, choices: str) -> str:
        while True:
            answer = self.ask(prompt).lower()[:1]
            if answer == "q":
                raise StopReview
            if answer and answer in choices:
                return answer
            self.say(f"  Please answer one of: {', '.join(choices)} (or q to save and stop).")

    def note(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    # -- the walk -------------------------------------------------------------------

    def run(self) -> bool:
        """Walk the draft; True when it was gone through to the end."""
        title = self.draft.get("title", self.draft.get("id"))
        self.say(f"Reviewing the draft of {title}.")
        self.say(
            "For each item: a accept, e write it in our own words, d drop, s leave for "
            "later, q save and stop."
        )
        try:
            self.headline()
            self.items()
            self.quotations()
            self.themes()
        except StopReview:
            self._drop_marked()
            self.save(self.draft)
            self.say("Stopped; your answers so far are saved in the draft.")
            return False
        self.save(self.draft)
        return True

    def headline(self) -> None:
        if str(self.draft.get("headline") or "").strip():
            return
        self.say()
        self.say("The headline: one line, in our own words, on who the review is about and")
        self.say("what happened (no names or details that could identify a child or family).")
        while not (line := self.ask("Headline: ")):
            self.say("  The headline cannot be empty.")
        self.draft["headline"] = line
        self.save(self.draft)

    def items(self) -> None:
        waiting = [entry for entry in draft_items(self.draft) if entry.from_source]
        for number, entry in enumerate(waiting, start=1):
            self.say()
            self.say(f"[{number}/{len(waiting)}] {entry.label.capitalize()} — {_where(entry)}")
            self.say(f"  Source: {entry.item.get('source_text', '')}")
            question = entry.field == "reflective_questions"
            choices = "aeds" if question else "eds"
            if not question:
                self.say("  (In the source's words: write it in our own words, or drop it.)")
            answer = self.choose(f"  {'/'.join(choices)}? ", choices)
            if answer == "a":
                self.note("accepted")
            elif answer == "e":
                while not (text := self.ask("  In our own words: ")):
                    self.say("  Write a line, or answer q to stop.")
                entry.item["text"] = text
                entry.item.pop(FROM_SOURCE, None)
                self.note("written in our own words")
            elif answer == "d":
                entry.item["_drop"] = True
                self.note("dropped")
            else:
                self.note("left for later")
        self._drop_marked()
        self.save(self.draft)

    def _drop_marked(self) -> None:
        for entry in list(draft_items(self.draft)):
            if entry.item.get("_drop"):
                self.draft[entry.field] = [
                    item for item in self.draft[entry.field] if not item.get("_drop")
                ]

    def quotations(self) -> None:
        candidates = [q for q in self.draft.get("quotations") or () if isinstance(q, dict)]
        if not candidates:
            return
        self.say()
        self.say("Quotations: exact words of the source, shown marked as a quotation.")
        left = []
        for candidate in candidates:
            quote = str(candidate.get("quote", ""))
            self.say(f'  "{quote}"')
            answer = self.choose("  k keep / d drop / s later? ", "kds")
            if answer == "k":
                holder = attach_quotation(self.draft, quote)
                if holder is None:
                    self.say("  No item still in the draft holds these words, so it was dropped.")
                else:
                    self.say(f"  Kept, with {holder.label}.")
                    self.note("quotations kept")
            elif answer == "s":
                left.append(candidate)
        self.draft["quotations"] = left
        self.save(self.draft)

    def themes(self) -> None:
        links: list[dict[str, Any]] = list(self.draft.get("themes") or ())
        self.draft["themes"] = links
        suggestions = theme_suggestions(self.draft)
        if suggestions:
            self.say()
            self.say("Themes the search suggests (a accept, c change to another, d drop, s later):")
        left = []
        for suggestion in suggestions:
            theme_id = str(suggestion.get("theme"))
            if any(link.get("theme") == theme_id for link in links):
                continue
            name = self.kb.themes[theme_id].title if theme_id in self.kb.themes else theme_id
            self.say(
                f"  {name} ({theme_id}): matched {suggestion.get('items', '?')} item(s), "
                f"best score {suggestion.get('best_score')}"
            )
            answer = self.choose("  a/c/d/s? ", "acds")
            if answer == "s":
                left.append(suggestion)
                continue
            if answer == "c":
                theme_id = self.theme_id("  Which theme instead (its id)? ")
            if answer in "ac":
                self.link(theme_id, links)
            self.draft["suggested_themes"] = [
                s for s in self.draft.get("suggested_themes") or () if s is not suggestion
            ]
            self.save(self.draft)
        while True:
            extra = self.ask("Link another theme? (its id, or Enter to finish) ")
            if not extra:
                break
            if extra not in self.kb.themes:
                self.say(f"  There is no theme '{extra}'. `scrbot ask themes` lists them.")
                continue
            self.link(extra, links)
            self.save(self.draft)

    def theme_id(self, prompt: str) -> str:
        while (answer := self.ask(prompt)) not in self.kb.themes:
            self.say(f"  There is no theme '{answer}'. Give a theme id, e.g. information-sharing.")
        return answer

    def link(self, theme_id: str, links: list[dict[str, Any]]) -> None:
        best = best_item_for(self.draft, theme_id)
        default = "" if best is None or best.from_source else str(best.item.get("text", ""))
        hint = f" (Enter keeps: {default})" if default else ""
        while not (how := self.ask(f"  How did it show in this case?{hint} ") or default):
            self.say("  Write one line on how the theme showed here.")
        vignette = self.ask(
            "  A short vignette for the weekly prompt: two or three sentences telling that part "
            "of the case, in our own words (Enter to leave it out): "
        )
        holder = best.item if best else next((e.item for e in draft_items(self.draft)), {})
        cite = holder.get("cite") or {}
        link: dict[str, Any] = {"theme": theme_id, "how": how}
        if vignette:
            link["vignette"] = vignette
        link["cite"] = {k: cite[k] for k in ("source", "section") if k in cite} or {
            "source": self.draft.get("source"),
            "section": self.draft.get("title"),
        }
        links.append(link)
        self.note("themes linked")

    def summary(self) -> list[str]:
        """What is still to do before approval, one line each (none: ready)."""
        return case_from_draft(self.draft)[1]


def _where(entry: DraftItem) -> str:
    cite = entry.item.get("cite") or {}
    parts = [str(cite[k]) for k in ("within", "section") if cite.get(k)]
    where = " › ".join(parts) or "no section"
    return f"{where}, page {cite['page']}" if cite.get("page") else where
