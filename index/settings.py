"""scrbot's settings: each declared once, with its type, default, environment variable
and help text, read from one YAML file. The bot, the scheduler and ``scrbot config
check`` all read them as declared here (as datasette declares its ``SETTINGS``).

The file is ``./scrbot.yaml`` unless ``SCRBOT_CONFIG`` names another. Secrets (and a
few deployment values) can be given as environment variables instead, which win over
the file, so tokens need never be written to disk.

Example::

    from index.setting_file import load_settings
    settings = load_settings()              # ./scrbot.yaml (if present) + environment
    settings.command                        # '/scr'
    settings.require("bot_token", "signing_secret")   # ConfigError if either is missing

A ``scrbot.yaml`` looks like::

    command: /scr
    admins: [U0000000001]
    state_path: var/scrbot.sqlite3
    digest:
      grace_hours: 12
      channels:
        - channel: C0123TEAM
          day: monday
          time: "09:30"
          timezone: Europe/London
      pins:
        - week: 2026-11-30
          theme: disguised-compliance

Relative paths in the file are read relative to the file's own folder
(:mod:`index.setting_file` reads the file and the environment). The ``digest``
section is checked against the knowledge's theme ids (for its pins) by
:func:`index.digest_config.parse_digest_config`, once the knowledge is loaded. A
single digest channel may be written as ``channel: C0123TEAM`` directly under
``digest``; ``day``, ``time`` and ``timezone`` written there are the defaults for
every channel.

This module is a little over 400 lines (about 430) because it is one table: every
setting, the digest section's included, is declared here and nowhere else, with
the :class:`Settings` they fill. How each kind of value is read lives in
:mod:`index.setting_values`; reading the file, in :mod:`index.setting_file`; the
digest section's schedules and pins, in :mod:`index.digest_config`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any

from index.setting_values import (
    parse_bool,
    parse_channel_id,
    parse_command,
    parse_database_url,
    parse_day,
    parse_grace_hours,
    parse_log_format,
    parse_mapping,
    parse_path,
    parse_paths,
    parse_port,
    parse_seconds,
    parse_text,
    parse_time,
    parse_timezone,
    parse_token,
    parse_url,
    parse_user_ids,
    parse_web_page,
    password_masked,
)

#: Where the settings file is looked for when ``SCRBOT_CONFIG`` is not set.
DEFAULT_CONFIG_PATH = Path("scrbot.yaml")
#: The environment variable naming the settings file.
CONFIG_ENV = "SCRBOT_CONFIG"


class ConfigError(Exception):
    """The settings could not be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def _unchanged(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Setting:
    """One setting: its name in the file, type, default, help, environment variable,
    and whether it is a secret (never shown, never logged)."""

    name: str
    type: str
    default: Any
    help: str
    env: str | None = None
    secret: bool = False
    #: Turns the raw value (from YAML or the environment) into the typed value;
    #: raises ValueError with a readable reason when the value is not usable.
    parse: Callable[[Any], Any] = _unchanged
    #: How the value is shown (by ``scrbot config check``) when part of it is secret.
    shown: Callable[[Any], Any] | None = None


#: Every top-level setting, declared once. :class:`Settings` has one field per entry.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "bot_token",
        "token",
        None,
        "The bot's OAuth token (xoxb-…), from the app's OAuth & Permissions page.",
        env="SLACK_BOT_TOKEN",
        secret=True,
        parse=parse_token("xoxb-"),
    ),
    Setting(
        "signing_secret",
        "secret",
        None,
        "Signing secret used to check requests come from Slack (HTTP mode).",
        env="SLACK_SIGNING_SECRET",
        secret=True,
        parse=parse_text,
    ),
    Setting(
        "app_token",
        "token",
        None,
        "App-level token (xapp-…) with connections:write, for Socket Mode.",
        env="SLACK_APP_TOKEN",
        secret=True,
        parse=parse_token("xapp-"),
    ),
    Setting(
        "client_id",
        "text",
        None,
        "The app's Client ID (Basic Information), to install into many workspaces with "
        "OAuth instead of one bot token.",
        env="SLACK_CLIENT_ID",
        parse=parse_text,
    ),
    Setting(
        "client_secret",
        "secret",
        None,
        "The app's Client Secret (Basic Information), with client_id.",
        env="SLACK_CLIENT_SECRET",
        secret=True,
        parse=parse_text,
    ),
    Setting(
        "redirect_uri",
        "address",
        None,
        "The OAuth Redirect URL set in the app (https://your-host/slack/oauth_redirect); "
        "unset means the one in the app's settings.",
        env="SLACK_REDIRECT_URI",
        parse=parse_web_page,
    ),
    Setting(
        "api_url",
        "address",
        None,
        "Slack Web API base address; leave unset for Slack itself.",
        env="SLACK_API_URL",
        parse=parse_url,
    ),
    Setting(
        "port",
        "whole number",
        3000,
        "Port the HTTP server listens on (HTTP mode).",
        env="PORT",
        parse=parse_port,
    ),
    Setting(
        "socket_unready_after",
        "seconds",
        30.0,
        "Seconds without a Socket Mode connection before /healthz answers 503 (not ready).",
        env="SCRBOT_SOCKET_UNREADY_AFTER",
        parse=parse_seconds,
    ),
    Setting(
        "command",
        "slash command",
        "/scr",
        "The slash command, as set in the Slack app manifest.",
        env="SCRBOT_COMMAND",
        parse=parse_command,
    ),
    Setting(
        "knowledge_paths",
        "folders",
        (),
        "Folders of knowledge YAML, read as one (a list, or dir1:dir2 in the environment): "
        "the bundled knowledge/, then your own reviews' folder, where approved reviews go. "
        "Unset means the bundled knowledge/ alone.",
        env="SCRBOT_KNOWLEDGE",
        parse=parse_paths,
    ),
    Setting(
        "index_dir",
        "folder",
        None,
        "Folder for the search index; unset means the search engine's default.",
        env="SCRBOT_INDEX_DIR",
        parse=parse_path,
    ),
    Setting(
        "state_path",
        "file",
        Path("var/scrbot.sqlite3"),
        "SQLite file for the bot's state (digest, records), when database_url is not set.",
        env="SCRBOT_STATE",
        parse=parse_path,
    ),
    Setting(
        "database_url",
        "database URL",
        None,
        "Where the bot keeps its state: sqlite:///PATH or postgresql://USER:PASSWORD@HOST/NAME "
        "(unset means sqlite:/// of state_path). Run 'scrbot db upgrade' after changing it.",
        env="SCRBOT_DATABASE_URL",
        parse=parse_database_url,
        shown=password_masked,
    ),
    Setting(
        "admins",
        "Slack user ids",
        (),
        "Slack user ids allowed to use admin commands.",
        env="SCRBOT_ADMINS",
        parse=parse_user_ids,
    ),
    Setting(
        "digest",
        "section",
        {},
        "The weekly learning prompt: channel, day, time and so on (see DIGEST_SETTINGS).",
        parse=parse_mapping,
    ),
    Setting(
        "front_door_name",
        "text",
        None,
        "Your safeguarding front door, as practitioners know it (e.g. Children's Advice "
        "and Duty Service); every answer says to contact it. Unset: 'your children's "
        "services front door'.",
        env="SCRBOT_FRONT_DOOR_NAME",
        parse=parse_text,
    ),
    Setting(
        "front_door_phone",
        "text",
        None,
        "The front door's phone number, shown beside its name.",
        env="SCRBOT_FRONT_DOOR_PHONE",
        parse=parse_text,
    ),
    Setting(
        "procedures_url",
        "address",
        None,
        "Your local safeguarding children procedures online; answers link to them.",
        env="SCRBOT_PROCEDURES_URL",
        parse=parse_web_page,
    ),
    Setting(
        "log_format",
        "text or json",
        "text",
        "Log lines as 'text' (for people) or 'json' (for log tools).",
        env="SCRBOT_LOG_FORMAT",
        parse=parse_log_format,
    ),
    Setting(
        "console_history",
        "file or off",
        None,
        "Where scrbot console keeps the lines typed at it, for the up arrow: on this "
        "machine only, readable by its owner alone, never who typed them. Unset means "
        "scrbot/console_history in $XDG_STATE_HOME (else ~/.local/state); off keeps none.",
        env="SCRBOT_CONSOLE_HISTORY",
        parse=parse_text,
    ),
)

#: The ``digest`` section's settings. ``channels`` and ``pins`` are lists whose
#: entries take the keys in :data:`DIGEST_CHANNEL_KEYS` and :data:`DIGEST_PIN_KEYS`.
DIGEST_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "channel",
        "channel id",
        None,
        "One channel's id (C…), for a single channel.",
        parse=parse_channel_id,
    ),
    Setting("channels", "list", (), "The channels, each with channel and optionally day, time…"),
    Setting("day", "day name", 0, "The day of the week it posts (monday…).", parse=parse_day),
    Setting(
        "time", "HH:MM", time(9, 30), 'Local time it posts, in quotes ("09:30").', parse=parse_time
    ),
    Setting(
        "timezone",
        "IANA time zone",
        "Europe/London",
        "The time zone of day and time.",
        parse=parse_timezone,
    ),
    Setting(
        "grace_hours",
        "hours",
        timedelta(hours=12),
        "How late a post may still go out after its time (after a restart, say).",
        parse=parse_grace_hours,
    ),
    Setting("pins", "list", (), "Weeks with a chosen theme: week (a date), theme, channel."),
    Setting(
        "run_with_bot",
        "true or false",
        True,
        "Whether scrbot serve posts the prompt; false leaves it to scrbot scheduler.",
        parse=parse_bool,
    ),
)
DIGEST_CHANNEL_KEYS = ("channel", "team", "day", "time", "timezone")
DIGEST_PIN_KEYS = ("week", "theme", "channel")

#: Each setting by its name, as the file and the environment name them.
SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}
#: Each setting of the ``digest`` section by its name.
DIGEST_BY_NAME = {s.name: s for s in DIGEST_SETTINGS}


def env_var(name: str) -> str:
    """The environment variable setting ``name`` is read from (KeyError if it has none)."""
    env = SETTINGS_BY_NAME[name].env
    if env is None:
        raise KeyError(f"{name} has no environment variable")
    return env


@dataclass(frozen=True)
class Settings:
    """The settings in use. Secrets are left out of ``repr`` so they never reach a log."""

    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    redirect_uri: str | None = None
    api_url: str | None = None
    port: int = SETTINGS_BY_NAME["port"].default
    socket_unready_after: float = SETTINGS_BY_NAME["socket_unready_after"].default
    command: str = SETTINGS_BY_NAME["command"].default
    knowledge_paths: tuple[Path, ...] = ()
    index_dir: Path | None = None
    state_path: Path = SETTINGS_BY_NAME["state_path"].default
    database_url: str | None = field(default=None, repr=False)
    admins: tuple[str, ...] = ()
    digest: dict[str, Any] = field(default_factory=dict, hash=False)
    front_door_name: str | None = None
    front_door_phone: str | None = None
    procedures_url: str | None = None
    log_format: str = SETTINGS_BY_NAME["log_format"].default
    console_history: str | None = None
    #: The file the settings were read from, if any.
    source: Path | None = None

    @property
    def database(self) -> str:
        """The database URL in use: ``database_url``, else the SQLite file ``state_path``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.state_path.as_posix()}"

    def secret_values(self) -> tuple[str, ...]:
        """Every secret set (tokens, the signing secret, the database's password), for
        the log to mask wherever one would appear."""
        from index.storage.url import password

        found = [getattr(self, s.name) for s in SETTINGS if s.secret]
        found.append(password(self.database_url or ""))
        return tuple(value for value in found if value)

    def require(self, *names: str) -> None:
        """Raise :class:`ConfigError` naming each of ``names`` that is not set."""
        problems = []
        for name in names:
            if getattr(self, name) in (None, "", ()):
                setting = SETTINGS_BY_NAME[name]
                where = f"set {setting.env} in the environment" if setting.env else ""
                if setting.env and not setting.secret:
                    where += f" or {name} in {self.source or DEFAULT_CONFIG_PATH}"
                problems.append(
                    f"{name} is not set: {where or f'add {name} to the settings file'}."
                )
        if problems:
            raise ConfigError(problems)

    @property
    def installs_with_oauth(self) -> bool:
        """Whether the app installs into workspaces with OAuth (client id and secret
        set) rather than serving one workspace with a bot token."""
        return bool(self.client_id and self.client_secret)

    def redacted(self) -> dict[str, Any]:
        """The settings as a plain dict, secrets shown only as set or not set."""
        shown: dict[str, Any] = {}
        for setting in SETTINGS:
            value = getattr(self, setting.name)
            if setting.secret:
                value = "(set)" if value else "(not set)"
            elif setting.shown is not None:
                value = setting.shown(value)
            elif isinstance(value, Path):
                value = str(value)
            elif isinstance(value, tuple) and all(isinstance(v, Path) for v in value):
                value = [str(v) for v in value]
            shown[setting.name] = value
        return shown
