"""The local console's own lines."""

from __future__ import annotations

# --- Console ------------------------------------------------------------------------

CONSOLE_WELCOME = (
    "scrbot console — type what you would type after {command} in Slack (for example "
    "`disguised compliance`, `case z`, `themes` or `help`), or a button's number to press "
    "it. Type `quit` to leave."
)
CONSOLE_PROMPT = "{command} "
CONSOLE_BYE = "Goodbye — thanks for taking the time."
CONSOLE_KNOWLEDGE_ERROR = "I couldn't load the knowledge: {error}"
CONSOLE_NO_SUCH_BUTTON = (
    "There's no button {number} here: type a number from 1 to {count}, or something to look up."
)
CONSOLE_NO_BUTTONS = "There are no buttons to press here: type something to look up, or help."
CONSOLE_GONE = "That's no longer in the knowledge (it has changed since). Try looking it up again."
