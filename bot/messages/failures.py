"""What the bot says when Slack or the bot could not do what was asked."""

from __future__ import annotations

# --- Failures -----------------------------------------------------------------------

SLACK_BUSY = (
    "Slack asked me to slow down, so I couldn't do that just now. Please try again in a minute."
)
SLACK_UNAVAILABLE = "Slack is busy just now, so I couldn't do that. Please try again in a minute."
POST_UNCERTAIN = (
    "Slack had a problem just as I posted that, so it may or may not have gone through. "
    "If you can't see it, please try again in a minute."
)
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
