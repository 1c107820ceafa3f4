"""Does the knowledge answer this lookup? Knowing the edge of what the reviews cover.

Five reviews cover a part of safeguarding; practitioners ask about all of it
(and sometimes about the printer). A confident wrong answer is worse than none,
so every lookup is judged before anything is shown as its answer:

1. **What the query is about.** Its meaningful words, leaving out filler,
   asking words ("help", "worried about") and role words ("dad", "health
   visitor", "the baby"; see :mod:`index.roles`), which say *who* rather than
   *what about* — unless the query is nothing but them ("dads").
2. **A topic the reviews do not cover.** ``knowledge/signposts.yaml`` maps
   common safeguarding topics the reviews do not cover (forced marriage, FGM,
   self-harm, …) with the words people use for them. A query naming one is
   declined unless the rest of it, on its own, is about something the reviews
   do cover. A knowledge name inside the topic's words ("grooming" in "online
   grooming") does not count: the longer phrase says what was meant.
3. **How much of the query the answer explains.** Each meaningful word counts
   by what it matched in the best three results: a name (title, alias,
   glossary term, or a phrase naming the item) counts fully, the summary
   most, the body half (a word in a long body is often incidental), and a
   word matched nowhere there, or corrected from a word the knowledge does not
   use, little or nothing. Below :data:`EXPLAINED` the lookup is declined.

A declined lookup shows no answer; it says so plainly, and may offer nearby
learning (the topic's own, from the signposts file, or a result whose name the
query used) labelled as such.

Example::

    topics = TopicMap(kb)
    topics.find(["forc", "marriag"])     # [TopicHit(topic=<forced marriage>, ...)]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from index.analysis import stems, words
from index.model import Knowledge, UncoveredTopic
from index.query import Hit, QueryPlan
from index.roles import ASKING, CHILD, FAMILY, INJURY, MALE_CARER, ROLE_WORDS, SIBLING, Reading

#: Words naming a child or a member of a family.
FAMILY_WORDS = CHILD | FAMILY | MALE_CARER | SIBLING

#: The share of a query's meaningful words the answer must explain: EXPLAINED
#: for a short query, falling to LONG_EXPLAINED for one of LONG_QUERY words or
#: more (a pasted paragraph tells a story in words of its own, and a few of
#: them matching says more than in three).
EXPLAINED = 0.5
LONG_EXPLAINED = 0.3
#: A query about a child or a member of a family is about what scrbot is for;
#: whether the reviews cover it is then for the topic map to say, and the
#: answer need explain only this share of it.
FAMILY_EXPLAINED = 0.3
SHORT_QUERY = 4
LONG_QUERY = 8
#: What a word counts for, by where it matched in a top result.
NAME, SUMMARY, BODY = 1.0, 0.75, 0.5
#: A word the speller changed counts for this share of what it then matched:
#: the correction is a guess.
CORRECTED = 0.8
#: When a query names a topic the reviews do not cover, the rest of it must be
#: explained this well for the lookup to be answered.
OVERRULE_TOPIC = 0.75
#: How many of the best results are looked at.
TOP = 3
#: Hits on an item named this surely (or more) count as naming it.
NAMING = 0.8
#: The most nearby items offered with a declined lookup.
MAX_NEARBY = 2


@dataclass(frozen=True)
class TopicHit:
    """A phrase of the query naming a topic the reviews do not cover."""

    topic: UncoveredTopic
    stems: tuple[str, ...]


class TopicMap:
    """The uncovered topics' phrases (as stems), found in queries like names are."""

    def __init__(self, kb: Knowledge) -> None:
        self.phrases: dict[str, list[UncoveredTopic]] = {}
        #: Every word of every topic phrase: the speller leaves these alone.
        self.words: frozenset[str] = frozenset()
        found: set[str] = set()
        for topic in kb.uncovered.values():
            for alias in (topic.name, *topic.aliases):
                phrase = " ".join(stems(alias))
                if not phrase:
                    continue
                targets = self.phrases.setdefault(phrase, [])
                if topic not in targets:
                    targets.append(topic)
                found.update(words(alias))
        self.words = frozenset(found)
        self.longest = max((p.count(" ") + 1 for p in self.phrases), default=0)

    def find(self, terms: Sequence[str]) -> list[TopicHit]:
        """Topic phrases in ``terms`` (stems), longest first, none overlapping."""
        taken = [False] * len(terms)
        hits: list[TopicHit] = []
        for length in range(min(self.longest, len(terms)), 0, -1):
            for start in range(len(terms) - length + 1):
                if any(taken[start : start + length]):
                    continue
                phrase = " ".join(terms[start : start + length])
                for topic in self.phrases.get(phrase, ()):
                    hits.append(TopicHit(topic=topic, stems=tuple(terms[start : start + length])))
                    for index in range(start, start + length):
                        taken[index] = True
                    break
        return hits


@dataclass(frozen=True)
class Coverage:
    """The judgement on one lookup."""

    covered: bool
    #: The share of the query's meaningful words the answer explains (0 to 1).
    explained: float
    #: The uncovered topic the query names, when it was declined for it.
    topic: UncoveredTopic | None = None
    #: Keys of results worth offering as nearby learning when declined.
    nearby: tuple[str, ...] = ()


#: Where a stem matched in a document: its key and the stem -> NAME, SUMMARY, BODY or 0.
Evidence = Callable[[str, str], float]


def meaningful(plan: QueryPlan, reading: Reading) -> list[str]:
    """The query's stems that say what it is about (see the module docstring)."""
    # "non-molestation" is searched as "non", "molest" and "nonmolest": one word here.
    joined = {a + b for a, b in zip(plan.stems, plan.stems[1:], strict=False)}
    unique = [s for s in dict.fromkeys(plan.stems) if s not in joined]
    roles = ROLE_WORDS | MALE_CARER if reading.male_carer_risk else ROLE_WORDS
    found = [s for s in unique if s not in roles and s not in ASKING and not s.isdigit()]
    if found:
        return found
    # Nothing but role and asking words: then they are the topic ("dads").
    return [s for s in unique if s not in ASKING] or unique


def judge(
    plan: QueryPlan,
    reading: Reading,
    topics: TopicMap,
    ranked: Sequence[str],
    evidence: Evidence,
    lexicon_stems: Collection[str] = frozenset(),
) -> Coverage:
    """Whether the results ``ranked`` (keys, best first) answer ``plan``."""
    found = [
        hit
        for hit in topics.find(plan.stems)
        # "Dad bullies staff": the harm is the father's, not the topic of bullying.
        if not set(hit.stems) <= reading.risk_stems
    ]
    content = meaningful(plan, reading)
    if len(content) > 1:
        # Too short to correct and unknown ("hme"): a slip, not what it is about.
        keep = {s for hit in found for s in hit.stems} | set(lexicon_stems)
        content = [s for s in content if len(s) > 3 or s in keep] or content
    if not content or not ranked:
        return Coverage(covered=False, explained=0.0, topic=found[0].topic if found else None)
    topic_stems = {s for hit in found for s in hit.stems}
    rest = [s for s in content if s not in topic_stems]
    top = list(ranked[:TOP])
    named = _named_stems(plan.hits, topic_stems)
    # A father or partner as the source of harm is understood (index.roles): the
    # words relating him to it are what the learning on perpetrators is about.
    named |= reading.risk_stems
    corrected = {_stem_of(plan, word) for word in plan.corrections.values()}
    levels = {key: {term: _evidence(evidence, key, term) for term in rest} for key in top}
    scores = []
    for term in rest:
        score = (
            1.0 if term in named else max((_level(levels[key], term) for key in top), default=0.0)
        )
        if not score and term in INJURY:
            # "Skull fracture": an injury the knowledge does not name is still
            # explained by an answer about injuries, as one word of its class.
            score = min(SUMMARY, max(_class_level(evidence, key, INJURY) for key in top))
        if term in corrected:
            score *= CORRECTED
        scores.append(score)
    explained = sum(scores) / len(scores) if scores else 0.0
    if found:
        topic = found[0].topic
        about_topic = len(content) - len(rest)
        if about_topic >= len(rest) or explained < OVERRULE_TOPIC:
            return Coverage(covered=False, explained=explained, topic=topic)
    family = any(s in FAMILY_WORDS for s in plan.stems)
    bar = FAMILY_EXPLAINED if family else threshold(len(content))
    if explained >= bar or reading.male_carer_risk:
        # A father or partner harming, threatening or frightening: the reviews'
        # learning on domestic abuse and perpetrators is about exactly that.
        return Coverage(covered=True, explained=explained)
    if len(content) >= LONG_QUERY and named & set(rest) and _names_top(plan.hits, top):
        # A pasted paragraph that names one of the best results (a theme's
        # alias, a glossary term) is a case description the learning is about.
        return Coverage(covered=True, explained=explained)
    # Nearby only when its name holds at least half of what was asked.
    nearby = tuple(
        key for key in top if 2 * sum(levels[key][t] >= NAME for t in rest) >= len(rest)
    )[:MAX_NEARBY]
    return Coverage(covered=False, explained=explained, nearby=nearby)


def _evidence(evidence: Evidence, key: str, term: str) -> float:
    """Where ``term`` matched in ``key``, or its shorter form: Porter leaves
    "risky" as "riski", apart from "risk"."""
    found = evidence(key, term)
    if not found and term.endswith("i") and len(term) > 4:
        found = evidence(key, term[:-1])
    return found


def _class_level(evidence: Evidence, key: str, word_class: Collection[str]) -> float:
    """Where any word of ``word_class`` (stems) matched in ``key``."""
    return max((evidence(key, stem) for stem in word_class), default=0.0)


def _names_top(hits: Iterable[Hit], top: Sequence[str]) -> bool:
    """Whether the query names (surely) one of the best results."""
    return any(hit.strength >= NAMING and hit.key in top for hit in hits)


#: This many of the query's words found together in one document's body say
#: more than each alone: they count as summary words there.
TOGETHER = 3


def _level(levels: dict[str, float], term: str) -> float:
    """What ``term`` says about a document, given where each query word matched in
    it: one lone word of a name ("form" of "DASH form") says less than two
    words of it, so counts as a summary word; and several words of a description
    found together in a body ("GP accepted his explanation for the bruises")
    say more than one word there."""
    level = levels[term]
    if level >= NAME and sum(1 for found in levels.values() if found >= NAME) < 2:
        return SUMMARY
    if 0 < level < SUMMARY and sum(1 for found in levels.values() if found > 0) >= TOGETHER:
        return SUMMARY
    return level


def threshold(words: int) -> float:
    """The share of ``words`` meaningful words the answer must explain."""
    if words <= SHORT_QUERY:
        return EXPLAINED
    if words >= LONG_QUERY:
        return LONG_EXPLAINED
    step = (words - SHORT_QUERY) / (LONG_QUERY - SHORT_QUERY)
    return EXPLAINED - step * (EXPLAINED - LONG_EXPLAINED)


def _named_stems(hits: Iterable[Hit], topic_stems: set[str]) -> set[str]:
    """Stems of the query that name an item of the knowledge surely, leaving out a
    name inside a topic the reviews do not cover."""
    named: set[str] = set()
    for hit in hits:
        parts = set(hit.phrase.split())
        if hit.strength >= NAMING and not parts <= topic_stems:
            named |= parts
    return named


def _stem_of(plan: QueryPlan, word: str) -> str:
    found = stems(word)
    return found[0] if found else word
