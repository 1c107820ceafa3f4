"""Knowing the edge of the knowledge: coverage, urgency and who is the risk.

Queries here are plainly fictional and, on purpose, not the evaluation set's
(benchmarks/eval_set.yaml), so these check the behaviour, not the tuning.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.engine import LookupEngine
from index.knowledge import load_knowledge
from index.roles import read
from index.urgency import is_urgent
from index.validation import KnowledgeError
from tests.search_support import real_engine

__all__ = ["real_engine"]

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


# --- coverage ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("FGM protection order", "female-genital-mutilation"),
        ("worried about radicalised teenager", "radicalisation"),
        ("private foster carer not registered", "private-fostering"),
        ("referral to the LADO", "allegations-against-staff"),
        ("grooming online through a game", "online-abuse"),
        ("munchausen by proxy", "fabricated-induced-illness"),
        ("young carers assessment", "young-carers"),
    ],
)
def test_a_topic_the_reviews_do_not_cover_is_declined_with_its_guidance(
    real_engine: LookupEngine, typed: str, topic: str
) -> None:
    response = real_engine.search(typed)
    assert not response.covered and response.results == ()
    assert response.topic is not None and response.topic.id == topic
    assert response.topic.guidance
    assert any("nspcc" in place.id for place in response.signposts)


@pytest.mark.parametrize(
    "typed",
    ["photocopier jammed again", "annual leave request", "canteen opening hours", "case k"],
)
def test_everyday_queries_are_declined(real_engine: LookupEngine, typed: str) -> None:
    response = real_engine.search(typed)
    assert not response.covered
    assert response.topic is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("disguised compliance", "theme:disguised-compliance"),
        ("CSE", "glossary:cse"),
        ("what is a strategy discussion", "glossary:strategy-discussion"),
        ("case z", "case:case-z"),
        ("family keep cancelling home visits and say everything is fine", None),
    ],
)
def test_what_the_reviews_cover_is_answered(
    real_engine: LookupEngine, typed: str, expected: str | None
) -> None:
    response = real_engine.search(typed)
    assert response.covered and response.top is not None
    if expected:
        assert f"{response.top.kind}:{response.top.id}" == expected


def test_a_name_inside_a_topic_does_not_count_for_the_knowledge(
    real_engine: LookupEngine,
) -> None:
    # "grooming" is in the glossary (grooming professionals); online grooming is not.
    assert real_engine.search("grooming").covered
    assert not real_engine.search("online grooming").covered


def test_nearby_learning_is_offered_only_where_the_reviews_touch_the_topic(
    real_engine: LookupEngine,
) -> None:
    response = real_engine.search("self-harm")
    assert [n.id for n in response.nearby] == ["missing-episodes"]
    assert response.nearby[0].because
    assert real_engine.search("breast ironing").nearby == ()


def test_the_json_says_covered_and_urgent(real_engine: LookupEngine) -> None:
    data = json.loads(json.dumps(real_engine.search("forced marriage").to_json()))
    assert data["covered"] is False and data["urgent"] is False
    assert data["not_covered"]["topic"] == "forced marriage"
    assert data["results"] == []
    covered = real_engine.search("neglect").to_json()
    assert covered["covered"] is True and covered["not_covered"] is None


# --- who is the risk --------------------------------------------------------------

RISK_THEMES = {
    "domestic-abuse",
    "understanding-perpetrators",
    "challenging-families",
    "professional-curiosity",
    "supervision-and-challenge",
    "escalation",
}


@pytest.mark.parametrize(
    "typed",
    [
        "stepfather kicked the dog and threatened the boys",
        "the toddler flinches whenever her dad walks in",
        "mum is terrified of her boyfriend",
        "partner checks her phone and won't let her see friends",
        "father was convicted of assault on his ex",
        # A name for him that is not only role words ("new partner") is still who
        # the harm comes from, not the topic.
        "her new partner screams at the kids",
    ],
)
def test_a_father_as_the_source_of_harm_ranks_harm_above_engaging_fathers(
    real_engine: LookupEngine, typed: str
) -> None:
    response = real_engine.search(typed)
    assert response.covered
    for result in response.results[:3]:
        if result.kind == "theme" and result.id in RISK_THEMES:
            break
        assert (result.kind, result.id) != ("theme", "engaging-fathers"), typed
    else:
        pytest.fail(f"no learning on harm in the top 3 for {typed!r}")


@pytest.mark.parametrize(
    ("typed", "risk"),
    [
        ("I feel threatened by the stepdad", True),
        ("the kids go quiet when their father comes home", False),
        ("children say he hits them, mum's partner denies it", True),
        ("dad explained the burn as an accident with the iron", True),
        ("how do we involve dad in planning", False),
        ("inviting the father to the core group", False),
        ("dad is a good support to mum", False),
        ("partner agencies shared the plan", False),
    ],
)
def test_roles_and_their_relations(typed: str, risk: bool) -> None:
    assert read(typed).male_carer_risk is risk


def test_role_words_in_a_long_paste_do_not_outrank_its_theme(real_engine: LookupEngine) -> None:
    pasted = (
        "The health visitor and the GP both saw the baby several times; the flat was cold, "
        "there was no food in the cupboards, the baby had a nappy rash that was not treated "
        "and appointments were repeatedly missed"
    )
    top = real_engine.search(pasted).top
    assert top is not None and top.id == "chronic-neglect"


# --- urgency ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "the boy in year 4 says his stepmum burns him with cigarettes",
        "a girl in my group has bruises on her neck today",
        "toddler has a head injury and dad won't say what happened",
        "she told me tonight that her brother is hurting her",
        "pupil is too scared to go home because of mum's partner",
        "the baby is not breathing properly after a fall",
    ],
)
def test_a_child_in_danger_now_is_urgent(typed: str) -> None:
    assert is_urgent(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "signs a child is being physically abused",
        "how do children disclose abuse",
        "children who witness domestic abuse are harmed",
        "bruising in non-mobile babies",
        "learning on injuries to babies",
        "chronic neglect",
        "the mother was hit by her partner in 2019",
    ],
)
def test_learning_about_harm_is_not_urgent(typed: str) -> None:
    assert not is_urgent(typed)


def test_urgent_lookups_still_answer(real_engine: LookupEngine) -> None:
    response = real_engine.search("the baby has a bruise on her ear this morning")
    assert response.urgent and response.covered


# --- the signposts file -----------------------------------------------------------


def test_the_signposts_load(tmp_path: Path) -> None:
    kb = load_knowledge(KNOWLEDGE)
    assert len(kb.uncovered) >= 20
    assert all(topic.guidance and topic.aliases for topic in kb.uncovered.values())
    assert all(n.theme_id in kb.themes for t in kb.uncovered.values() for n in t.nearby)


def test_a_topic_the_knowledge_covers_cannot_be_listed_as_not_covered(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    signposts = folder / "signposts.yaml"
    text = signposts.read_text(encoding="utf-8")
    signposts.write_text(text.replace("aliases: [FGM,", "aliases: [CSE, FGM,", 1), "utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(folder)
    assert "'CSE' also names" in str(error.value)


@pytest.mark.parametrize("typed", ["skull fracture in an infant", "fractured skull, baby"])
def test_an_injury_the_knowledge_does_not_name_is_answered_by_the_learning_on_injuries(
    real_engine: LookupEngine, typed: str
) -> None:
    # Neither word is in the knowledge, and neither is "corrected" into one that is
    # ("skull" is not a slip for "skill"): the injury class explains "fracture".
    response = real_engine.search(typed)
    assert response.covered and not response.did_you_mean
    titles = [result.title for result in response.results[:3]]
    assert "Non-accidental injury and abusive head trauma in babies" in titles
