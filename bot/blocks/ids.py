"""The action, callback and block ids scrbot's blocks carry and its listeners match on."""

from __future__ import annotations

import re

# --- Lookups, search and related learning ---

ACTION_SHOW = "show"
ACTION_OPEN_CASE = "open_case"
ACTION_MORE_QUESTIONS = "more_questions"
ACTION_SHARE = "share"
ACTION_DISCUSS = "discuss"
ACTION_PICK_THEME = "pick_theme"
ACTION_ANOTHER_QUESTION = "another_question"
ACTION_SEARCH_FOR = "search_for"
ACTION_OPEN_SEARCH = "open_search"
CALLBACK_SEARCH = "search"
#: Helpful / not helpful on an answer: native feedback buttons or ordinary ones.
ACTION_FEEDBACK = "feedback"
#: "What were you looking for?" after "not helpful".
CALLBACK_FEEDBACK = "feedback_looking_for"
FEEDBACK_BLOCK = "looking_for"
FEEDBACK_INPUT = "looking_for"
CALLBACK_RELATED = "related_learning"
SEARCH_BLOCK = "query"
SEARCH_INPUT = "query"


def action_pattern(action_id: str) -> re.Pattern[str]:
    """Matches ``action_id`` and the numbered copies :func:`actions` makes of it."""
    return re.compile(rf"^{re.escape(action_id)}(#\d+)?$")


# --- Supervision and team discussions ---

ACTION_DISCUSSION_SUBJECT = "discussion_subject"
ACTION_NEXT_QUESTION = "next_question"
ACTION_MARK_HELD = "mark_held"
CALLBACK_DISCUSSION = "discussion_start"
CALLBACK_HELD = "discussion_held"
#: Block ids of the inputs (each input's action id is the same as its block id).
DISCUSSION_SUBJECT_BLOCK = ACTION_DISCUSSION_SUBJECT
#: The questions block's id ends with the subject, so a new subject starts fresh ticks.
DISCUSSION_QUESTIONS_BLOCK = "discussion_questions"
DISCUSSION_FORMAT_BLOCK = "discussion_format"
DISCUSSION_PACE_BLOCK = "discussion_pace"
DISCUSSION_WHERE_BLOCK = "discussion_where"
DISCUSSION_CHANNEL_BLOCK = "discussion_channel"
HELD_DATE_BLOCK = "held_date"
HELD_FORMAT_BLOCK = "held_format"
HELD_PEOPLE_BLOCK = "held_people"
HELD_ACTIONS_BLOCK = "held_actions"
WHERE_DM, WHERE_CHANNEL = "dm", "channel"
PACE_ONE, PACE_ALL = "one", "all"
