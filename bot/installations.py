"""Installing scrbot into many workspaces: Bolt's OAuth flow on the bot's database.

With ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` set (and no ``SLACK_BOT_TOKEN``)
the app installs itself: ``/slack/install`` sends a workspace admin to Slack's
"Allow" page, ``/slack/oauth_redirect`` swaps Slack's code for the workspace's
bot token and keeps it, and every request from then on is answered with the
token of the workspace it came from. The tokens and the flow's one-time states
live in the bot's database (:mod:`index.storage.installations`), so any replica
can finish an install another began, and answer for any workspace.

The two classes here are thin translations between slack_sdk's store
interfaces and the storage layer.

Example::

    app = App(signing_secret=…, client=client, **installing_options(settings, database, client))
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from index.settings import Settings
from index.storage.database import Database
from index.storage.installations import Installation as Installed
from index.storage.installations import Installations

log = logging.getLogger(__name__)

#: The bot scopes asked for at install: the same as deploy/manifest.yml
#: (tests/slack/test_install.py checks), where each is explained.
BOT_SCOPES = (
    "commands",
    "chat:write",
    "app_mentions:read",
    "im:history",
    "channels:read",
    "groups:read",
    "assistant:write",
)
# channels:history is optional (deploy/manifest.yml, bot_optional): a workspace's
# admin may add it; without it the weekly prompt's crash recovery goes by its record.
#: Slack's "Allow" page, as a path beside the Web API's ``api/``.
AUTHORIZE_PATH = "oauth/v2/authorize"
#: How long an admin has between opening /slack/install and coming back (Slack's own
#: codes last ten minutes).
STATE_SECONDS = 600


def installing_options(settings: Settings, database: Database, client: WebClient) -> dict[str, Any]:
    """The ``App`` options for installing with OAuth: the flow's settings, and who
    answers for which workspace. Each request's workspace is looked up in the
    database (so an uninstall holds at once on every replica); Slack's check of
    a token (``auth.test``) is made once per token, not on every request."""
    flow = oauth_settings(settings, database)
    authorize = InstallationStoreAuthorize(
        installation_store=flow.installation_store,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        logger=log,
        bot_only=True,
        cache_enabled=True,
        client=client,
    )
    return {"oauth_settings": flow, "authorize": authorize}


def oauth_settings(settings: Settings, database: Database) -> OAuthSettings:
    """Bolt's OAuth settings for ``settings``' app, its stores in ``database``."""
    authorization_url = None
    if settings.api_url:
        # In front of a Slack stand-in (tests), its "Allow" page sits beside its API.
        authorization_url = settings.api_url.removesuffix("api/") + AUTHORIZE_PATH
    return OAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=list(BOT_SCOPES),
        redirect_uri=settings.redirect_uri,
        authorization_url=authorization_url,
        installation_store=DatabaseInstallationStore(Installations(database)),
        installation_store_bot_only=True,
        state_store=DatabaseOAuthStateStore(Installations(database)),
        state_expiration_seconds=STATE_SECONDS,
    )


class DatabaseInstallationStore(InstallationStore):
    """slack_sdk's installation store, kept in the bot's database."""

    def __init__(self, installations: Installations) -> None:
        self.installations = installations

    @property
    def logger(self) -> logging.Logger:
        return log

    def save(self, installation: Installation) -> None:
        self.save_bot(installation.to_bot())
        log.info("Installed in workspace %s.", installation.team_id or installation.enterprise_id)

    def save_bot(self, bot: Bot) -> None:
        self.installations.save(
            Installed(
                team_id=bot.team_id or "",
                enterprise_id=bot.enterprise_id,
                is_enterprise_install=bool(bot.is_enterprise_install),
                app_id=bot.app_id,
                bot_user_id=bot.bot_user_id,
                bot_token=bot.bot_token,
                data={
                    "bot_id": bot.bot_id,
                    "bot_scopes": list(bot.bot_scopes or []),
                    "team_name": bot.team_name,
                    "enterprise_name": bot.enterprise_name,
                },
            )
        )

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = self._find(enterprise_id, team_id, is_enterprise_install)
        if found is None or not found.bot_token:
            return None
        return Bot(**_bot_fields(found))

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = self._find(enterprise_id, team_id, is_enterprise_install)
        if found is None or not found.bot_token:
            return None
        # Only the bot's token is kept: the app asks for no user scopes.
        return Installation(user_id=user_id or "", **_bot_fields(found))

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        removed = self.installations.delete(team_id=team_id, enterprise_id=enterprise_id)
        if not removed and enterprise_id and not team_id:
            # An organisation-wide install is kept under its enterprise alone.
            removed = self.installations.delete(
                enterprise_id=enterprise_id, is_enterprise_install=True
            )
        if removed:
            log.info("Removed the token of workspace %s.", team_id or enterprise_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        if user_id is None:  # a person's own token is never kept, so nothing to do for one
            self.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def _find(
        self, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None
    ) -> Installed | None:
        return self.installations.find(
            team_id=team_id,
            enterprise_id=enterprise_id,
            is_enterprise_install=bool(is_enterprise_install),
        )


class DatabaseOAuthStateStore(OAuthStateStore):
    """slack_sdk's OAuth state store, kept in the bot's database."""

    def __init__(self, installations: Installations, seconds: int = STATE_SECONDS) -> None:
        self.installations = installations
        self.seconds = seconds

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        self.installations.issue_state(state, expires_in=self.seconds)
        return state

    def consume(self, state: str) -> bool:
        return bool(state) and self.installations.consume_state(state)


def _bot_fields(found: Installed) -> dict[str, Any]:
    details = found.data
    installed_at = found.installed_at.timestamp() if found.installed_at else 0.0
    return {
        "app_id": found.app_id,
        "enterprise_id": found.enterprise_id,
        "enterprise_name": details.get("enterprise_name"),
        "team_id": found.team_id or None,
        "team_name": details.get("team_name"),
        "bot_token": found.bot_token,
        "bot_id": details.get("bot_id") or "",
        "bot_user_id": found.bot_user_id or "",
        "bot_scopes": details.get("bot_scopes") or [],
        "is_enterprise_install": found.is_enterprise_install,
        "installed_at": installed_at,
    }
