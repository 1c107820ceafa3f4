"""Who is who in a query, and what they do to whom.

Practitioners describe people by role — "dad", "mum's partner", "the health
visitor", "the baby" — and a role word says little about what the query is
*about*: "dad" in "how do we engage dad?" is the topic (fathers), but in "the
children are frightened of dad" it is the person the harm comes from, and the
topic is domestic abuse. This module reads those roles and the relations
between them, from word classes rather than phrases:

* :data:`MALE_CARER`, :data:`CHILD`, :data:`FAMILY` and :data:`PROFESSIONAL`
  are the roles; together they are the *role words*, which are not evidence of
  a topic unless the query is nothing but them ("dads", "health visitor");
* :data:`HARM` (hurting, threatening, offending), :data:`CONTROL`, :data:`INJURY`
  (and its explanation) and :data:`FEAR` (being frightened of, intimidated by,
  silenced) are what can relate a person to harm;
* a male carer is the *source of harm* when, in the same sentence, a harm,
  injury or fear word is within a few words of him (or of "he/him/his" after
  him) — he hits, threatens or controls; someone is scared of, or intimidated
  by, him; he explains an injury. "Engage/involve/invite dad" relates him to
  nothing harmful, so stays a question about fathers.

Words are compared as Porter stems, so "threatened", "threatening" and
"threats" are one word here.

Example::

    >>> read("I feel intimidated by dad on visits").male_carer_risk
    True
    >>> read("how do we involve dad in the plan").male_carer_risk
    False
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh.lang.porter import stem as _porter

from index.analysis import STOP_WORDS, clean_text

#: Every word of every class below: words whose meaning is known here, which
#: the speller must never "correct" ("scared" is not a slip for "shared").
WORDS: set[str] = set()


def _stems(words: str) -> frozenset[str]:
    WORDS.update(words.split())
    return frozenset(_porter(word) for word in words.split())


#: Men in a child's household or family life.
MALE_CARER = _stems(
    """dad dads daddy father fathers stepdad stepdads stepfather stepfathers
    boyfriend boyfriends partner partners husband man male bloke"""
)
#: Children and young people.
CHILD = _stems(
    """child children kid kids baby babies infant infants toddler toddlers
    newborn boy boys girl girls son sons daughter daughters teenager
    teenagers teen teens youngster pupil pupils student students
    niece nephew grandchild"""
)
#: Brothers and sisters: children too, but what sibling abuse is about, so not
#: role words.
SIBLING = _stems("brother brothers sister sisters sibling siblings")
#: The other people in a family.
FAMILY = _stems(
    """mum mums mummy mother mothers mom parent parents carer carers
    stepmum stepmother grandparent grandparents nan gran grandma granddad
    grandad uncle aunt auntie family families household person people"""
)
#: The professionals practitioners name.
PROFESSIONAL = _stems(
    """gp gps doctor doctors nurse nurses midwife midwives paediatrician
    health visitor visitors hv teacher teachers school schools nursery
    social worker workers sw police officer officers practitioner
    practitioners professional professionals staff colleague colleagues
    agency agencies team teams service services"""
)
#: Asking and everyday words: they shape a question or a description but name
#: no topic (times, amounts, common verbs).
ASKING = _stems(
    """help advice guidance know need needs want wants think worried
    worry worries concern concerned concerns issue issues problem problems
    question questions something someone anyone thing things way ways
    feel feels felt get gets got getting go goes going gone say says said
    tell told see seen saw look looking find found best good bad really
    still keep keeps kept also like case support come comes came coming
    back make makes made take takes took taken give gives gave show shows
    showing seem seems seemed use using put let lets try trying want
    work works working worked
    year years old month months week weeks day days time times today
    yesterday tomorrow morning evening night ever never always every
    often sometimes again already since yet last first next lot lots many
    much several few new nothing everything anything everyone other
    another one two three four five six seven eight nine ten dont doesnt
    didnt cant wont isnt im ive hes shes theyre whats"""
)
#: Hurting, threatening, controlling and offending.
HARM = _stems(
    """hit hits hitting beat beats beating beaten punch punches punched
    punching kick kicks kicked slap slapped hurt hurts hurting harm harms
    harmed harming strangle strangled strangling choke choked throttle
    shake shook shaking push pushed shove grab grabbed throw throws threw
    throwing smash smashed kill kills killed stab stabbed assault assaulted
    attack attacked abuse abused abuses abusing abusive rape raped touch
    touches touching touched batter battered bite burn burned burnt
    threaten threatens threatened threatening threat threats intimidate
    intimidates intimidating bully bullies bullying frighten frightens
    terrorise stalk stalks stalking violent violence aggressive aggression hostile
    angry rage shout shouts shouting scream screams convicted conviction
    convictions offender offenders offence offences offending molestation
    injunction"""
)
#: Controlling someone: what coercive control is made of.
CONTROL = _stems(
    """control controls controlled controlling coerce coercive coercion
    isolate isolates isolated isolating track tracks tracking monitor
    monitors pressure pressures pressuring pressurising force forces forced
    stop stops stopped prevent prevents forbid forbids refuse refuses
    refused lock locks locked manipulate manipulates manipulative"""
)
#: Injuries, and their explanation.
INJURY = _stems(
    """bruise bruises bruised bruising injury injuries injured mark marks
    fracture fractures fractured broken break burn burns bleed bleeding
    cut cuts wound wounds explanation explanations explained explain
    explains"""
)
#: Being frightened of someone, or silenced by them.
FEAR = _stems(
    """scared frightened afraid terrified fear fears fearful intimidated
    wary nervous petrified silenced flinch flinches flinched flinching cower
    cowers cowering"""
)
#: Negation before speech ("won't talk": a child silenced) or before letting
#: ("won't let her", "not allowed": control).
_NEGATION = frozenset("wont dont cant doesnt didnt refuse refuses never not".split())
_SPEECH = _stems("talk speak say tell let lets allow allowed allows")
#: "He", "him": the man named before, wherever he was named in the sentence.
_PRONOUNS = frozenset("he him hes hed".split())
#: "His": the last person named ("the boy ... his dad" is the boy's).
_POSSESSIVE = "his"
#: Role words, which say who, not what about. (A father is what a query is
#: about — the learning on engaging fathers — unless he is the source of harm.)
ROLE_WORDS = CHILD | FAMILY | PROFESSIONAL
#: How many words (not counting filler) apart a person and a harm may be.
WINDOW = 5

_SENTENCE = re.compile(r"[.!?;\n]+")


@dataclass(frozen=True)
class Reading:
    """What :func:`read` found in a query."""

    #: A father, stepfather or partner is the source of harm, threat or fear.
    male_carer_risk: bool = False
    #: The harm, injury and fear words that relate him to it (stems).
    risk_stems: frozenset[str] = frozenset()


def sentences(text: object) -> list[list[str]]:
    """The query's sentences, each as its cleaned words (filler kept)."""
    raw = text if isinstance(text, str) else str(text or "")
    return [words for part in _SENTENCE.split(raw) if (words := clean_text(part).split())]


@functools.lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The Porter stem of one clean word (remembered: the same words recur)."""
    return str(_porter(word))


def read(text: object) -> Reading:
    """The roles in ``text`` and whether a male carer is the source of harm."""
    risk: set[str] = set()
    for words in sentences(text):
        risk.update(_male_carer_harm(words))
    return Reading(male_carer_risk=bool(risk), risk_stems=frozenset(risk))


def _male_carer_harm(words: list[str]) -> Iterable[str]:
    """The harm words related, in one sentence, to a male carer (or "he" after one)."""
    stems = [stem(word) for word in words]
    # Where the male carers are: named, or "he/him/his" once one has been named
    # and no child was named since (then "his" is the child's).
    people: list[int] = []
    last: str | None = None
    for index, (word, stemmed) in enumerate(zip(words, stems, strict=True)):
        if stemmed in MALE_CARER and not _possessed_by_child(words, index):
            people.append(index)
            last = "carer"
        elif stemmed in CHILD:
            last = "child"
        elif (word in _PRONOUNS and people) or (word == _POSSESSIVE and last == "carer"):
            people.append(index)
    if not people:
        return ()
    # Distances count meaningful words only, so "the father of the baby is a
    # registered sex offender" relates "father" to "offender".
    position: list[int] = []
    count = 0
    for word in words:
        position.append(count)
        if word not in STOP_WORDS:
            count += 1
    found: set[str] = set()
    for index, stemmed in enumerate(stems):
        harmful = stemmed in HARM or stemmed in CONTROL or stemmed in INJURY or stemmed in FEAR
        if not harmful and stemmed in _SPEECH and index and words[index - 1] in _NEGATION:
            harmful = True
        if not harmful or stemmed in MALE_CARER:
            continue
        if any(abs(position[index] - position[person]) <= WINDOW for person in people):
            found.add(stemmed)
    return found


def _possessed_by_child(words: list[str], index: int) -> bool:
    """Whether the word at ``index`` is a child's partner or boyfriend ("her
    boyfriend" after "girl" is still a male carer to the girl, so this only
    catches a professional's partner agency: "partner agencies")."""
    following = words[index + 1] if index + 1 < len(words) else ""
    return stem(following) in PROFESSIONAL
