"""The App Home tab, the search modal and *Find related learning*."""

from __future__ import annotations

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
