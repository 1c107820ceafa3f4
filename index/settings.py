"""scrbot's settings: each declared once, with its type, default, environment variable
and help text, read from one YAML file. The bot, the scheduler and ``scrbot config
check`` all read them from here.

The file is ``./scrbot.yaml`` unless ``SCRBOT_CONFIG`` names another. Secrets (and a
few deployment values) can be given as environment variables instead, which win over
the file, so tokens need never be written to disk.

Example::

    from index.settings import load_settings
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

Relative paths in the file are read relative to the file's own folder. The
``digest`` section is checked against the knowledge's theme ids (for its pins) by
:func:`parse_digest_config`, once the knowledge is loaded. A single digest channel
may be written as ``channel: C0123TEAM`` directly under ``digest``; ``day``,
``time`` and ``timezone`` written there are the defaults for every channel.

This module is a little over 400 lines because every setting, the digest section's
included, is declared here and nowhere else; how each kind of value is read lives
in :mod:`index.setting_values`.
"""

from __future__ import annotations

import codecs
import difflib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from index.setting_values import (
    DAY_NAMES,
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
    parse_team_id,
    parse_text,
    parse_theme,
    parse_time,
    parse_timezone,
    parse_token,
    parse_url,
    parse_user_ids,
    parse_web_page,
    parse_week,
    password_masked,
    suggest,
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


class DigestConfigError(ConfigError):
    """The ``digest`` section cannot be used; one line per problem, each naming the key."""


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

_BY_NAME = {s.name: s for s in SETTINGS}
_DIGEST = {s.name: s for s in DIGEST_SETTINGS}
_PATH_SETTINGS = ("index_dir", "state_path")


def env_var(name: str) -> str:
    """The environment variable setting ``name`` is read from (KeyError if it has none)."""
    env = _BY_NAME[name].env
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
    port: int = _BY_NAME["port"].default
    socket_unready_after: float = _BY_NAME["socket_unready_after"].default
    command: str = _BY_NAME["command"].default
    knowledge_paths: tuple[Path, ...] = ()
    index_dir: Path | None = None
    state_path: Path = _BY_NAME["state_path"].default
    database_url: str | None = field(default=None, repr=False)
    admins: tuple[str, ...] = ()
    digest: dict[str, Any] = field(default_factory=dict, hash=False)
    front_door_name: str | None = None
    front_door_phone: str | None = None
    procedures_url: str | None = None
    log_format: str = _BY_NAME["log_format"].default
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
                setting = _BY_NAME[name]
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


def _decode(path: Path, data: bytes) -> str:
    """The file's text: UTF-8 (a byte-order mark is fine), else one clear problem."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ConfigError(
            f"{path} is saved as UTF-16 text; save it as UTF-8 (in most editors: "
            "Save As, then choose UTF-8 as the encoding)."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ConfigError(
            f"{path} is not UTF-8 text (an unreadable byte on line {line}); "
            "save it as UTF-8 and try again."
        ) from None


def _read_file(path: Path, *, explicit: bool) -> dict[str, Any]:
    if not path.exists():
        if explicit:
            raise ConfigError(
                f"The settings file {path} does not exist (named by {CONFIG_ENV} or --config)."
            )
        return {}
    import yaml  # only when there is a file: a lookup with none starts quicker

    try:
        raw = yaml.safe_load(_decode(path, path.read_bytes()))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"{path}{where} is not valid YAML: {getattr(error, 'problem', error)}"
        ) from None
    except OSError as error:
        raise ConfigError(f"{path} could not be read: {error.strerror}") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path} should hold settings as 'name: value' lines, one per setting.")
    return raw


def load_settings(path: str | Path | None = None, env: Mapping[str, str] = os.environ) -> Settings:
    """Read the settings file (``path``, else ``$SCRBOT_CONFIG``, else ``./scrbot.yaml``).

    Environment variables (``SLACK_BOT_TOKEN`` and the others in :data:`SETTINGS`) win
    over the file. A missing default file is fine; a file named explicitly must exist.
    Raises :class:`ConfigError` with one line per problem found.
    """
    explicit = path is not None or bool(env.get(CONFIG_ENV))
    config_path = Path(path if path is not None else env.get(CONFIG_ENV) or DEFAULT_CONFIG_PATH)
    raw = _read_file(config_path, explicit=explicit)
    problems: list[str] = []
    for key in raw:
        if key not in _BY_NAME:
            close = difflib.get_close_matches(str(key), list(_BY_NAME), n=1)
            hint = (
                f" Did you mean {close[0]!r}?"
                if close
                else f" Known settings: {', '.join(_BY_NAME)}."
            )
            problems.append(f"{config_path}: unknown setting {key!r}.{hint}")
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        origin, value = "default", setting.default
        if setting.name in raw:
            origin, value = str(config_path), raw[setting.name]
        if setting.env and env.get(setting.env, "").strip():
            origin, value = f"${setting.env}", env[setting.env]
        if origin == "default":
            values[setting.name] = value
            continue
        try:
            parsed = setting.parse(value)
        except ValueError as error:
            problems.append(f"{origin}: {setting.name} {error}.")
            continue
        if setting.name in _PATH_SETTINGS and parsed is not None and origin == str(config_path):
            parsed = parsed if parsed.is_absolute() else config_path.parent / parsed
        if setting.name == "knowledge_paths" and origin == str(config_path):
            parsed = tuple(p if p.is_absolute() else config_path.parent / p for p in parsed)
        values[setting.name] = setting.default if parsed is None else parsed
    if problems:
        raise ConfigError(problems)
    return Settings(**values, source=config_path if config_path.exists() else None)


# --- The weekly learning prompt's section -------------------------------------------------


@dataclass(frozen=True)
class ChannelSchedule:
    """When one channel gets its prompt: a weekday, a local time and an IANA time zone."""

    channel: str
    day: int = _DIGEST["day"].default
    time: time = _DIGEST["time"].default
    timezone: str = _DIGEST["timezone"].default
    #: The workspace the channel is in, when the bot is installed in several
    #: ("" with one bot token: the one workspace).
    team: str = ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def describe(self) -> str:
        """E.g. ``"Mondays at 09:30 (Europe/London)"``."""
        return f"{DAY_NAMES[self.day].capitalize()}s at {self.time:%H:%M} ({self.timezone})"


@dataclass(frozen=True)
class Pin:
    """A theme chosen for a given week (the Monday that starts it), in one channel or all."""

    week: date
    theme: str
    channel: str | None = None

    def applies_to(self, channel: str, week: date) -> bool:
        return self.week == week and self.channel in (None, channel)


@dataclass(frozen=True)
class DigestConfig:
    """Everything the scheduler needs to know from the settings file."""

    channels: tuple[ChannelSchedule, ...] = ()
    pins: tuple[Pin, ...] = ()
    grace: timedelta = _DIGEST["grace_hours"].default
    #: Whether ``scrbot serve`` runs the prompt too; False when ``scrbot scheduler``
    #: runs it on its own (e.g. the bot runs as several HTTP replicas).
    run_with_bot: bool = _DIGEST["run_with_bot"].default

    def schedule_for(self, channel: str) -> ChannelSchedule | None:
        return next((c for c in self.channels if c.channel == channel), None)

    @property
    def channel_ids(self) -> tuple[str, ...]:
        return tuple(c.channel for c in self.channels)

    @property
    def teams(self) -> tuple[str, ...]:
        """The workspaces with channels, each once ("" for a single-workspace bot)."""
        return tuple(dict.fromkeys(c.team for c in self.channels))

    def for_team(self, team: str) -> DigestConfig:
        """This config with only the channels (and their pins) of workspace ``team``."""
        channels = tuple(c for c in self.channels if c.team == team)
        ids = {c.channel for c in channels}
        pins = tuple(p for p in self.pins if p.channel is None or p.channel in ids)
        return replace(self, channels=channels, pins=pins)


def _unknown_keys(raw: Mapping[str, Any], allowed: Iterable[str], where: str) -> list[str]:
    allowed = tuple(allowed)
    return [
        f"{where}: unknown setting {key!r}{suggest(str(key), allowed)}. "
        f"Known settings here: {', '.join(allowed)}."
        for key in raw
        if key not in allowed
    ]


def parse_digest_config(
    raw: Mapping[str, Any] | None, known_theme_ids: Iterable[str], *, where: str = "digest"
) -> DigestConfig:
    """Check and read the ``digest`` section; ``where`` prefixes each problem (e.g.
    ``"scrbot.yaml: digest"``). Raises :class:`DigestConfigError`, one line a problem."""
    raw = dict(raw or {})
    theme_ids = list(known_theme_ids)
    problems = _unknown_keys(raw, _DIGEST, where)

    def read(key: str, value: Any, parse: Callable[[Any], Any], at: str) -> Any:
        try:
            return parse(value)
        except ValueError as error:
            problems.append(f"{at}.{key}: {error}.")
            return None

    def setting(key: str) -> Any:
        """A section-wide value: the file's, if it is there and usable, else the default."""
        declared = _DIGEST[key]
        parsed = read(key, raw[key], declared.parse, where) if raw.get(key) is not None else None
        return declared.default if parsed is None else parsed

    schedule_keys = ("day", "time", "timezone")
    defaults = {key: setting(key) for key in schedule_keys}
    grace, run_with_bot = setting("grace_hours"), setting("run_with_bot")

    entries: list[tuple[str, Any]] = []
    if raw.get("channel") is not None:
        entries.append((where, {"channel": raw["channel"]}))
    listed = raw.get("channels")
    if listed is not None and not isinstance(listed, list):
        problems.append(
            f"{where}.channels: should be a list of channels, each with a 'channel:' id."
        )
    for number, entry in enumerate(listed if isinstance(listed, list) else []):
        entries.append((f"{where}.channels[{number}]", entry))

    channels: list[ChannelSchedule] = []
    seen: set[str] = set()
    for at, entry in entries:
        if not isinstance(entry, dict):
            problems.append(f"{at}: should be a group of settings with a 'channel:' id.")
            continue
        if at != where:
            problems += _unknown_keys(entry, DIGEST_CHANNEL_KEYS, at)
        if entry.get("channel") is None:
            problems.append(f"{at}.channel: missing — give the channel id, e.g. C0123ABCD.")
            continue
        values = dict(defaults)
        values["channel"] = read("channel", entry["channel"], parse_channel_id, at)
        values["team"] = ""
        if entry.get("team") is not None and at != where:
            values["team"] = read("team", entry["team"], parse_team_id, at)
        for key in schedule_keys:
            if entry.get(key) is not None and at != where:
                values[key] = read(key, entry[key], _DIGEST[key].parse, at)
        if values["channel"] in seen:
            problems.append(f"{at}.channel: {values['channel']} is listed more than once.")
            continue
        seen.add(values["channel"])
        if all(v is not None for v in values.values()):
            channels.append(ChannelSchedule(**values))

    pins: list[Pin] = []
    raw_pins = raw.get("pins")
    if raw_pins is not None and not isinstance(raw_pins, list):
        problems.append(f"{where}.pins: should be a list of weeks, each with 'week:' and 'theme:'.")
    for number, entry in enumerate(raw_pins if isinstance(raw_pins, list) else []):
        at = f"{where}.pins[{number}]"
        if not isinstance(entry, dict) or "week" not in entry or "theme" not in entry:
            problems.append(f"{at}: should have 'week:' (a date) and 'theme:' (a theme id).")
            continue
        problems += _unknown_keys(entry, DIGEST_PIN_KEYS, at)
        week = read("week", entry["week"], parse_week, at)
        theme = read("theme", entry["theme"], lambda v: parse_theme(v, theme_ids), at)
        channel = None
        if entry.get("channel") is not None:
            channel = read("channel", entry["channel"], parse_channel_id, at)
            if channel and channel not in seen:
                problems.append(f"{at}.channel: {channel} is not one of the digest channels.")
        if week and theme:
            pins.append(Pin(week=week, theme=theme, channel=channel))

    if problems:
        raise DigestConfigError(problems)
    return DigestConfig(
        channels=tuple(channels), pins=tuple(pins), grace=grace, run_with_bot=run_with_bot
    )
