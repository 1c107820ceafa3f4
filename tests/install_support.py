"""Installing the bot into a workspace the way Slack does it, over real HTTP.

A workspace admin opens ``/slack/install`` on the bot (any replica), follows
its link to Slack's "Allow" page (the fake's ``/oauth/v2/authorize``, which
answers at once as if they pressed Allow), and is sent back to the bot's
``/slack/oauth_redirect`` with a code; the bot swaps the code for the
workspace's token (``oauth.v2.access`` on the fake) and keeps it.

    env = oauth_env(fake, tmp_path, index_dir)           # for scrbot serve --http
    register_app(fake)
    install(fake, f"http://127.0.0.1:{port}", "T000ALPHA")
"""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bot.installations import BOT_SCOPES
from tests.fakes.credentials import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI, OAuthApp


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """A GET that does not follow redirects: status, headers (lower-case names), body."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=30) as response:
            status, found, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, found, body = error.code, error.headers, error.read()
    named = {name.lower(): value for name, value in found.items()}
    return status, named, body.decode("utf-8", "replace")


def register_app(fake: FakeSlackAPI) -> OAuthApp:
    """The app's settings page in Slack: credentials, redirect URL and scopes."""
    return fake.register_app(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, BOT_SCOPES)


def oauth_env(fake: FakeSlackAPI, tmp_path: Path, index_dir: Path) -> dict[str, str]:
    """The environment of a bot that installs into workspaces (no bot token)."""
    return {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_REDIRECT_URI": REDIRECT_URI,
        "SLACK_API_URL": fake.api_url,
        "SCRBOT_INDEX_DIR": str(index_dir),
        "SCRBOT_STATE": str(tmp_path / "var" / "scrbot.sqlite3"),
    }


def begin(start: str, team: str) -> tuple[str, str]:
    """Open ``/slack/install`` on the bot at ``start``: the link to Slack's "Allow"
    page, and the cookie the bot set in the browser."""
    status, headers, page = get(f"{start}/slack/install?team={team}")
    assert status == 200, (status, page[:300])
    link = re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', page)
    assert link is not None, page[:500]
    return html.unescape(link.group(1)), headers.get("set-cookie", "").split(";", 1)[0]


def allow(link: str) -> str:
    """Press "Allow" on Slack's page: the path and query Slack sends the browser back to."""
    status, headers, _ = get(link)
    assert status == 302, status
    back = urlsplit(headers["location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == REDIRECT_URI
    return f"{back.path}?{back.query}"


def install(fake: FakeSlackAPI, start: str, team: str, *, finish: str | None = None) -> str:
    """Install the app into ``team``: begin at the bot ``start`` (a base URL), come back
    to ``finish`` (another replica, if given). Returns the page the admin sees at the end."""
    link, cookie = begin(start, team)
    status, _, page = get(f"{finish or start}{allow(link)}", {"Cookie": cookie})
    assert status == 200, (status, page[:500])
    return page
