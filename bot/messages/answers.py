"""What a lookup says: help, answers, nothing found, personal details, the lists
of themes, cases and terms, questions, and sharing an answer."""

from __future__ import annotations

# --- Help -------------------------------------------------------------------------

HELP_TITLE = "Learning from case reviews"
HELP_INTRO = (
    "I bring the learning from child safeguarding case reviews to hand. Ask about a "
    "theme, a case or a term and I'll share what the reviews found, how it showed in "
    "practice, and a question to reflect on."
)
HELP_COMMANDS = "*What you can type*"
HELP_LINE = "`{example}` — {summary}"
HELP_PRIVATE = (
    "Answers are seen only by you, until you choose *Share to channel*. You can also "
    "mention me in a channel (`@scrbot what is disguised compliance?`) or send me a "
    "direct message."
)
HELP_PRIVACY = (
    "Please keep names and other details that could identify a child or family out of Slack."
)
HELP_FALLBACK = "What I can do: {examples}"

# --- Answers ----------------------------------------------------------------------

WHERE_IT_SHOWED = "*Where it showed*"
CASE_LINE = "*{title}* — {how}"
PRACTICE_POINTS = "*Practice points*"
QUESTION_TO_SIT_WITH = "*A question to sit with*"
SOURCES = "Sources: {sources}"
SOURCE = "Source: {source}"
#: The numbered sources under a card; each line is "[n] title — section".
CITED_SOURCES = "*Sources*\n{lines}"
CITED_SOURCE_LINE = "[{number}] {title} — {section}"
CITE_MARKER = " [{number}]"
#: Under a glossary definition that does not come from the reviews.
GENERAL_KNOWLEDGE = (
    "General knowledge, not from the reviews; its citation shows where the reviews use the term."
)
SHARED_BY = "Shared by <@{user}>"
ALSO_WORTH_A_LOOK = "*Also worth a look*"
RELATED_THEMES = "*Related themes*"
#: In the terminal (``scrbot ask``), which shows every question and each case compared.
QUESTIONS_TO_REFLECT_ON = "*Questions to reflect on*"
COMPARED_WITH = "*Compared with*"
ANSWER_FALLBACK = "{title}: {summary}"
KIND_LABELS = {
    "theme": "Theme",
    "case": "Case",
    "question": "Reflective question",
    "glossary": "Term",
    "recommendation": "Recommendation",
}

BUTTON_OPEN_CASE = "Open case"
BUTTON_OPEN = "Open"
BUTTON_OPEN_THEME = "Open the theme"
BUTTON_MORE_QUESTIONS = "More questions"
BUTTON_SHARE = "Share to channel"
BUTTON_DISCUSS = "Start a discussion"
BUTTON_ANOTHER_QUESTION = "Another question"
BUTTON_SEARCH = "Search the reviews"
BUTTON_CLOSE = "Close"
#: What a screen reader says for a button repeated with the same words (one per case,
#: one per answer in a channel), so "Open, Open, Open" says which.
SPOKEN_OPEN = "Open {title}"
SPOKEN_OPEN_THEME = "Open the theme {title}"
SPOKEN_MORE_QUESTIONS = "More questions on {title}"
SPOKEN_SHARE = "Share {title} to the channel"
SPOKEN_DISCUSS = "Start a discussion on {title}"
SPOKEN_DISCUSS_ANY = "Start a discussion on a theme or case you choose"
SPOKEN_SEARCH_FOR = "Search for {title}"
SPOKEN_SEARCH = "Search the learning from the case reviews"
SPOKEN_ANOTHER_QUESTION = "Another reflective question"

MORE_IN_CASE = "There's more in the full case — press *Open case* to read it."
MORE_IN_SEARCH = "There's more than fits here — try a narrower search, or `{command} themes`."
MORE_TRUNCATED = "There's more than Slack lets me show at once; open the theme or case to read on."

# --- Nothing found ----------------------------------------------------------------

NOTHING_FOUND = "I couldn't find anything in the reviews for “{query}”."
NOTHING_FOUND_FALLBACK = "Nothing found for that — here are some themes that might be close."
DID_YOU_MEAN = "Did you mean {suggestions}?"
CLOSEST_THEMES = "These themes are a good place to start:"
TRY_THEMES = "You can also type `{command} themes` to see every theme."
EMPTY_QUERY = "Type a word or two to search for — for example `disguised compliance`."

# --- A child's safety first -----------------------------------------------------------

#: On every answer; {next_step} is one of the two below.
SAFETY_LINE = "If a child is at immediate risk, call 999. Otherwise {next_step}."
#: Leading an answer when what was typed describes a child in danger now.
SAFETY_URGENT = (
    "*A child's safety comes first.* If a child is at immediate risk, call 999 now. "
    "Otherwise {next_step} today — don't wait on the learning below."
)
SAFETY_URGENT_FALLBACK = "If a child is at immediate risk, call 999 now. Otherwise {next_step}."
NEXT_STEP = "contact {front_door} and follow {procedures}"
FRONT_DOOR_UNSET = "your children's services front door"
FRONT_DOOR_PHONE = "{name} ({phone})"
PROCEDURES_UNSET = "your local safeguarding procedures"
PROCEDURES_LINK = "<{url}|your local safeguarding procedures>"

# --- What the reviews do not cover ------------------------------------------------------

NOT_COVERED_TOPIC = "The reviews in scrbot don't cover {topic}."
NOT_COVERED = "The reviews in scrbot don't answer that."
NOT_COVERED_QUERY = "The reviews in scrbot don't answer “{query}”."
NOT_COVERED_GUIDANCE = "*What covers it* (general knowledge, not from the reviews)\n{guidance}"
NEARBY_LEARNING = "*Nearby learning from the reviews* (it does not answer your question)"
NEARBY_LINE = "*{title}* — {because}"
WHERE_ELSE = "*Where else to look*"
WHERE_ELSE_LOCAL = "• Your local procedures and front door: {next_step}."
WHERE_ELSE_NATIONAL = "• <{url}|{name}>: {what}."
NOT_COVERED_THEMES = "You can also type `{command} themes` to see what the reviews do cover."

# --- Personal details ---------------------------------------------------------------

PERSONAL_DATA = (
    "It looks as though your message may include {kinds}. Please keep details that "
    "could identify a child or family out of Slack. I haven't kept it, and I've answered "
    "the learning question only."
)

# --- Themes, cases, terms, questions --------------------------------------------------

THEMES_TITLE = "Themes from the reviews"
THEMES_INTRO = "Pick a theme to see what the reviews found and how it showed in practice."
THEMES_PLACEHOLDER = "Choose a theme"
THEMES_FALLBACK = "Themes from the reviews: {titles}"

CASE_THEMES = "*Themes in this case*\n{themes}"
CASE_UNKNOWN = "I don't know a case called “{name}”. The cases I know are {cases}."
CASES_TITLE = "The case reviews"
CASE_MODAL_FAMILY = "*The family*"
CASE_MODAL_WHY = "*Why it was reviewed*"
CASE_MODAL_TERMS = "*What the review set out to answer (terms of reference)*"
CASE_MODAL_TIMELINE = "*Timeline*"
CASE_MODAL_ADDITIONAL = "*Further learning*"
CASE_MODAL_FINDINGS = "*What the review found*"
CASE_MODAL_GOOD_PRACTICE = "*What went well*"
CASE_MODAL_CHILD_VOICE = "*The child's voice*"
CASE_MODAL_RECOMMENDATIONS = "*Recommendations*"
CASE_MODAL_BOARD = "*The Board's response*"
CASE_MODAL_MORE = "That's as much as fits in one window; the full review is listed in the sources."

GLOSSARY_TITLE = "Terms"
GLOSSARY_FALLBACK = "Terms used in the reviews: {terms}"
GLOSSARY_INTRO = "*Terms you'll meet in the reviews*"
GLOSSARY_LINE = "*{term}* — {expansion}"
GLOSSARY_UNKNOWN = "I don't have “{term}” in the glossary."
GLOSSARY_THEMES = "*Where it matters*"

QUESTION_TITLE = "A question to sit with"
QUESTION_FROM = "From *{where}*"
QUESTION_LEVELS = {
    "understand": "To understand",
    "reflect": "To reflect on",
    "apply": "To apply in practice",
}
QUESTIONS_TITLE = "More questions"
QUESTIONS_INTRO = "Questions on *{title}*, from understanding to practice."
QUESTIONS_NONE = "There are no questions written for *{title}* yet."

# --- Sharing ------------------------------------------------------------------------

SHARED = "Shared in the channel."
SHARE_NOT_IN_CHANNEL = (
    "I couldn't share that here because I'm not a member of this channel yet. Invite "
    "me by typing /invite {bot} in the channel (or add me from the channel's "
    "details), then press *Share to channel* again."
)
SHARE_DIRECT_MESSAGE = (
    "I can't post in this conversation. Try sharing from a channel I'm in, or "
    "copy the answer across yourself."
)
SHARE_ARCHIVED = "This channel is archived, so I can't post in it."
SHARE_RESTRICTED = (
    "This channel only lets some people post, and I'm not one of them. Ask a channel "
    "manager to let me post, or share the answer somewhere else."
)

# --- Feedback on answers ----------------------------------------------------------------

FEEDBACK_HELPFUL = "Helpful"
FEEDBACK_NOT_HELPFUL = "Not helpful"
SPOKEN_HELPFUL = "This answer on {title} was helpful"
SPOKEN_NOT_HELPFUL = "This answer on {title} was not helpful"
FEEDBACK_PROMPT = "Did this help?"
FEEDBACK_THANKS = "Thank you: that helps whoever looks after scrbot see what is useful."
FEEDBACK_MODAL_TITLE = "Not what you needed?"
FEEDBACK_MODAL_INTRO = (
    "Thank you for saying. If you like, tell us in a few words what you were looking for, "
    "so the learning lead can see which topics to add. Please leave out names or details "
    "of children, families or colleagues."
)
FEEDBACK_LOOKING_FOR = "What were you looking for? (optional)"
FEEDBACK_LOOKING_FOR_HINT = (
    "Only the topic is kept, as a count: never your words, never who you are."
)
FEEDBACK_SUBMIT = "Send"
FEEDBACK_PERSONAL = (
    "Thank you. What you wrote looked like it held personal details ({kinds}), so I kept "
    "only the topic, and none of your words. Please keep identifiable details about "
    "children and families out of Slack."
)

# --- The assistant pane -------------------------------------------------------------

WHATS_NEW = "This week's learning prompt is on *{title}*."
ASSISTANT_STATUS = "is looking through the reviews…"
ASSISTANT_PROMPTS_TITLE = "Learning from case reviews"
#: The suggested prompts of a new assistant thread: (title, message).
ASSISTANT_THIS_WEEK = "This week's theme"
ASSISTANT_PROMPTS = (
    ("What is disguised compliance?", "What is disguised compliance?"),
    ("Start a supervision discussion", "supervision"),
    ("What's new", "new"),
)
ASSISTANT_TITLE_MORE = "…"
