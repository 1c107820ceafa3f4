"""The local console's own lines."""

from __future__ import annotations

# --- Console ------------------------------------------------------------------------

CONSOLE_WELCOME = (
    "scrbot console — type what you would type after {command} in Slack (for example "
    "`disguised compliance`, `case z`, `themes` or `help`). Type `quit` to leave."
)
CONSOLE_PROMPT = "{command} "
CONSOLE_BYE = "Goodbye — thanks for taking the time."
CONSOLE_KNOWLEDGE_ERROR = "I couldn't load the knowledge: {error}"
