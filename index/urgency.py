"""Does a query describe a child in danger now?

A lookup is for learning, but sometimes what is typed is a child at risk this
minute: "she's just told me her stepdad hits her and she's scared to go home
tonight". Then the answer must lead with what to do now (999, or the local
front door) before any learning. Three things together make a query urgent,
each read from word classes (:mod:`index.roles`) and the shape of the
sentence, not from phrases:

1. **a particular child** — "the baby", "a pupil", "my student", "her son",
   "the 6 year old", "year 9 girl"; not children in general ("disabled
   children are more vulnerable"), which is a question about practice;
2. **harm, threat, injury, fear or a disclosure** — hits, threatens, bruise,
   burn, scared to go home, disclosed, overdose, left alone, locked in;
3. **now** — a time that is now or imminent ("tonight", "right now", "this
   morning", "just", "next week"), or the present tense of someone describing
   what is happening ("is refusing", "says", "has a bruise", "won't say"),
   unless the sentence is framed as a general question ("signs a child is
   being abused", "how do children tell").

What is typed is never logged or kept here; only the answer (a boolean) leaves.

Example::

    >>> is_urgent("a child has just told me her stepdad hits her")
    True
    >>> is_urgent("signs a child is being sexually abused")
    False
"""

from __future__ import annotations

import re

from index.roles import CHILD, FEAR, HARM, INJURY, SIBLING, sentences, stem

#: Words for danger to a child beyond harm, injury and fear (all as stems).
DANGER = frozenset(
    stem(word)
    for word in """disclose disclosed disclosing disclosure overdose overdosed unconscious
    floppy breathing alone abandoned abroad weapon knife suicidal lock locks
    locked""".split()
)
#: Injuries named in two words.
INJURY_PAIRS = frozenset("black:eye cut:lip split:lip head:injury bite:marks".split())
#: Times that are now or about to be.
NOW = frozenset(
    """now tonight today currently immediately just outside tomorrow
    overnight""".split()
)
#: Two-word times: "this morning", "next week", "right now", "at the moment".
NOW_PAIRS = frozenset(
    """this:morning this:afternoon this:evening this:week next:week right:now
    at:moment last:night at:weekend this:weekend go:home going:home
    gets:home get:home""".split()
)
#: The present tense of someone describing what is happening.
PRESENT = frozenset(
    """is are am isnt arent has have hasnt says say tells tell keeps keep
    wont doesnt dont cant refuses refusing""".split()
)
#: How a general question about practice starts.
GENERAL = frozenset(
    """how what why when which where signs sign indicators learning guidance
    should could can does do is are example examples research training
    policy""".split()
)
#: Determiners that make a child word about a particular child.
_PARTICULAR = frozenset("a an the this my our her his their one".split())
_AGE = re.compile(r"^\d{1,2}$")


def is_urgent(text: object) -> bool:
    """Whether ``text`` describes a particular child in danger now."""
    parts = sentences(text)
    if any(_urgent_sentence(words) for words in parts):
        return True
    # A child named in one sentence and the danger in the next is still urgent.
    return len(parts) > 1 and _urgent_sentence([word for part in parts for word in part])


def _urgent_sentence(words: list[str]) -> bool:
    stems = [stem(word) for word in words]
    if not _particular_child(words, stems):
        return False
    pairs = {f"{a}:{b}" for a, b in zip(words, words[1:], strict=False)}
    danger = (
        any(s in HARM or s in INJURY or s in FEAR or s in DANGER for s in stems)
        or bool(pairs & INJURY_PAIRS)
        or _left_alone(stems)
    )
    if not danger:
        return False
    if any(word in NOW for word in words) or pairs & NOW_PAIRS:
        return True
    general = words[0] in GENERAL
    return not general and any(word in PRESENT for word in words)


def _particular_child(words: list[str], stems: list[str]) -> bool:
    """A child word that names one child (or these children): a determiner or an
    age before it, singular without one, or a possessive ("mum's kids")."""
    for index, stemmed in enumerate(stems):
        is_child = (
            stemmed in CHILD
            or stemmed in SIBLING
            or (words[index] == "old" and index >= 2 and words[index - 1] == "year")
        )
        little_one = words[index] == "one" and index and words[index - 1] == "little"
        if not (is_child or little_one):
            continue
        before = words[index - 1] if index else ""
        if before in _PARTICULAR or before.endswith("s") and before not in ("is", "was"):
            return True
        if _AGE.match(before) or (index >= 2 and words[index - 2] == "year"):
            return True
        if little_one or words[index] in ("year", "old"):
            return True
        # A singular child word without a determiner ("child is refusing ...",
        # "toddler left alone"), not a plural ("children are more vulnerable").
        if not (words[index].endswith("s") or words[index] == "children"):
            return True
    return False


def _left_alone(stems: list[str]) -> bool:
    return "left" in stems and "alon" in stems
