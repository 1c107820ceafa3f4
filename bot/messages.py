"""Everything scrbot says to people, in one place.

The voice is a good practice educator's: plain British English, warm, brief, no
blame, and no jargon without its meaning. Templates use ``str.format`` fields;
the caller escapes anything a person typed before it is put in (see
:func:`bot.blocks.escape_mrkdwn`). Slack mrkdwn is allowed here (``*bold*``).
"""

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
CASE_MODAL_TIMELINE = "*Timeline*"
CASE_MODAL_FINDINGS = "*What the review found*"
CASE_MODAL_GOOD_PRACTICE = "*What went well*"
CASE_MODAL_CHILD_VOICE = "*The child's voice*"
CASE_MODAL_RECOMMENDATIONS = "*Recommendations*"
CASE_MODAL_BOARD = "*The Board's response*"
CASE_MODAL_MORE = "That's as much as fits in one window; the full review is listed in the sources."

GLOSSARY_TITLE = "Terms"
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

# --- Failures -----------------------------------------------------------------------

SLACK_BUSY = (
    "Slack asked me to slow down, so I couldn't do that just now. Please try again in a minute."
)
SLACK_UNAVAILABLE = "Slack is busy just now, so I couldn't do that. Please try again in a minute."
SLACK_REFUSED = (
    "Slack didn't accept that just now (it said “{error}”). Please try again; if it "
    "keeps happening, let whoever looks after scrbot know."
)
SLACK_UNREACHABLE = "I couldn't reach Slack just now. Please try again in a moment."
MODAL_EXPIRED = (
    "That took me too long and Slack closed the window before it opened. Please press "
    "the button again."
)
SOMETHING_WENT_WRONG = (
    "Sorry — something went wrong on my side and I couldn't answer that. Please try "
    "again in a moment; if it keeps happening, let whoever looks after scrbot know."
)
RESPONSE_EXPIRED = (
    "Slack only lets me change an answer for a while after it was sent, and this one "
    "has timed out. Please run the command again."
)
MODAL_NEEDS_COMMAND = (
    "That opens a window, which Slack only allows from the slash command: try `{command} {text}`."
)
GONE = "I can't find that any more — the reviews may have been updated. Try searching again."

# --- Home tab -----------------------------------------------------------------------

HOME_TITLE = "Learning from case reviews"
HOME_INTRO = (
    "What the reviews found, how it showed in practice, and questions to take to "
    "supervision or a team meeting. Type `{command}` followed by a theme, a case or a "
    "term anywhere in Slack, or search here."
)
HOME_PROMPT = "*This week's learning prompt: {title}*\n{summary}"
HOME_PROMPT_ROTATION = "Chosen by this week's learning prompt rotation."
HOME_PROMPT_FEATURED = (
    "Featured this week — chosen by the week of the year, as the weekly prompt "
    "isn't set up here yet."
)
HOME_THEMES = "Themes"
HOME_CASES = "Cases"

# --- Search modal and shortcut --------------------------------------------------------

SEARCH_TITLE = "Search the reviews"
SEARCH_LABEL = "What are you looking for?"
SEARCH_PLACEHOLDER = "e.g. disguised compliance, case z, MASH"
SEARCH_SUBMIT = "Search"
SEARCH_EMPTY = "Type a word or two to search for, such as disguised compliance."
SEARCH_FAILED = "Sorry, the search didn't work just then. Please try again in a moment."
SEARCH_RESULTS = "*Results for “{query}”*"
RELATED_TITLE = "Related learning"
RELATED_INTRO = "Here's the learning from the reviews that seems closest to that message."
RELATED_NOTHING = (
    "I couldn't find learning in the reviews that matches that message. These themes "
    "might still help:"
)
RELATED_EMPTY = "That message has no words I can search for. Try *Search the reviews* instead."

# --- Console ------------------------------------------------------------------------

CONSOLE_WELCOME = (
    "scrbot console — type what you would type after {command} in Slack (for example "
    "`disguised compliance`, `case z`, `themes` or `help`). Type `quit` to leave."
)
CONSOLE_PROMPT = "{command} "
CONSOLE_BYE = "Goodbye — thanks for taking the time."
CONSOLE_KNOWLEDGE_ERROR = "I couldn't load the knowledge: {error}"

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

# --- Weekly learning prompt -----------------------------------------------------------

DIGEST_HEADER = "Learning from reviews — week of {week}: {title}"
DIGEST_WHERE_CASE = "*Where it showed: {case}*"
DIGEST_WHERE_SOURCE = "*From the {source}*"
DIGEST_POINTS = "*Three points for practice*"
DIGEST_QUESTION = "*To talk about*\n>{question}"
DIGEST_INVITE = "Share a thought or an example in the thread — a line or two is plenty."
DIGEST_FOOTER = "Your weekly learning prompt from the case reviews · `{command} digest` for more"
DIGEST_FALLBACK = "Learning from reviews — week of {week}: {title}. {summary}"
DIGEST_THREAD_QUESTION = (
    "*This week's question:* {question}\n"
    "Reply here with a thought or an example from your own practice. Please leave out "
    "names or details that could identify a child or family."
)
DIGEST_THREAD_FALLBACK = "This week's question: {question}"
BUTTON_READ_MORE = "Read more"

DIGEST_PREVIEW_NOTE = (
    "Preview — nothing has been posted. This is what I'd post in {channel} on {when}."
)
DIGEST_PREVIEW_THREAD = "And as the first reply in its thread:"

DIGEST_STATUS_TITLE = "Weekly learning prompt"
DIGEST_STATUS_NONE = (
    "The weekly learning prompt isn't set up yet. Whoever runs scrbot can add a channel "
    "under `digest:` in its config file (the README's “Weekly learning prompt” section "
    "shows how)."
)
DIGEST_STATUS_CHANNEL = "*{channel}* — {schedule}"
DIGEST_STATUS_NEXT = "Next: {when} — *{theme}*{pinned}"
DIGEST_STATUS_PINNED = " (pinned)"
DIGEST_STATUS_NEXT_SKIPPED = "Next: {when} — to be skipped, as an admin asked"
DIGEST_STATUS_PAUSED = (
    "Paused since {when}. An admin can type `{command} digest resume` in the channel to "
    "start it again."
)
DIGEST_STATUS_ROUND = "Round {round}: {used} of {total} themes shared so far"
DIGEST_STATUS_LAST = "Recent posts: {posts}"
DIGEST_STATUS_NO_POSTS = "Nothing posted yet."
DIGEST_STATUS_POST = "{when} *{theme}*"
DIGEST_STATUS_PROBLEMS = "*Needs a look*"
DIGEST_STATUS_HINT = (
    "`{command} digest preview` shows the next one before it goes out; "
    "`{command} digest help` lists what admins can change."
)
DIGEST_STATUS_MISSED = "{when}: missed — {why}"
DIGEST_STATUS_FAILED = "{when}: not posted — {why}"
DIGEST_STATUS_IN_FLIGHT = "{when}: being posted now"
DIGEST_STATUS_PIN = "Pinned: *{theme}* for the week of {week}"
DIGEST_STATUS_NOT_CONFIGURED = " (not in the config; posted by hand)"

DIGEST_ADMIN_NOT_IN_CHANNEL = (
    "I couldn't post the weekly learning prompt for {when} in <#{channel}>, because I'm "
    "not a member of that channel. To fix it, type `/invite @scrbot` in <#{channel}>. "
    "Next week's will then go out as usual; to post this week's now, whoever runs "
    "scrbot can use `scrbot digest post --channel {channel}`."
)
DIGEST_ADMIN_CHANNEL_NOT_FOUND = (
    "I couldn't post the weekly learning prompt for {when}: Slack can't find the channel "
    "{channel}. It may have been deleted or made private without me in it, or the id in "
    "the config may be wrong. Please check `digest:` → `channels:` in {config}."
)
DIGEST_ADMIN_ARCHIVED = (
    "I couldn't post the weekly learning prompt for {when}, because <#{channel}> is "
    "archived. Unarchive it, or choose another channel under `digest:` in {config}."
)
DIGEST_ADMIN_PERMISSION = (
    "I couldn't post the weekly learning prompt for {when} in <#{channel}>: Slack refused "
    "me permission (it said “{code}”). Whoever runs scrbot should check the bot token and "
    "that the app has the chat:write and channels:history scopes."
)
DIGEST_ADMIN_KEPT_FAILING = (
    "I couldn't post the weekly learning prompt for {when} in <#{channel}>: Slack kept "
    "failing (“{code}”) for as long as I could wait, so nothing was posted. It is usually "
    "Slack having a bad day. To post it now, whoever runs scrbot can use `scrbot digest "
    "post --channel {channel}`."
)
DIGEST_ADMIN_OTHER = (
    "I couldn't post the weekly learning prompt for {when} in <#{channel}> (it went wrong "
    "with “{code}”). Nothing was posted. Whoever runs scrbot will find more in its log."
)

DIGEST_HELP = (
    "*The weekly learning prompt*\n"
    "`{command} digest status` — when the next one is, and what went out lately\n"
    "`{command} digest preview` — see the next one before it goes out\n"
    "For admins, typed in the prompt's channel: `{command} digest pause`, "
    "`{command} digest resume`, `{command} digest skip` (next week's), and "
    "`{command} digest pin THEME` (choose next week's theme)."
)
DIGEST_ADMIN_ONLY = (
    "Only scrbot's admins can {action} the weekly learning prompt, so the channel keeps a "
    "steady rhythm for everyone. If you'd like a change, have a word with {admins}."
)
DIGEST_NO_ADMINS = "whoever runs scrbot (no admins are set up yet)"
DIGEST_PAUSED = (
    "Paused. I won't post the weekly learning prompt in <#{channel}> until an admin types "
    "`{command} digest resume` there."
)
DIGEST_ALREADY_PAUSED = "The weekly learning prompt in <#{channel}> is already paused."
DIGEST_RESUMED = "Back on. The next prompt goes to <#{channel}> on {when}."
DIGEST_NOT_PAUSED = (
    "The weekly learning prompt in <#{channel}> isn't paused; the next is on {when}."
)
DIGEST_SKIPPED = (
    "Done — I'll skip {when} in <#{channel}>. The theme it would have had waits for the week after."
)
DIGEST_ALREADY_SKIPPED = "{when} in <#{channel}> is already set to be skipped."
DIGEST_PINNED = "Pinned: *{theme}* for the week of {week} in <#{channel}>."
DIGEST_PIN_WHICH = (
    "Which theme? Type `{command} digest pin` and the theme, for example "
    "`{command} digest pin disguised compliance`."
)
DIGEST_PIN_UNKNOWN = (
    "I don't know a theme called “{theme}”.{suggestions} Type `{command} themes` to see them all."
)
DIGEST_WHICH_CHANNEL = "Please type that in the channel the prompt goes to: {channels}."
DIGEST_NOT_SET_UP = (
    "The weekly learning prompt isn't set up, so there's nothing to {action}. Whoever runs "
    "scrbot can add a channel under `digest:` in its config file."
)
DIGEST_CONFIG_BROKEN = (
    "The weekly prompt's settings have a problem, so I can't do that yet: {problem} "
    "Whoever runs scrbot can fix it in the config file."
)
DIGEST_UNKNOWN_ACTION = "I don't know “{action}” for the weekly prompt. Here's what I can do:"
DIGEST_REASONS = {
    "not_in_channel": "I'm not a member of the channel: invite me with `/invite @scrbot` there",
    "channel_not_found": "Slack can't find the channel: check its id under `digest:` in the config",
    "is_archived": "the channel is archived",
}
DISCUSS_NO_FORMAT = "Choose a format: one-to-one supervision, or a group session or team meeting."
PACK_SOURCES_LIST = "*Sources*\n{sources}"
DISCUSS_QUESTIONS_STALE = (
    "The questions below aren't for this theme or case yet. Choose it again, or close "
    "this window and start again."
)

# --- Admin: reloading the knowledge (bot/commands/admin.py) --------------------------------

ADMIN_ONLY = (
    "Only scrbot's admins can {action}, so everyone keeps getting the same, checked "
    "learning. If something needs changing, have a word with {admins}."
)
ADMIN_NO_ADMINS = "whoever runs scrbot (no admins are set up yet)"
ADMIN_HELP = (
    "For admins: `{command} admin reload` checks the knowledge files and, if they're all "
    "right, answers from them straight away, with no restart."
)
ADMIN_RELOADED = (
    "Reloaded. I'm answering from the knowledge as it is now: {themes} themes, {cases} "
    "cases and {terms} glossary terms."
)
ADMIN_RELOAD_REFUSED = (
    "I haven't reloaded: the knowledge files have {count} {problems}, so I'm still "
    "answering from the knowledge as it was. {here}\n{listed}\n"
    "Fix {them}, then try `{command} admin reload` again (`scrbot validate` lists every one)."
)
ADMIN_RELOAD_FAILED = (
    "I couldn't build a new search index ({reason}), so I'm still answering from the "
    "knowledge as it was. Try again in a minute; if it keeps failing, the bot's log says more."
)
