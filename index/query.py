"""Query understanding: from what someone typed to a whoosh query and named items.

Steps, each generalising through the knowledge rather than through code:

1. clean the text (Slack markup, punctuation and search syntax become spaces;
   see :mod:`index.analysis`) and keep the first :data:`MAX_TERMS` words;
2. correct words the knowledge never uses to the closest word it does
   ("disgised complaince" -> "disguised compliance");
3. find the phrases of the :class:`~index.lexicon.Lexicon` in the query — a
   theme's title or alias, a case name, a glossary term — each a *hit* on the
   item it names, *direct* when it is the whole query;
4. build the whoosh query: every word in every field (titles count most), the
   whole query as a phrase in the short fields, and the names of the items hit
   as extra, lighter terms (so "HSB" also searches "harmful sexual behaviour").

User text never reaches whoosh's query parser, so no input can be a syntax error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq

from index.analysis import WORD_ANALYZER, clean_text, stem_word, stems
from index.lexicon import Lexicon
from index.schema_fields import FIELD_BOOSTS, HEAD_FIELDS
from index.spelling import Speller

#: At most this many words of a query are used; a pasted page becomes its start.
MAX_TERMS = 24
#: How much the names of a hit item count beside the words actually typed.
EXPANSION_WEIGHT = 0.45
#: How much a whole-query phrase match counts beside the same words apart.
PHRASE_WEIGHT = 1.5


@dataclass(frozen=True)
class Hit:
    """A phrase of the query that names an item of the knowledge."""

    key: str
    strength: float
    #: The share of the query's terms the phrase covers (1.0: the whole query).
    coverage: float
    phrase: str

    @property
    def direct(self) -> bool:
        return self.coverage >= 1.0


@dataclass
class QueryPlan:
    """Everything understood about one query."""

    text: str
    cleaned: str
    words: list[str] = field(default_factory=list)
    stems: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    expansion_stems: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.stems

    @property
    def corrected_text(self) -> str | None:
        """The query as corrected, when any word was corrected."""
        if not self.corrections:
            return None
        return " ".join(self.corrections.get(word, word) for word in self.cleaned.split())

    def whoosh_query(self, common: frozenset[str] = frozenset()) -> wq.Query | None:
        """The whoosh query for this plan; None when there is nothing to search.

        Terms in ``common`` (those in a large share of documents) are searched
        only in the short fields: in long bodies they match nearly everything,
        cost the most and say the least.
        """
        clauses: list[wq.Query] = []
        typed = list(dict.fromkeys(self.stems))
        extra = [s for s in dict.fromkeys(self.expansion_stems) if s not in typed]
        for weight, terms in ((1.0, typed), (EXPANSION_WEIGHT, extra)):
            for term in terms:
                fields = HEAD_FIELDS if term in common else FIELD_BOOSTS
                clauses += [
                    wq.Term(name, term, boost=FIELD_BOOSTS[name] * weight) for name in fields
                ]
        if len(self.stems) >= 2:
            clauses += [
                wq.Phrase(name, self.stems, boost=FIELD_BOOSTS[name] * PHRASE_WEIGHT)
                for name in HEAD_FIELDS
            ]
        return wq.Or(clauses) if clauses else None


def understand(text: object, lexicon: Lexicon, speller: Speller) -> QueryPlan:
    """Clean, correct and analyse ``text``; find the items it names. Never raises
    for any input."""
    cleaned = clean_text(text)
    plan = QueryPlan(text=text if isinstance(text, str) else str(text or ""), cleaned=cleaned)
    typed = [token.text for token in WORD_ANALYZER(cleaned)][:MAX_TERMS]
    for word in typed:
        stem = stem_word(word)
        if not stem:
            continue
        if not speller.knows(word) and stem not in lexicon.known_stems:
            fixed = speller.correct(word)
            if fixed:
                plan.corrections[word] = fixed
                word, stem = fixed, stem_word(fixed) or stem
        plan.words.append(word)
        plan.stems.append(stem)
    plan.hits = _find_hits(plan.stems, lexicon)
    for hit in plan.hits:
        for name in lexicon.names.get(hit.key, ()):
            plan.expansion_stems += stems(name)
    return plan


def _find_hits(terms: list[str], lexicon: Lexicon) -> list[Hit]:
    """Every phrase of the lexicon found in ``terms``, longest first."""
    hits: dict[str, Hit] = {}
    total = len(terms)
    longest = min(total, lexicon.longest_phrase)
    for length in range(longest, 0, -1):
        for start in range(total - length + 1):
            phrase = " ".join(terms[start : start + length])
            for key, strength in lexicon.phrases.get(phrase, ()):
                hit = Hit(key=key, strength=strength, coverage=length / total, phrase=phrase)
                known = hits.get(key)
                if known is None or (hit.coverage, hit.strength) > (known.coverage, known.strength):
                    hits[key] = hit
    return sorted(hits.values(), key=lambda h: (-h.coverage, -h.strength, h.key))
