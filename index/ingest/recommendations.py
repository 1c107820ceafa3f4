"""Recognising recommendations by the source's structure.

Three shapes, in the order they are trusted:

1. **Labels**: "Recommendation 3a: The Board should …" (or a label alone, with
   the words in the paragraph or list below it). When a document labels its
   recommendations, only labelled text is one.
2. **Recommendation sections**: under a heading naming recommendations, each list
   item is one, and each paragraph that asks for something ("should", "to
   assure", "is recommended"); a lead-in ("Children's Services: to assure the
   Board that") is not one itself but names the items under it.
3. **Practice guidance**, only when a document has neither: sentences that ask
   something of practitioners or agencies ("Practitioners should …", "It is
   essential that …"), and list items introduced as recommended or good practice.

Never a recommendation: a contents-page line (removed before this), the
decision to hold a review ("it was recommended to the Chair that the case met
the criteria"), or a sentence saying none was made.
"""

from __future__ import annotations

import re

_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
LABEL = re.compile(
    r"^\s*(?:recommendation|rec\.?)\s+(\d{1,2}(?:\.\d{1,2})?[a-z]?|[ivx]{1,5}|[a-z]|"
    + _NUMBER_WORDS
    + r")\b\s*[.:\-–—)]?\s*(.*)$",
    re.I | re.S,
)
#: A recommendation put as an instruction: "Ensure that …", "That the Board seeks …",
#: "Children's Services: review …".
IMPERATIVE = re.compile(
    r"^(?:[A-Z][^:]{1,60}:\s*)?(?:that (?:the|all|each|every|[A-Z])|(?:ensure|review|develop|"
    r"consider|establish|provide|improve|promote|strengthen|undertake|share|raise|seek|audit|"
    r"evaluate|implement|update|agree|embed|monitor|clarify|identify|explore|make sure|"
    r"commission|publish|disseminate|introduce|reinforce|revise|refresh|support|train|assure|"
    r"work with|set up|create|extend|invest)\b)",
    re.I,
)

#: Words that ask something of someone.
DIRECTIVE = re.compile(
    r"\b(?:should|must|shall|ought to|needs? to|(?:is|are) (?:asked|required|expected|invited|"
    r"encouraged) to|to (?:assure|ensure|review|consider|develop|report|advise|seek|provide|"
    r"evaluate|establish|agree|audit|promote|raise|strengthen|update|implement|commission|"
    r"undertake|make sure|take action|set out|publish|share|embed|disseminate|monitor|explore|"
    r"reconsider|refresh|revise|identify|strengthen|give|clarify|assess)|recommends?\b|"
    r"(?:is|are|was|were) recommended|recommend(?:ed)? that|will (?:need|ensure|review|develop))",
    re.I,
)

#: Guidance in running prose, for documents with no recommendations as such.
GUIDANCE = re.compile(
    r"\b(?:should|must|need(?:s)? to|it is (?:essential|important|vital|critical|crucial|"
    r"necessary) (?:that|to|for)|there is a (?:clear )?need (?:for|to)|is (?:essential|critical|"
    r"vital) (?:to|for|in)|is recommended|are recommended|recommend(?:s|ed)? that|"
    r"the following is recommended|"
    r"(?:is|was|are|were) a (?:clear |real |continuing )?need (?:for|to)|"
    r"(?:highlight|raise|underline|reinforce)(?:s|d|ed)? the (?:need|importance))\b",
    re.I,
)

#: A list item put as an instruction to the reader: "Be clear about …", "Identify
#: dangers to the children", "always try to see …", "remain diligent …".
INSTRUCTION = re.compile(
    r"^(?:always |never |do not |don't |please )?(?:be|recognise|recognize|encourage|identify|"
    r"formulate|assume|ask|check|listen|record|keep|use|think|talk|challenge|escalate|follow|"
    r"remember|seek|make|look|stay|remain|avoid|involve|see|take|treat|try|speak|engage|"
    r"include|consider|ensure|share|refer|plan|act|question|explore|document|notice|focus|"
    r"maintain|build|help|offer|give|tell|explain|find|know|learn|read|reflect|respond|report|"
    r"work|visit|observe|test|verify|contact|attend|invite|understand|hear|note)\b",
    re.I,
)

#: A lead-in whose list is guidance: "the following is recommended", "good
#: practice included:", "professionals can improve the chances ... by:".
GUIDANCE_LEAD_IN = re.compile(
    r"recommend|good practice|should|must|\bneed|guidance|practice (?:which|that) includes"
    r"|learning (?:from|in) this|learning includes|other learning|improve|"
    r"(?:steps|principles|expectations|requirements)\b|"
    r"\b(?:practitioners|professionals|workers|staff|agencies|managers):?$",
    re.I,
)

#: What is never a recommendation, whatever its words.
NOT_A_RECOMMENDATION = re.compile(
    r"recommended to the (?:chair|panel|board|partnership|independent)|(?:met|meets|meet) the "
    r"criteria|criteria (?:for|of) (?:a|an|the) |decided to (?:commission|undertake|hold)|"
    r"no (?:specific |further )?recommendations? (?:is|are|was|were|has|have) (?:been )?made|"
    r"recommendations? (?:was|were|have been|had been) (?:not )?(?:implemented|made|accepted)|"
    r"this presentation|this report (?:sets|will set) out|"
    r"^(?:these|the|this review's|the review's|our|its|all) recommendations\b|"
    r"^the (?:review|panel|report|author)s? (?:makes?|made|has made) \w+ recommendations",
    re.I,
)

#: A paragraph that introduces recommendations wherever it stands: "Recommendations
#: include:", "The review recommends that:", "The following recommendations were made:".
INTRODUCES = re.compile(
    r"^(?:the )?(?:key |main |following |its )?recommendations?\b[^.;]{0,60}?"
    r"(?:include|includes|are|were|made|:)|^the (?:review|report|panel|author)s? "
    r"(?:recommends?|recommended|makes? the following recommendations"
    r"|(?:makes?|made|has made)\b[^.:;]{0,40}\brecommendations?\b[^.:;]{0,40}:)",
    re.I,
)

#: A report's paragraph number: "5.3 Children's Services should …" -> "5.3".
PARAGRAPH_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,2})\.?\s+(?=\S)")

#: "Norfolk Constabulary: to assure the Board that" -> "Norfolk Constabulary".
_WHO = re.compile(r"^([A-Z][^:]{1,80}?)\s*:\s+(?=\S)")


def inline_list(text: str) -> list[str]:
    """The recommendations a paragraph (or a sentence of one) lists after its
    introduction, separated by semicolons: "Recommendations include: ensure …;
    develop …; and review …", "The review makes five recommendations, including:
    …; …"."""
    if not INTRODUCES.match(text) or ":" not in text:
        return []
    listed = text.split(":", 1)[1]
    clauses = [c.strip() for c in listed.split(";")]
    clauses = [re.sub(r"^(?:and|or)\s+", "", c).strip() for c in clauses if c.strip()]
    if len(clauses) < 2 or any(len(c.split()) < 3 for c in clauses):
        return []
    return clauses


def label_of(text: str) -> tuple[str, str] | None:
    """``"Recommendation 3a: NSCB should …"`` -> ``("3a", "NSCB should …")``."""
    match = LABEL.match(text)
    if not match:
        return None
    return match.group(1), match.group(2).strip()


def is_directive(text: str) -> bool:
    """Whether a paragraph in a recommendations section asks for something."""
    asks = DIRECTIVE.search(text) or IMPERATIVE.match(text)
    return bool(asks) and not NOT_A_RECOMMENDATION.search(text)


def is_list_recommendation(text: str) -> bool:
    """Whether a list item under a recommendations heading is one: anything but a
    bare name ("Police") or a statement about the recommendations themselves."""
    return len(text.split()) >= 2 and not NOT_A_RECOMMENDATION.search(text)


#: Hindsight, not guidance: "Professionals should have asked who lived there."
HINDSIGHT = re.compile(
    r"\b(?:should|must|ought to|needs? to|needed to) have (?:been|had|known|seen|taken|made|"
    r"done|given|told|thought|sought|brought|[a-z]+ed)\b",
    re.I,
)


def is_guidance(sentence: str) -> bool:
    """Whether a sentence of running prose is practice guidance (not hindsight about
    what should have happened in the case)."""
    asks = GUIDANCE.search(HINDSIGHT.sub(" ", sentence))
    return bool(asks) and not NOT_A_RECOMMENDATION.search(sentence)


def is_guidance_item(text: str) -> bool:
    """Whether a list item in a document of practice guidance is guidance: it asks
    something of someone, or it is an instruction to the reader."""
    if NOT_A_RECOMMENDATION.search(text):
        return False
    return is_guidance(text) or bool(IMPERATIVE.match(text) or INSTRUCTION.match(text))


def topic_of(text: str) -> str | None:
    """A list item under a recommendations heading that names a topic rather than
    asking for something ("Managing case transfers", "CSA training"): the topic, to
    be drafted as "Recommendations on …"."""
    stripped = text.strip().rstrip(".")
    if (
        len(stripped.split()) > 10
        or re.search(r"[.;?!]", stripped)
        or DIRECTIVE.search(stripped)
        or IMPERATIVE.match(stripped)
    ):
        return None
    return stripped


def is_lead_in(text: str) -> bool:
    """A paragraph that introduces the list after it ("… to assure the Board that")."""
    stripped = text.rstrip()
    if stripped.endswith((":", ";", "—", "-", "–")):
        return True
    if re.search(r"\bfollowing(?:\s+[\w-]+){0,2}$", stripped, re.I):
        return True
    last = re.findall(r"[A-Za-z]+", stripped)[-1:]
    return bool(last) and last[0].lower() in {
        "that", "to", "of", "and", "include", "includes", "including", "are", "were", "by",
        "following", "the", "for", "in",
    }  # fmt: skip


def paragraph_number(text: str) -> str | None:
    """The paragraph number a report puts before a paragraph ("5.3"), if any."""
    match = PARAGRAPH_NUMBER.match(text)
    return match.group(1) if match else None


def who_of(text: str) -> str | None:
    """The agency a recommendation or lead-in names before a colon, if it does."""
    match = _WHO.match(text)
    if not match:
        return None
    who = match.group(1).strip()
    if len(who.split()) > 9 or re.search(r"\d{4}", who) or LABEL.match(who + " 1"):
        return None
    return who
