"""Supervision and team discussions: the packs, *Start a discussion* and *Mark as held*."""

from __future__ import annotations

# --- Supervision and team-meeting packs ---------------------------------------------

PACK_SUBTITLE = "{format} · about {minutes} minutes"
PACK_MINUTES = "{minutes} min"
PACK_HOW_TO_USE = "How to use it:"
PACK_BORROWED = "(from {where})"
PACK_RELATED = "Related themes for another session: {themes}"
PACK_SOURCES = "Sources"
PACK_NO_QUESTIONS = "No questions were chosen for this discussion."

# --- Starting a discussion from a pack -------------------------------------------------

DISCUSS_MODAL_TITLE = "Start a discussion"
DISCUSS_SUBMIT = "Post"
DISCUSS_CANCEL = "Cancel"
DISCUSS_INTRO = (
    "A ready-made pack from the reviews, in a familiar order: what happened, why it "
    "matters, what good practice looks like, questions to discuss, and three closing "
    "questions on embedding the learning. Every part says where it comes from."
)
DISCUSS_SUBJECT_LABEL = "Theme or case"
DISCUSS_SUBJECT_PLACEHOLDER = "Choose a theme or case"
DISCUSS_THEMES_GROUP = "Themes"
DISCUSS_CASES_GROUP = "Cases"
DISCUSS_CHOOSE_FIRST = "Choose a theme or case above to see its questions."
DISCUSS_FORMAT_LABEL = "Format"
DISCUSS_FORMAT_OPTION = "{name} (about {minutes} minutes)"
DISCUSS_QUESTIONS_INTRO = "*Questions on {title}, from understanding to practice*\n{questions}"
DISCUSS_QUESTION_LINE = "{number}. _{level}:_ {text}{where}"
DISCUSS_QUESTION_WHERE = " _(from {where})_"
DISCUSS_QUESTIONS_LABEL = "Questions to use"
DISCUSS_QUESTIONS_HINT = (
    "The ticked ones are suggested: three to five, from understanding to practice. "
    "Tick or untick any; the full wording is above."
)
DISCUSS_QUESTION_OPTION = "{number}. {text}"
DISCUSS_WHERE_LABEL = "Where to post it"
DISCUSS_WHERE_DM = "A direct message to me"
DISCUSS_WHERE_CHANNEL = "The channel below (I need to be a member)"
DISCUSS_CHANNEL_LABEL = "Channel"
DISCUSS_CHANNEL_PLACEHOLDER = "Choose a channel"
DISCUSS_CHANNEL_HINT = "Only needed when posting to a channel."
DISCUSS_PACE_LABEL = "Questions in the thread"
DISCUSS_PACE_ONE = "One at a time, with a Next question button"
DISCUSS_PACE_ALL = "All at once"
DISCUSS_PRIVACY = (
    "When you talk it through, please keep names and details of real children and "
    "families out of Slack."
)
DISCUSS_NO_SUBJECT = "Choose a theme or case for the discussion."
DISCUSS_NO_QUESTIONS = "Tick at least one question to discuss."
DISCUSS_NO_CHANNEL = "Choose a channel, or choose a direct message to yourself instead."
DISCUSS_NOT_IN_CHANNEL = (
    "I'm not a member of that channel, so I can't post there. Type /invite {bot} in the "
    "channel and press Post again, or choose another channel."
)
DISCUSS_CHANNEL_ARCHIVED = "That channel is archived, so I can't post in it. Please choose another."
DISCUSS_CHANNEL_UNCHECKED = (
    "I couldn't check that channel just now. Please press Post again in a moment."
)
DISCUSS_CHECKING = "Checking that I can post in {channel}…"
DISCUSS_STILL_CHECKING = "I'm still checking that channel. This takes a moment."
DISCUSS_POSTED = "Done: the pack is in {channel}, with its questions in the thread."
DISCUSS_NOT_POSTED = (
    "I couldn't post the pack. I've sent you a direct message saying why and what to do."
)
DISCUSS_UNKNOWN = "I don't know a theme or case called “{text}”."
DISCUSS_UNKNOWN_SUGGEST = "Did you mean {suggestions}? Press one to start a discussion on it."
DISCUSS_UNKNOWN_NONE = (
    "Type `{command} themes` to see every theme, or `{command} case` for the cases, then "
    "`{command} supervision` followed by the one you'd like."
)
DISCUSS_OFFER = (
    "Press *Start a discussion* to choose the format, the questions and where to post a "
    "pack on *{title}*."
)
DISCUSS_OFFER_ANY = (
    "Press *Start a discussion* to choose a theme or case, the format, the questions and "
    "where to post the pack."
)
DISCUSS_CONSOLE_EMPTY = (
    "Type `supervision` followed by a theme or case, for example `supervision disguised "
    "compliance` or `discuss case z`."
)

# --- The pack as posted -------------------------------------------------------------

PACK_HEADER = {"supervision": "Supervision: {title}", "group": "Team discussion: {title}"}
PACK_PART = "*{number}. {title}* ({minutes} min)"
PACK_QUESTIONS_ONE = (
    "{count} in the thread, one at a time: press *Next question* when you're ready."
)
PACK_QUESTIONS_ALL = "{count} in the thread."
PACK_QUESTION_COUNT = {1: "One question", 2: "Two questions"}
PACK_QUESTION_COUNT_MANY = "{count} questions"
PACK_EMBEDDING_WHERE = "Three closing questions come last in the thread."
PACK_QUESTION = "*Question {number} of {count}* · {level}\n>{text}"
PACK_QUESTION_FROM = "From {where}"
PACK_QUESTIONS_ALL_TITLE = "*Questions to discuss* ({minutes} min)"
PACK_CLOSING_TITLE = "*Embedding the learning* ({minutes} min)"
PACK_CLOSING_AFTER = (
    "When you've finished, press *Mark as held* on the pack so the team's record of use shows it."
)
PACK_RECORD_NOTE = (
    "After the discussion, press *Mark as held*. I keep the date, format, number of "
    "people and any agreed actions for the team's record of use, never names."
)
PACK_HELD = "*Held on {date}* · {format} · {people}"
PACK_HELD_ACTIONS = "*Agreed actions:* {actions}"
PACK_PEOPLE = {1: "1 person"}
PACK_PEOPLE_MANY = "{count} people"
PACK_FALLBACK = "{header}: the pack, with the questions in the thread."
PACK_QUESTION_FALLBACK = "Question {number} of {count}: {text}"
PACK_CLOSING_FALLBACK = "Embedding the learning: {questions}"
PACK_SOURCE_NUMBERED = "[{number}] {text}"
BUTTON_NEXT_QUESTION = "Next question"
BUTTON_CLOSING_QUESTIONS = "Closing questions"
BUTTON_MARK_HELD = "Mark as held"
BUTTON_CHANGE_HELD = "Change the record"
PACK_ALREADY_MOVED_ON = "Someone has already moved the discussion on, so I haven't posted it again."

# --- Mark as held -------------------------------------------------------------------

HELD_TITLE = "Mark as held"
HELD_SUBMIT = "Save"
HELD_INTRO = "Record the discussion on *{title}* for the team's record of use."
HELD_DATE_LABEL = "Date it was held"
HELD_FORMAT_LABEL = "Format"
HELD_PEOPLE_LABEL = "Number of people, including you"
HELD_PEOPLE_PLACEHOLDER = "for example 8"
HELD_ACTIONS_LABEL = "Agreed actions (optional)"
HELD_ACTIONS_PLACEHOLDER = (
    "for example: add a prompt on checking what parents tell us to our audit form"
)
HELD_ACTIONS_HINT = (
    "Up to {limit} characters. Please don't enter names or details of real children or families."
)
HELD_PRIVACY = (
    "Please don't enter names of people or any details of real children or families. "
    "I keep only the date, format, number of people and agreed actions, with the theme "
    "or case and the channel."
)
HELD_DATE_MISSING = "Choose the date the discussion took place."
HELD_DATE_FUTURE = "That date is in the future: choose the day the discussion took place."
HELD_PEOPLE_INVALID = "Type the number of people as a whole number from {low} to {high}."
HELD_ACTIONS_TOO_LONG = (
    "Please keep the agreed actions to {limit} characters (this is {length}). A short "
    "summary is enough; fuller notes can stay in your team's own records."
)
HELD_ACTIONS_PERSONAL = (
    "This looks as though it includes {kinds}, so I haven't kept it. Please keep details "
    "that could identify a child or family out of Slack, then save again. If it's a date "
    "for the plan, a month or a week is enough (for example “by the end of April”)."
)
HELD_GONE = "I can't find that discussion in the record any more, so there's nothing to mark."

DISCUSS_NO_FORMAT = "Choose a format: one-to-one supervision, or a group session or team meeting."
PACK_SOURCES_LIST = "*Sources*\n{sources}"
DISCUSS_QUESTIONS_STALE = (
    "The questions below aren't for this theme or case yet. Choose it again, or close "
    "this window and start again."
)
