"""Admin: reloading the knowledge (bot/commands/admin.py)."""

from __future__ import annotations

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
