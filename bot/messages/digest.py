"""The weekly learning prompt: the post, its status and the admin commands."""

from __future__ import annotations

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
SPOKEN_READ_MORE = "Read more on {title}"

DIGEST_PREVIEW_NOTE = (
    "Preview — nothing has been posted. This is what I'd post in {channel} on {when}."
)
DIGEST_PREVIEW_THREAD = "And as the first reply in its thread:"
DIGEST_PREVIEW_NOT_SET_UP = (
    "The weekly learning prompt isn't set up, so nothing will be posted. Whoever runs "
    "scrbot can add a channel under `digest:` in its config file. Here's how it would look:"
)
DIGEST_PREVIEW_NO_CHANNEL = (
    "scrbot digest: no channel is set up for the weekly prompt, so nothing will be posted. "
    "To post it, add one under digest: channels: in scrbot.yaml (the README's “The weekly "
    "learning prompt” shows how); scrbot digest status then says when."
)

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
    "that the app has the chat:write scope."
)
DIGEST_ADMIN_UNCONFIRMED = (
    "The weekly learning prompt for {when} in <#{channel}> may or may not have gone out: "
    "I stopped (or Slack failed) while posting it, and I can't read the channel's history "
    "to check, so I haven't posted it again. Please look in the channel; if it isn't "
    "there, post it with `scrbot digest post --channel {channel}`. To let me check for "
    "myself next time, add the {scope} scope to the app (see the README)."
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
    "unconfirmed": (
        "it may or may not have gone out (I stopped or Slack failed while posting it, and I "
        "can't read the channel's history to check), so going by my own record I didn't post "
        "it again: please look in the channel"
    ),
}
DIGEST_STATUS_NO_HISTORY = (
    "After a restart: the app can't read this channel's history ({scope} isn't granted), "
    "so I go by my own record. A prompt I was part-way through posting is never posted "
    "twice; if I can't tell whether it went out, I say so here and tell the admins."
)
