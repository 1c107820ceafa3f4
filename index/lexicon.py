"""What the knowledge calls things: the phrase table and the vocabulary.

Built from the knowledge at index time and stored beside the index, so query
understanding generalises through the content rather than through code:

* every theme title and alias, case name and alias, and glossary term,
  expansion and alias becomes a *phrase* (its stems) pointing at the item it
  names, with a strength (a title names its item more surely than an alias);
* each item's canonical *names* (a theme's title, a term and its expansion) are
  what a query naming it is expanded with, so "HSB" also searches "harmful
  sexual behaviour" and "pretending to cooperate" also searches "disguised
  compliance";
* the *vocabulary* (every word as the knowledge writes it, with its count) is
  what spelling is corrected to; forms the analysis makes ("twoday" from
  "two-day") are kept apart, as nobody writes them.

Example::

    lexicon = Lexicon.from_knowledge(kb)
    lexicon.phrases["disguis complianc"]   # [('theme:disguised-compliance', 1.0)]
"""

from __future__ import annotations

import heapq
import pickle
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from index.analysis import stem_word, stems, words, written_words
from index.collector import unpickled
from index.documents import IndexDocument, id_words, knowledge_documents, make_key
from index.model import Case, Knowledge

#: How surely each kind of name points at its item. A theme title beats a
#: glossary term, which beats an alias, so an exact title always wins a tie.
TITLE = 1.0
CASE_NAME = 1.0
GLOSSARY_TERM = 0.95
ALIAS = 0.9
GLOSSARY_EXPANSION = 0.85
GLOSSARY_ALIAS = 0.8
#: A glossary entry also points, more weakly, at the themes it belongs to.
GLOSSARY_THEME = 0.5


@dataclass
class Lexicon:
    """The phrase table, expansion names and vocabulary (see the module docstring)."""

    phrases: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    vocabulary: dict[str, int] = field(default_factory=dict)
    #: Forms the analysis makes that nobody writes ("twoday" from "two-day", "childs"
    #: from "child's"), with their counts: known words, but never a correction.
    formed: dict[str, int] = field(default_factory=dict)
    #: Every stem the knowledge uses: a typed word whose stem is here is not misspelt.
    known_stems: set[str] = field(default_factory=set)
    #: Field -> stem -> how many documents have it there; read from the built
    #: index, so a query knows what each term would cost before searching it.
    frequencies: dict[str, dict[str, int]] = field(default_factory=dict)

    #: Item key -> the stems of its names, worked out once per lexicon.
    _name_stems: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    #: Phrase -> the items it names most surely (see :meth:`named_by`), worked out
    #: on first use.
    _strongest: dict[str, tuple[int, tuple[tuple[str, float], ...]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    #: Phrase -> key -> its place in ``phrases[phrase]``, while phrases are added.
    _places: dict[str, dict[str, int]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @cached_property
    def longest_phrase(self) -> int:
        return max((key.count(" ") + 1 for key in self.phrases), default=0)

    def name_stems(self, key: str) -> tuple[str, ...]:
        """The stems of the item's :attr:`names`: what a query naming it is expanded with."""
        found = self._name_stems.get(key)
        if found is None:
            found = tuple(stem for name in self.names.get(key, ()) for stem in stems(name))
            self._name_stems[key] = found
        return found

    def named_by(self, phrase: str, most: int) -> tuple[tuple[str, float], ...]:
        """The items ``phrase`` (stems) names, as (key, strength): at most ``most``
        of them, the surest first, else in the knowledge's order. A word in the
        names of hundreds of reviews ("neglect") names none of them in particular,
        and going through every one would make each lookup grow with the knowledge."""
        kept = self._strongest.get(phrase)
        if kept is not None and kept[0] == most:
            return kept[1]
        targets = self.phrases.get(phrase, ())
        # The surest first; of equally sure ones, those added first.
        chosen = heapq.nsmallest(most, range(len(targets)), key=lambda i: (-targets[i][1], i))
        found = tuple(targets[i] for i in chosen)
        self._strongest[phrase] = (most, found)
        return found

    def add(self, text: str, key: str, strength: float) -> None:
        phrase = " ".join(stems(text))
        if not phrase:
            return
        self._strongest.pop(phrase, None)
        targets = self.phrases.setdefault(phrase, [])
        # Where each key is in its phrase's list: a common phrase ("neglect") names
        # an item in every review, and looking along the list would grow with them.
        places = self._places.setdefault(phrase, {})
        index = places.get(key)
        if index is not None:
            targets[index] = (key, max(targets[index][1], strength))
            return
        places[key] = len(targets)
        targets.append((key, strength))

    @classmethod
    def from_knowledge(
        cls, kb: Knowledge, documents: Iterable[IndexDocument] | None = None
    ) -> Lexicon:
        lexicon = cls()
        for theme in kb.themes.values():
            lexicon._add_item("theme", theme.id, theme.title, theme.aliases, TITLE, ALIAS)
        for case in kb.cases.values():
            lexicon.add_case(case)
        for term in kb.glossary.values():
            key = make_key("glossary", term.id)
            lexicon.names[key] = [term.term, term.expansion]
            named = [(term.term, GLOSSARY_TERM), (term.expansion, GLOSSARY_EXPANSION)]
            named += [(alias, GLOSSARY_ALIAS) for alias in term.aliases]
            for text, strength in named:
                lexicon.add(text, key, strength)
                for theme_id in term.themes:
                    if theme_id in kb.themes:
                        lexicon.add(text, make_key("theme", theme_id), GLOSSARY_THEME)
        lexicon.count(documents if documents is not None else knowledge_documents(kb))
        return lexicon

    def add_case(self, case: Case) -> None:
        """Add a case's names: its title, id and aliases."""
        self._add_item("case", case.id, case.title, case.aliases, CASE_NAME, CASE_NAME)

    def _add_item(
        self,
        kind: str,
        item_id: str,
        title: str,
        aliases: Iterable[str],
        title_strength: float,
        id_strength: float,
    ) -> None:
        key = make_key(kind, item_id)
        self.names[key] = [title]
        self.add(title, key, title_strength)
        self.add(id_words(item_id), key, id_strength)
        for alias in aliases:
            self.add(alias, key, ALIAS)

    def count(self, documents: Iterable[IndexDocument], *, sign: int = 1) -> None:
        """Add the words of ``documents`` to the vocabulary (``sign=-1``: take away
        those of documents being replaced), and renew the known stems."""
        counts: Counter[str] = Counter(self.vocabulary)
        formed: Counter[str] = Counter(self.formed)
        for document in documents:
            for text in (
                document.title,
                document.aliases,
                document.summary,
                document.body,
                document.links,
            ):
                written = Counter(written_words(text))
                for word, n in written.items():
                    counts[word] += sign * n
                for word, n in (Counter(words(text)) - written).items():
                    formed[word] += sign * n
        self.vocabulary = {word: n for word, n in counts.items() if n > 0}
        self.formed = {word: n for word, n in formed.items() if n > 0}
        # The forms the analysis makes count as known too, so "childcentred" is not
        # taken for a slip; they are never offered as a correction.
        known = self.vocabulary.keys() | self.formed.keys()
        self.known_stems = {stem_word(word) for word in known} - {""}

    #: What :meth:`save` writes, field by field.
    _SAVED = ("phrases", "names", "vocabulary", "formed", "known_stems", "frequencies")

    def save(self, path: Path) -> None:
        """Write the lexicon beside its index. Pickled rather than JSON: at a thousand
        times today's knowledge, reading and writing it as JSON took most of the
        time an approval takes (about 13 s of 15)."""
        data = {name: getattr(self, name) for name in self._SAVED}
        path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        """Read a lexicon :meth:`save` wrote; ValueError if it is not one."""
        data = unpickled(path.read_bytes())
        if not isinstance(data, dict) or set(data) != set(cls._SAVED):
            raise ValueError("lexicon file is not in the expected shape")
        shapes = (dict, dict, dict, dict, set, dict)
        if not all(
            isinstance(data[name], kind) for name, kind in zip(cls._SAVED, shapes, strict=True)
        ):
            raise ValueError("lexicon file is not in the expected shape")
        return cls(**data)
