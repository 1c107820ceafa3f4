"""Query understanding: from what someone typed to a whoosh query and named items.

Steps, each generalising through the knowledge rather than through code:

1. clean the text (Slack markup, punctuation and search syntax become spaces;
   see :mod:`index.analysis`) and keep the first :data:`MAX_TERMS` words;
2. correct words the knowledge never uses to the closest word it does
   ("disgised complaince" -> "disguised compliance");
3. find the phrases of the :class:`~index.lexicon.Lexicon` in the query — a
   theme's title or alias, a case name, a glossary term — each a *hit* on the
   item it names, *direct* when it is the whole query;
4. build the whoosh query: every word in every field (names count most), the
   whole query as a phrase in the names, and the names of the surest items hit
   as extra, lighter terms (so "HSB" also searches "harmful sexual behaviour").
   Words the index lacks are left out, and a long query is cut to its rarest
   words, so no query costs much more than a short one.

User text never reaches whoosh's query parser, so no input can be a syntax error.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.query.compound import PreloadedOr

from index.analysis import WORD_ANALYZER, clean_text, stem_word, stems
from index.lexicon import Lexicon
from index.roles import ASKING, MALE_CARER, ROLE_WORDS, Reading, read
from index.roles import WORDS as KNOWN_WORDS
from index.schema_fields import FIELD_BOOSTS, PHRASE_FIELD
from index.spelling import Speller

#: At most this many words of a query are used; a pasted page becomes its start.
MAX_TERMS = 24
#: Of those, at most this many (the rarest) are searched for in the index.
MAX_SEARCHED_TERMS = 10
#: The names of at most this many items named in the query are added to it...
MAX_EXPANDED_HITS = 3
#: ...adding at most this many terms.
MAX_EXPANSION_TERMS = 8
#: Of the items one phrase names, the surest this many count as named by it...
MAX_NAMED = 16
#: ...and of all the items a query names, the surest this many (the real
#: knowledge has no phrase naming more than five items, and no lookup of the
#: benchmark's naming more than ten).
MAX_HITS = 48
#: Queries longer than this are not also searched as a phrase.
MAX_PHRASE_TERMS = 6
#: About how many postings one lookup may score (see QueryPlan.whoosh_query):
#: whoosh scores each in Python, so this bounds a lookup's time at any scale.
POSTINGS_BUDGET = 1500
#: How much the names of a hit item count beside the words actually typed.
EXPANSION_WEIGHT = 0.45
#: How much a whole-query phrase match counts beside the same words apart.
PHRASE_WEIGHT = 1.5
#: In a query of more than this many words, role words ("health visitor",
#: "GP") are who was involved, not what the query is about...
LONG_QUERY = 4
#: ...and count this much beside its other words.
ROLE_WEIGHT = 0.3
#: When a father or partner is the source of harm, the words for him count this
#: much, and the query is also searched for the learning on harm by an adult in
#: the household (:data:`PERPETRATOR_NAMES`, as expansion terms).
CARER_AT_RISK_WEIGHT = 0.2
PERPETRATOR_NAMES = ("perpetrator", "domestic abuse", "coercive control")


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
    #: Who is who in the query (see :mod:`index.roles`).
    reading: Reading = field(default_factory=Reading)
    #: Stem -> how much it counts when searched (1.0 unless listed).
    weights: dict[str, float] = field(default_factory=dict)

    def role_hit(self, hit: Hit) -> bool:
        """Whether ``hit`` names its item only through role and asking words
        ("health visitor", "children in need"; "dad" when he is the source of
        harm): then it says who, not what about, unless it is the whole query."""
        parts = hit.phrase.split()
        if self.reading.male_carer_risk and all(
            p in MALE_CARER or p in ROLE_WORDS or p in ASKING for p in parts
        ):
            return True
        return not hit.direct and all(p in ROLE_WORDS or p in ASKING for p in parts)

    @property
    def empty(self) -> bool:
        return not self.stems

    @property
    def corrected_text(self) -> str | None:
        """The query as corrected, when any word was corrected."""
        if not self.corrections:
            return None
        return " ".join(self.corrections.get(word, word) for word in self.cleaned.split())

    def searched_terms(
        self, known: Collection[str], frequency: Mapping[str, int] | None = None
    ) -> tuple[list[str], list[str]]:
        """The typed and the expansion terms worth searching: those the index holds,
        and of a long query only the :data:`MAX_SEARCHED_TERMS` rarest."""
        typed = [s for s in dict.fromkeys(self.stems) if s in known]
        if len(typed) > MAX_SEARCHED_TERMS and frequency is not None:
            rarest = set(sorted(typed, key=lambda s: frequency.get(s, 0))[:MAX_SEARCHED_TERMS])
            typed = [s for s in typed if s in rarest]
        typed = typed[:MAX_SEARCHED_TERMS]
        extra = [s for s in dict.fromkeys(self.expansion_stems) if s in known and s not in typed]
        return typed, extra[:MAX_EXPANSION_TERMS]

    def whoosh_query(
        self,
        known: Collection[str] | None = None,
        frequencies: Mapping[str, Mapping[str, int]] | None = None,
        budget: int | None = None,
    ) -> wq.Query | None:
        """The whoosh query for this plan; None when there is nothing to search.

        ``known`` is the index's vocabulary and ``frequencies`` (field -> term ->
        documents) its term counts: a term is searched only in the fields that
        have it. Whoosh scores every matching posting, so with a ``budget`` the
        clauses are taken best first — typed words before expansions, names
        before summaries before bodies, rare terms before common ones — until
        their postings would pass it. Common words in long bodies, which cost
        the most and say the least, are what a large index leaves out.
        """
        if known is None:
            known = set(self.stems) | set(self.expansion_stems)
        total: dict[str, int] | None = None
        if frequencies:
            total = {}
            for counts in frequencies.values():
                for term in (*self.stems, *self.expansion_stems):
                    total[term] = total.get(term, 0) + counts.get(term, 0)
        typed, extra = self.searched_terms(known, total)
        clauses: list[tuple[tuple[int, int, int], int, wq.Query]] = []
        for rank, (weight, terms) in enumerate(((1.0, typed), (EXPANSION_WEIGHT, extra))):
            for term in terms:
                share = weight * self.weights.get(term, 1.0)
                for place, name in enumerate(FIELD_BOOSTS):
                    cost = frequencies.get(name, {}).get(term, 0) if frequencies else 0
                    if frequencies and not cost:
                        continue  # not in this field: it cannot match there
                    query = wq.Term(name, term, boost=FIELD_BOOSTS[name] * share)
                    clauses.append(((rank, place, cost), cost, query))
        if 2 <= len(self.stems) <= MAX_PHRASE_TERMS and len(typed) == len(set(self.stems)):
            names = frequencies.get(PHRASE_FIELD, {}) if frequencies else {}
            sizes = [names.get(s, 0) for s in self.stems]
            # Ranked with its rarest word, but costing what matching it reads:
            # every word's postings, to find the documents holding them all.
            rarest = min(sizes) if frequencies else 0
            if rarest or not frequencies:
                boost = FIELD_BOOSTS[PHRASE_FIELD] * PHRASE_WEIGHT
                phrase = wq.Phrase(PHRASE_FIELD, self.stems, boost=boost)
                clauses.append(((0, 0, rarest), sum(sizes), phrase))
        clauses.sort(key=lambda clause: clause[0])
        chosen: list[wq.Query] = []
        spent = 0
        for _, cost, query in clauses:
            if budget is not None and chosen and spent + cost > budget:
                continue
            chosen.append(query)
            spent += cost
        # Scoring every match into arrays beats whoosh's other ways of joining
        # clauses at every size measured (benchmarks/search.py), so use it always.
        return PreloadedOr(chosen) if chosen else None


def whole_clauses(frequencies: Mapping[str, Mapping[str, int]], budget: int) -> list[wq.Query]:
    """The clauses a lookup may read in full however many documents they match,
    largest first: a lookup always searches its rarest word in the first field
    that has it (see :meth:`QueryPlan.whoosh_query`), whatever the budget; these
    are that clause for each word matching more than ``budget`` documents there
    (``frequencies``: field -> term -> documents)."""
    first: dict[str, tuple[int, str]] = {}
    for name in FIELD_BOOSTS:
        for term, count in frequencies.get(name, {}).items():
            if count and term not in first:
                first[term] = (count, name)
    large = [(count, name, term) for term, (count, name) in first.items() if count > budget]
    return [wq.Term(name, term) for _, name, term in sorted(large, reverse=True)]


def understand(
    text: object, lexicon: Lexicon, speller: Speller, keep: Collection[str] = ()
) -> QueryPlan:
    """Clean, correct and analyse ``text``; find the items it names and the roles
    in it. Words in ``keep`` are never corrected. Never raises for any input."""
    cleaned = clean_text(text)
    plan = QueryPlan(text=text if isinstance(text, str) else str(text or ""), cleaned=cleaned)
    typed = [token.text for token in WORD_ANALYZER(cleaned)][:MAX_TERMS]
    for word in typed:
        stem = stem_word(word)
        if not stem:
            continue
        if (
            not speller.knows(word)
            and stem not in lexicon.known_stems
            and word not in keep
            and word not in KNOWN_WORDS
        ):
            fixed = speller.correct(word)
            if fixed:
                plan.corrections[word] = fixed
                word, stem = fixed, stem_word(fixed) or stem
        elif stem not in lexicon.known_stems:
            stem = _known_form(stem, lexicon.known_stems)
        plan.words.append(word)
        plan.stems.append(stem)
    plan.hits = _find_hits(plan.stems, lexicon)
    plan.reading = read(plan.text)
    if plan.reading.male_carer_risk:
        for stem in plan.stems:
            if stem in MALE_CARER:
                plan.weights[stem] = CARER_AT_RISK_WEIGHT
        plan.expansion_stems += [s for name in PERPETRATOR_NAMES for s in stems(name)]
    if len(set(plan.stems)) > LONG_QUERY:
        for stem in plan.stems:
            if stem in ROLE_WORDS:
                plan.weights.setdefault(stem, ROLE_WEIGHT)
    # Expand with the names of the surest few items named, not of every one.
    for hit in [h for h in plan.hits if not plan.role_hit(h)][:MAX_EXPANDED_HITS]:
        plan.expansion_stems += lexicon.name_stems(hit.key)
    return plan


def _known_form(stem: str, known: Collection[str]) -> str:
    """The knowledge's form of a word the stemmer left apart from it: Porter
    turns "risky" into "riski" but "risk" stays "risk"."""
    if stem.endswith("i") and stem[:-1] in known:
        return stem[:-1]
    return stem


def _find_hits(terms: list[str], lexicon: Lexicon) -> list[Hit]:
    """Every phrase of the lexicon found in ``terms``, longest first."""
    hits: dict[str, Hit] = {}
    total = len(terms)
    longest = min(total, lexicon.longest_phrase)
    for length in range(longest, 0, -1):
        for start in range(total - length + 1):
            phrase = " ".join(terms[start : start + length])
            for key, strength in lexicon.named_by(phrase, MAX_NAMED):
                hit = Hit(key=key, strength=strength, coverage=length / total, phrase=phrase)
                known = hits.get(key)
                if known is None or (hit.coverage, hit.strength) > (known.coverage, known.strength):
                    hits[key] = hit
    return sorted(hits.values(), key=lambda h: (-h.coverage, -h.strength, h.key))[:MAX_HITS]
