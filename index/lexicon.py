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
* the *vocabulary* (every word with its count) is what spelling is corrected to.

Example::

    lexicon = Lexicon.from_knowledge(kb)
    lexicon.phrases["disguis complianc"]   # [('theme:disguised-compliance', 1.0)]
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from index.analysis import stem_word, stems, words
from index.documents import IndexDocument, id_words, knowledge_documents, make_key
from index.model import Knowledge

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
    #: Every stem the knowledge uses: a typed word whose stem is here is not misspelt.
    known_stems: set[str] = field(default_factory=set)
    #: Field -> stem -> how many documents have it there; read from the built
    #: index, so a query knows what each term would cost before searching it.
    frequencies: dict[str, dict[str, int]] = field(default_factory=dict)

    #: Item key -> the stems of its names, worked out once per lexicon.
    _name_stems: dict[str, tuple[str, ...]] = field(
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

    def add(self, text: str, key: str, strength: float) -> None:
        phrase = " ".join(stems(text))
        if not phrase:
            return
        targets = self.phrases.setdefault(phrase, [])
        for index, (existing, old) in enumerate(targets):
            if existing == key:
                targets[index] = (key, max(old, strength))
                return
        targets.append((key, strength))

    @classmethod
    def from_knowledge(
        cls, kb: Knowledge, documents: Iterable[IndexDocument] | None = None
    ) -> Lexicon:
        lexicon = cls()
        for theme in kb.themes.values():
            key = make_key("theme", theme.id)
            lexicon.names[key] = [theme.title]
            lexicon.add(theme.title, key, TITLE)
            lexicon.add(id_words(theme.id), key, ALIAS)
            for alias in theme.aliases:
                lexicon.add(alias, key, ALIAS)
        for case in kb.cases.values():
            key = make_key("case", case.id)
            lexicon.names[key] = [case.title]
            lexicon.add(case.title, key, CASE_NAME)
            lexicon.add(id_words(case.id), key, CASE_NAME)
            for alias in case.aliases:
                lexicon.add(alias, key, ALIAS)
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
        counts: Counter[str] = Counter()
        for document in documents if documents is not None else knowledge_documents(kb):
            for text in (
                document.title,
                document.aliases,
                document.summary,
                document.body,
                document.links,
            ):
                counts.update(words(text))
        lexicon.vocabulary = dict(counts)
        lexicon.known_stems = {stem_word(word) for word in counts} - {""}
        return lexicon

    def to_json(self) -> dict[str, object]:
        return {
            "phrases": {k: [list(t) for t in v] for k, v in self.phrases.items()},
            "names": self.names,
            "vocabulary": self.vocabulary,
            "known_stems": sorted(self.known_stems),
            "frequencies": self.frequencies,
        }

    @classmethod
    def from_json(cls, data: object) -> Lexicon:
        if not isinstance(data, dict):
            raise ValueError("lexicon file is not in the expected shape")
        phrases = data["phrases"]
        names = data["names"]
        vocabulary = data["vocabulary"]
        known_stems = data["known_stems"]
        frequencies = data.get("frequencies", {})
        if not (
            isinstance(phrases, dict)
            and isinstance(names, dict)
            and isinstance(vocabulary, dict)
            and isinstance(known_stems, list)
            and isinstance(frequencies, dict)
        ):
            raise ValueError("lexicon file is not in the expected shape")
        return cls(
            phrases={k: [(str(key), float(s)) for key, s in v] for k, v in phrases.items()},
            names={k: [str(n) for n in v] for k, v in names.items()},
            vocabulary={str(k): int(v) for k, v in vocabulary.items()},
            known_stems={str(s) for s in known_stems},
            frequencies={
                str(name): {str(s): int(n) for s, n in counts.items()}
                for name, counts in frequencies.items()
            },
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
