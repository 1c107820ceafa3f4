"""Every credential the tests use, in one place: plainly fictional and distinctive,
so the log guard (:mod:`tests.log_guard`) can look for each of them in the logs
of a whole test run.

Nothing here works anywhere but against the fakes on loopback.
"""

from __future__ import annotations

#: The fake workspace's bot token (the fake Slack Web API accepts it).
BOT_TOKEN = "xoxb-fictional-test-bot-token-0000000000"
#: The fake workspace's app-level token, for Socket Mode.
APP_TOKEN = "xapp-1-A000TEST-000000000-fictionaltestapptoken"
#: A plainly fictional signing secret (32 hex digits, as Slack's are).
SIGNING_SECRET = "abad1deaabad1deaabad1deaabad1dea"
#: A second app's signing secret (a request signed with it must be refused).
OTHER_SIGNING_SECRET = "0ddba11a0ddba11a0ddba11a0ddba11a"
#: Well-formed tokens of another workspace, which the fake refuses
#: (tests/slack/test_transport.py uses them for "Slack refused the token").
OTHER_BOT_TOKEN = "xoxb-fictional-other-workspace-token-000"
OTHER_APP_TOKEN = "xapp-1-A000TEST-000000000-fictionaltoken"
#: The app's OAuth credentials, for installing into several workspaces.
CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "fictional-client-secret-0000000000000000"
#: Where Slack sends people back after "Allow" (the proxy's address in production).
REDIRECT_URI = "https://scrbot.example.invalid/slack/oauth_redirect"
#: Logged on purpose by tests/test_logs.py to check that lines are masked, so
#: left out of :data:`ALL_SECRETS`.
MASKING_BOT_TOKEN = "xoxb-fictional-masking-test-token"
MASKING_SECRET = "fictional-signing-secret-0000"

#: Everything that must never appear in a log.
ALL_SECRETS: tuple[str, ...] = (
    BOT_TOKEN,
    APP_TOKEN,
    SIGNING_SECRET,
    OTHER_SIGNING_SECRET,
    OTHER_BOT_TOKEN,
    OTHER_APP_TOKEN,
    CLIENT_SECRET,
)
