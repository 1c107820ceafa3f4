"""Pulling the items out of a document: each recommendation, finding, learning
point, piece of good practice, response, summary point, term of reference and
reflective question, in the source's own words with the block it starts in."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from index.ingest import recommendations as recs
from index.ingest.blocks import Block
from index.ingest.lines import is_footnote
from index.ingest.questions import practice_point
from index.ingest.section_kinds import kinds_of, section_kinds
from index.ingest.sentences import split_sentences

#: Draft fields that hold items, in the order a draft lists them.
CATEGORIES = (
    "case_summary",
    "terms_of_reference",
    "findings",
    "key_learning",
    "recommendations",
    "good_practice",
    "board_response",
    "reflective_questions",
)

#: List items this short after a lead-in are parts of one statement, not several.
_SHORT_ITEM_WORDS = 8


@dataclass
class Item:
    """One item for the draft, before it is written."""

    category: str
    source_text: str
    block: Block
    number: str | None = None
    group: str | None = None
    lead_in: str | None = None
    #: Our words for it where the source's are a bare topic ("Recommendations on
    #: managing case transfers"); the editor's to rewrite like the rest.
    own_words: str | None = None
    parts: list[Block] = field(default_factory=list)


def _words(text: str) -> int:
    return len(text.split())


class _Reader:
    def __init__(self, blocks: list[Block], title_headings: frozenset[str]) -> None:
        self.blocks = blocks
        self.titles = title_headings
        self.items: list[Item] = []
        self.labelled = any(b.kind != "heading" and recs.label_of(b.text) for b in blocks)
        self.rec_sections = any(
            b.kind == "heading"
            and b.text not in title_headings
            and kinds_of(b.text)[:1] == ["recommendations"]
            for b in blocks
        )
        self.counter = 0

    # -- helpers -------------------------------------------------------------

    def kinds(self, block: Block) -> list[str]:
        return section_kinds(block.path, self.titles)

    def group(self, block: Block) -> str | None:
        return block.path[-1] if block.path else None

    def next_number(self) -> str:
        self.counter += 1
        return str(self.counter)

    def list_after(self, start: int) -> tuple[list[tuple[Block, list[Block]]], int]:
        """The list starting at ``start``: each top-level item with its sub-items,
        and the index after the list."""
        entries: list[tuple[Block, list[Block]]] = []
        index = self.past_footnotes(start)
        if index >= len(self.blocks) or self.blocks[index].kind != "item":
            index = start
        top: int | None = None
        while index < len(self.blocks):
            if entries and self.blocks[index].kind != "item":
                # A page's footnotes can fall between the items of one list.
                after = self.past_footnotes(index)
                if after == index or after >= len(self.blocks) or self.blocks[after].kind != "item":
                    break
                index = after
            block = self.blocks[index]
            if block.kind != "item":
                break
            if top is None or block.level <= top:
                top = block.level if top is None else top
                entries.append((block, []))
            else:
                entries[-1][1].append(block)
            index += 1
        return entries, index

    def past_footnotes(self, index: int) -> int:
        """The first block at or after ``index`` that is not a footnote: a page's
        footnotes can fall between a lead-in and its list, or inside the list."""
        while (
            index < len(self.blocks)
            and self.blocks[index].kind == "paragraph"
            and is_footnote(self.blocks[index].text)
        ):
            index += 1
        return index

    def add(self, category: str, blocks: list[Block], **extra: str | None) -> None:
        text = " ".join(b.text for b in blocks if b.text).strip()
        if not text:
            return
        self.items.append(
            Item(
                category,
                text,
                blocks[0],
                number=extra.get("number"),
                group=self.group(blocks[0]),
                lead_in=extra.get("lead_in"),
                own_words=_topic_words(category, blocks),
                parts=blocks,
            )
        )

    # -- reading -------------------------------------------------------------

    def read(self) -> list[Item]:
        index = 0
        while index < len(self.blocks):
            block = self.blocks[index]
            if block.kind == "heading":
                index += 1
                continue
            kinds = self.kinds(block)
            if (
                not self.labelled
                and block.kind == "paragraph"
                and (recs.INTRODUCES.match(block.text) or self.listed_within(block.text))
            ):
                index = self.introduced(index, kinds)
            elif self.labelled:
                index = self.labelled_block(index, kinds)
            elif self.rec_sections and "recommendations" in kinds:
                index = self.section_block(index)
            elif not self.rec_sections and not self.labelled and self.guidance_fits(kinds):
                index = self.guidance_block(index, kinds)
            else:
                index = self.other_block(index, kinds)
        return self.items

    def labelled_block(self, index: int, kinds: list[str]) -> int:
        block = self.blocks[index]
        label = recs.label_of(block.text)
        if label is None:
            if "recommendations" in kinds:
                kinds = ["findings"]
            return self.other_block(index, kinds)
        number, rest = label
        parts = [replace(block, text=rest)]
        index += 1
        wants_more = not rest or recs.is_lead_in(rest)
        if not rest and index < len(self.blocks) and self.blocks[index].kind == "paragraph":
            following = self.blocks[index]
            if not recs.label_of(following.text):
                parts.append(following)
                wants_more = recs.is_lead_in(following.text)
                index += 1
        while wants_more and index < len(self.blocks):
            entries, after = self.list_after(index)
            if not entries:
                break
            parts += [b for entry in entries for b in (entry[0], *entry[1])]
            index = after
            # "And that:" with a second list continues the same recommendation.
            wants_more = False
            if index < len(self.blocks):
                following = self.blocks[index]
                if (
                    following.kind == "paragraph"
                    and recs.is_lead_in(following.text)
                    and _words(following.text) <= 6
                ):
                    parts.append(following)
                    index += 1
                    wants_more = True
        kept = [p for p in parts if p.text]
        if kept:
            self.add("recommendations", kept, number=number)
        return index

    def introduced(self, index: int, kinds: list[str]) -> int:
        """A paragraph that introduces recommendations, under any heading: its list,
        or the clauses it lists itself, are recommendations."""
        block = self.blocks[index]
        clauses = recs.inline_list(block.text)
        if clauses:
            for clause in clauses:
                part = replace(block, text=clause)
                self.add("recommendations", [part], number=self.next_number())
            return index + 1
        listed = self.listed_within(block.text)
        if listed:
            # A summary that goes on to list the recommendations in a sentence of
            # its own: "Death of a baby … Recommendations include: …; …".
            rest: list[str] = []
            for sentence in split_sentences(block.text):
                if sentence in listed:
                    for clause in recs.inline_list(sentence):
                        part = replace(block, text=clause)
                        self.add("recommendations", [part], number=self.next_number())
                else:
                    rest.append(sentence)
            if rest and kinds:
                self.add(_category(kinds), [replace(block, text=" ".join(rest))])
            return index + 1
        if recs.is_lead_in(block.text) and self.list_after(index + 1)[0]:
            return self.section_block(index)
        return self.other_block(index, kinds)

    def listed_within(self, text: str) -> list[str]:
        """The sentences after the first of a paragraph that list recommendations."""
        return [s for s in split_sentences(text)[1:] if recs.inline_list(s)]

    def section_block(self, index: int) -> int:
        """A block under a recommendations heading, in a document without labels."""
        block = self.blocks[index]
        lead_in = block.kind == "paragraph" and recs.is_lead_in(block.text)
        if recs.NOT_A_RECOMMENDATION.search(block.text) and not lead_in:
            return self.other_block(index, ["findings"])
        if lead_in:
            entries, after = self.list_after(index + 1)
            if entries:
                who = recs.who_of(block.text)
                entries = [e for e in entries if recs.is_list_recommendation(e[0].text)]
                for position, (item, subs) in enumerate(entries, start=1):
                    number = item.marker or (
                        f"{who} {position}" if who and len(entries) > 1 else who
                    )
                    self.add(
                        "recommendations", [item, *subs],
                        number=number or self.next_number(), lead_in=block.text,
                    )  # fmt: skip
                return after
        if block.kind == "item":
            entries, after = self.list_after(index)
            for item, subs in entries:
                if not recs.is_list_recommendation(item.text):
                    self.add("findings", [item, *subs])
                    continue
                number = item.marker or recs.who_of(item.text) or self.next_number()
                self.add("recommendations", [item, *subs], number=number)
            return after
        if recs.is_directive(block.text):
            number = recs.paragraph_number(block.text) or recs.who_of(block.text)
            self.add("recommendations", [block], number=number or self.next_number())
        else:
            self.add("findings", [block])
        return index + 1

    def guidance_fits(self, kinds: list[str]) -> bool:
        return not (
            set(kinds)
            & {"case_summary", "terms_of_reference", "reflective_questions", "board_response"}
        )

    def guidance_block(self, index: int, kinds: list[str]) -> int:
        """Practice guidance in a document with no recommendations as such."""
        block = self.blocks[index]
        if block.kind == "paragraph" and recs.is_lead_in(block.text):
            entries, after = self.list_after(index + 1)
            if entries and recs.GUIDANCE_LEAD_IN.search(block.text):
                for item, subs in entries:
                    self.add(
                        "recommendations",
                        [item, *subs],
                        number=self.next_number(),
                        lead_in=block.text,
                    )
                return after
            if entries:
                return self.other_block(index, kinds)
        if block.kind == "item":
            entries, after = self.list_after(index)
            for item, subs in entries:
                if recs.is_guidance_item(item.text):
                    self.add("recommendations", [item, *subs], number=self.next_number())
                elif kinds:
                    self.add(_category(kinds), [item, *subs])
            return after
        rest: list[str] = []
        for sentence in split_sentences(block.text):
            if recs.is_guidance(sentence):
                self.add(
                    "recommendations", [replace(block, text=sentence)], number=self.next_number()
                )
            else:
                rest.append(sentence)
        if rest and kinds:
            self.add(_category(kinds), [replace(block, text=" ".join(rest))])
        return index + 1

    def questions_block(self, index: int) -> int:
        """Reflective questions in a document with no recommendations of its own:
        a question that plainly asks something of the reader is drafted as the
        practice point it implies, the question kept as the source's words."""
        block = self.blocks[index]
        kept: list[str] = []
        for sentence in split_sentences(block.text):
            point = practice_point(sentence) if sentence.endswith("?") else None
            if point is None:
                kept.append(sentence)
                continue
            self.items.append(
                Item(
                    "recommendations",
                    sentence,
                    replace(block, text=sentence),
                    number=self.next_number(),
                    group=self.group(block),
                    own_words=point,
                    parts=[block],
                )
            )
        rest = " ".join(kept)
        if rest.endswith("?"):
            self.add("reflective_questions", [replace(block, text=rest)])
        return index + 1

    def other_block(self, index: int, kinds: list[str]) -> int:
        block = self.blocks[index]
        if not kinds:
            return index + 1
        category = _category(kinds)
        if category == "reflective_questions":
            if not self.labelled and not self.rec_sections:
                return self.questions_block(index)
            if block.text.rstrip().endswith("?"):
                self.add(category, [block])
            return index + 1
        if block.kind == "paragraph" and recs.is_lead_in(block.text):
            entries, after = self.list_after(index + 1)
            if entries:
                short = sum(_words(i.text) for i, _ in entries) / len(entries) <= _SHORT_ITEM_WORDS
                if short and category != "terms_of_reference":
                    self.add(category, [block, *(b for i, s in entries for b in (i, *s))])
                else:
                    if category not in ("terms_of_reference",):
                        self.add(category, [block])
                    for item, subs in entries:
                        self.add(category, [item, *subs], number=item.marker or None)
                return after
        if block.kind == "item":
            entries, after = self.list_after(index)
            for item, subs in entries:
                self.add(category, [item, *subs], number=item.marker or None)
            return after
        self.add(category, [block])
        return index + 1


def _topic_words(category: str, blocks: list[Block]) -> str | None:
    """ "Recommendations on managing case transfers" for a recommendation the source
    gives as a topic heading in a list under its recommendations heading."""
    first = blocks[0]
    if category != "recommendations" or len(blocks) != 1 or first.kind != "item":
        return None
    if "recommendations" not in kinds_of(first.path[-1] if first.path else ""):
        return None
    topic = recs.topic_of(first.text)
    if topic is None:
        return None
    if not (topic[:2].isupper() or (len(topic) > 1 and topic.split()[0].isupper())):
        topic = topic[0].lower() + topic[1:]
    return f"Recommendations on {topic}"


def _category(kinds: list[str]) -> str:
    first = kinds[0]
    return "findings" if first == "recommendations" else first


def extract_items(blocks: list[Block], title_headings: frozenset[str]) -> list[Item]:
    """Every item of the document, in reading order."""
    return _Reader(blocks, title_headings).read()
