"""Reflective questions put as practice points, for the editor to finish.

A briefing with no recommendations of its own often asks its practice of the
reader as questions ("How can you ensure that children are seen?"). Where a
question's grammar says plainly what it asks of the reader, it is turned round
into the practice point it implies; the question itself stays beside it as the
source's words. A question whose grammar does not say so ("What helps
practitioners work together?") is left a question.
"""

from __future__ import annotations

import re

_YOU = r"(?:you|we|practitioners|professionals|workers|staff|agencies)"

#: "How can you ensure that …?" -> "Ensure that …".
_HOW_CAN = re.compile(
    rf"^(?P<before>.*?\b)?how (?:can|could|do|might|would|should) {_YOU} (?:best )?"
    r"(?P<rest>[a-z].*)$",
    re.I,
)
#: "How can supervision help you to stay focused?" -> "Use supervision to help you stay focused".
_HOW_CAN_HELP = re.compile(
    r"^how (?:can|could|does|do|might) (?P<means>(?!you\b|we\b)[\w'’ ,/-]{3,80}?) help "
    r"(?P<rest>[a-z].*)$",
    re.I,
)
#: "What further action do you take if …?" -> "Be clear what further action you take if …".
_WHAT_DO = re.compile(
    rf"^(?P<before>.*?\b)?(?P<what>what|which)(?P<thing>(?: [\w'’/-]+){{1,6}}?) "
    rf"(?:do|would|should|can) (?P<who>{_YOU}) (?P<rest>[a-z].*)$",
    re.I,
)
#: "Do agency assessments accurately describe …?" -> "Make sure agency assessments
#: accurately describe …". Only "Do": its verb is already in the form the point needs.
_DO = re.compile(r"^do (?P<rest>(?!you\b)[a-z].*)$", re.I)
#: "What is your understanding of …?" -> "Build your understanding of …".
_UNDERSTANDING = re.compile(r"^what is (?P<whose>your|our) understanding of (?P<rest>.+)$", re.I)


def _sentence(text: str) -> str:
    text = text.strip().rstrip("?").strip()
    return text[:1].upper() + text[1:] + "."


def _you(who: str) -> str:
    return {"we": "we", "you": "you"}.get(who.lower(), who.lower())


def practice_point(question: str) -> str | None:
    """The practice point a reflective question asks of the reader, or None.

    ``"How can you ensure that children are seen?"`` -> ``"Ensure that children are seen."``
    """
    text = " ".join(question.split())
    if not text.endswith("?") or text.count("?") > 1:
        return None
    body = text[:-1].rstrip()
    match = _UNDERSTANDING.match(body)
    if match:
        return _sentence(f"build {match.group('whose').lower()} understanding of {match['rest']}")
    match = _HOW_CAN.match(body)
    if match and not re.match(r"(?:is|are|was|were)\b", match["rest"], re.I):
        before = (match.group("before") or "").strip().rstrip(",")
        if before and not before.lower().startswith(("if ", "when ", "where ")):
            return None
        point = match["rest"]
        return _sentence(f"{before}, {point}" if before else point)
    match = _HOW_CAN_HELP.match(body)
    if match:
        means = match["means"].strip().rstrip(",")
        return _sentence(f"use {means} to help {match['rest']}")
    match = _WHAT_DO.match(body)
    if match and not (match.group("before") or "").strip():
        thing = match["thing"].strip()
        head = f"{match['what'].lower()} {thing}".strip()
        return _sentence(f"be clear {head} {_you(match['who'])} {match['rest']}")
    match = _DO.match(body)
    if match:
        return _sentence(f"make sure {match['rest']}")
    return None
