"""The Slack credentials, checked before the bot starts: the first one missing or
malformed, in one line that says where in the Slack app's settings to find it.

Example::

    credentials_problem({"SLACK_BOT_TOKEN": "xoxb-…"}, http=True)
    # 'SLACK_SIGNING_SECRET is not set, and HTTP mode needs it: set it to the Signing …'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: What each credential looks like, and where in the Slack app's settings to find it.
BOT_TOKEN_HELP = "the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page"
APP_TOKEN_HELP = (
    "an app-level token (xapp-…) with the connections:write scope, from your Slack app's "
    "Basic Information page"
)
SECRET_HELP = "the Signing Secret from your Slack app's Basic Information page (App Credentials)"
CLIENT_HELP = "the Client ID and Client Secret from your Slack app's Basic Information page"

_TOKEN_BODY = r"[A-Za-z0-9-]{10,}"
_SECRET = re.compile(r"[0-9a-fA-F]{16,64}")

NO_SECRET = f"SLACK_SIGNING_SECRET is not set, and HTTP mode needs it: set it to {SECRET_HELP}."
BAD_SECRET = (
    "SLACK_SIGNING_SECRET does not look like a signing secret (Slack's are 32 "
    f"letters a-f and digits): set it to {SECRET_HELP}."
)


def credentials_problem(
    credentials: Mapping[str, str], *, http: bool, missing_ok: bool = False
) -> str | None:
    """One line naming the first missing or malformed credential, or None when all is well.

    ``credentials`` maps the environment variable names (``SLACK_BOT_TOKEN``…) to values.
    With ``missing_ok``, only values that are present are checked.
    """
    bot_token = (credentials.get("SLACK_BOT_TOKEN") or "").strip()
    app_token = (credentials.get("SLACK_APP_TOKEN") or "").strip()
    secret = (credentials.get("SLACK_SIGNING_SECRET") or "").strip()
    client_id = (credentials.get("SLACK_CLIENT_ID") or "").strip()
    client_secret = (credentials.get("SLACK_CLIENT_SECRET") or "").strip()
    if client_id or client_secret:
        return _installing_problem(bot_token, client_id, client_secret, secret, http=http)
    if not bot_token and not missing_ok:
        return f"SLACK_BOT_TOKEN is not set: set it to {BOT_TOKEN_HELP}."
    if bot_token and not re.fullmatch("xoxb-" + _TOKEN_BODY, bot_token):
        return (
            "SLACK_BOT_TOKEN does not look like a bot token (it should start with xoxb-): "
            f"set it to {BOT_TOKEN_HELP}."
        )
    if app_token and not re.fullmatch("xapp-" + _TOKEN_BODY, app_token):
        return (
            "SLACK_APP_TOKEN does not look like an app-level token (it should start with xapp-): "
            f"set it to {APP_TOKEN_HELP}, or unset it and run scrbot serve --http."
        )
    if secret and not _SECRET.fullmatch(secret):
        return BAD_SECRET
    if missing_ok:
        return None
    if http and not secret:
        return NO_SECRET
    if not http and not app_token:
        return (
            f"SLACK_APP_TOKEN is not set, and Socket Mode needs it: set it to {APP_TOKEN_HELP}, "
            "or run scrbot serve --http to take Slack's requests over HTTP."
        )
    return None


def _installing_problem(
    bot_token: str, client_id: str, client_secret: str, secret: str, *, http: bool
) -> str | None:
    """The credentials for installing into many workspaces with OAuth, checked."""
    if bot_token:
        return (
            "Both SLACK_BOT_TOKEN (one workspace) and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET "
            "(installing into many) are set: unset one of them."
        )
    if not (client_id and client_secret):
        missing = "SLACK_CLIENT_SECRET" if client_id else "SLACK_CLIENT_ID"
        return f"{missing} is not set, and installing with OAuth needs both: set {CLIENT_HELP}."
    if not http:
        return (
            "Installing into many workspaces needs HTTP mode (Slack sends people to "
            "/slack/install and back): run scrbot serve --http."
        )
    if not secret:
        return NO_SECRET
    if not _SECRET.fullmatch(secret):
        return BAD_SECRET
    return None
