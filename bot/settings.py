"""scrbot's settings: each declared once in :data:`SETTINGS`, read from one YAML file.

The file is ``./scrbot.yaml`` unless ``SCRBOT_CONFIG`` names another. Secrets (and a
few deployment values) can be given as environment variables instead, which win over
the file, so tokens need never be written to disk.

Example::

    from bot.settings import load_settings
    settings = load_settings()              # ./scrbot.yaml (if present) + environment
    settings.command                        # '/scr'
    settings.require("bot_token", "signing_secret")   # ConfigError if either is missing

A ``scrbot.yaml`` looks like::

    command: /scr
    admins: [U0000000001]
    state_path: var/scrbot.sqlite3
    digest:
      channel: C0000000001
      day: monday
      time: "09:00"

Relative paths in the file are read relative to the file's own folder.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: Where the settings file is looked for when ``SCRBOT_CONFIG`` is not set.
DEFAULT_CONFIG_PATH = Path("scrbot.yaml")
#: The environment variable naming the settings file.
CONFIG_ENV = "SCRBOT_CONFIG"


class ConfigError(Exception):
    """The settings could not be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Setting:
    """One setting: its name in the file, default, help, environment variable, secrecy."""

    name: str
    default: Any
    help: str
    env: str | None = None
    secret: bool = False
    #: Turns the raw value (from YAML or the environment) into the typed value;
    #: raises ValueError with a readable reason when the value is not usable.
    parse: Callable[[Any], Any] = lambda value: value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise ValueError("should be a piece of text")
    return str(value).strip() or None


def _token(prefix: str) -> Callable[[Any], str | None]:
    def parse(value: Any) -> str | None:
        token = _text(value)
        if token is not None and not token.startswith(prefix):
            raise ValueError(f"should start with {prefix!r} (check you copied the right token)")
        return token

    return parse


def _url(value: Any) -> str | None:
    url = _text(value)
    if url is None:
        return None
    if not re.match(r"^https?://[^\s/]+", url):
        raise ValueError("should be an http:// or https:// address, e.g. https://slack.com/api/")
    # slack_sdk joins method names straight onto base_url, so it must end with "/".
    return url if url.endswith("/") else url + "/"


def _port(value: Any) -> int:
    try:
        port = int(str(value).strip())
    except ValueError:
        raise ValueError("should be a whole number between 1 and 65535") from None
    if not 0 < port < 65536:
        raise ValueError("should be a whole number between 1 and 65535")
    return port


def _command(value: Any) -> str:
    command = _text(value) or ""
    if not re.fullmatch(r"/[a-z0-9_\-]{1,31}", command):
        raise ValueError(
            "should be a slash command such as /scr: a '/' then up to 31 lowercase "
            "letters, digits, '-' or '_'"
        )
    return command


def _path(value: Any) -> Path | None:
    text = _text(value)
    return Path(text).expanduser() if text else None


def _user_ids(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError("should be a list of Slack user ids, e.g. [U0000000001]")
    ids = tuple(str(item).strip() for item in items if str(item).strip())
    wrong = [i for i in ids if not re.fullmatch(r"[UW][A-Z0-9]{2,}", i)]
    if wrong:
        raise ValueError(
            f"{', '.join(wrong)} is not a Slack user id (they look like U0123ABCD; "
            "find one under a person's profile, 'Copy member ID')"
        )
    return ids


def _mapping(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError("should be a group of settings (a YAML mapping)")
    return dict(value)


def _log_format(value: Any) -> str:
    text = (_text(value) or "").lower()
    if text not in ("text", "json"):
        raise ValueError("should be 'text' or 'json'")
    return text


#: Every setting, declared once. The dataclass :class:`Settings` has one field per entry.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "bot_token",
        None,
        "The bot's OAuth token (xoxb-…), from the app's OAuth & Permissions page.",
        env="SLACK_BOT_TOKEN",
        secret=True,
        parse=_token("xoxb-"),
    ),
    Setting(
        "signing_secret",
        None,
        "Signing secret used to check requests come from Slack (HTTP mode).",
        env="SLACK_SIGNING_SECRET",
        secret=True,
        parse=_text,
    ),
    Setting(
        "app_token",
        None,
        "App-level token (xapp-…) with connections:write, for Socket Mode.",
        env="SLACK_APP_TOKEN",
        secret=True,
        parse=_token("xapp-"),
    ),
    Setting(
        "api_url",
        None,
        "Slack Web API base address; leave unset for Slack itself.",
        env="SLACK_API_URL",
        parse=_url,
    ),
    Setting("port", 3000, "Port the HTTP server listens on (HTTP mode).", env="PORT", parse=_port),
    Setting(
        "command",
        "/scr",
        "The slash command, as set in the Slack app manifest.",
        env="SCRBOT_COMMAND",
        parse=_command,
    ),
    Setting(
        "knowledge_dir",
        None,
        "Folder of knowledge YAML; unset means the bundled knowledge/.",
        env="SCRBOT_KNOWLEDGE",
        parse=_path,
    ),
    Setting(
        "index_dir",
        None,
        "Folder for the search index; unset means the search engine's default.",
        env="SCRBOT_INDEX_DIR",
        parse=_path,
    ),
    Setting(
        "state_path",
        Path("var/scrbot.sqlite3"),
        "SQLite file for the bot's state (digest, packs).",
        env="SCRBOT_STATE",
        parse=_path,
    ),
    Setting(
        "admins",
        (),
        "Slack user ids allowed to use admin commands.",
        env="SCRBOT_ADMINS",
        parse=_user_ids,
    ),
    Setting(
        "digest", {}, "The weekly learning prompt: channel, day, time and so on.", parse=_mapping
    ),
    Setting(
        "log_format",
        "text",
        "Log lines as 'text' (for people) or 'json' (for log tools).",
        env="SCRBOT_LOG_FORMAT",
        parse=_log_format,
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}
_PATH_SETTINGS = ("knowledge_dir", "index_dir", "state_path")


@dataclass(frozen=True)
class Settings:
    """The settings in use. Secrets are left out of ``repr`` so they never reach a log."""

    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str | None = None
    port: int = 3000
    command: str = "/scr"
    knowledge_dir: Path | None = None
    index_dir: Path | None = None
    state_path: Path = Path("var/scrbot.sqlite3")
    admins: tuple[str, ...] = ()
    digest: dict[str, Any] = field(default_factory=dict, hash=False)
    log_format: str = "text"
    #: The file the settings were read from, if any.
    source: Path | None = None

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

    def redacted(self) -> dict[str, Any]:
        """The settings as a plain dict, secrets shown only as set or not set."""
        shown: dict[str, Any] = {}
        for setting in SETTINGS:
            value = getattr(self, setting.name)
            if setting.secret:
                value = "(set)" if value else "(not set)"
            elif isinstance(value, Path):
                value = str(value)
            shown[setting.name] = value
        return shown


def _read_file(path: Path, *, explicit: bool) -> dict[str, Any]:
    if not path.exists():
        if explicit:
            raise ConfigError(
                f"The settings file {path} does not exist (named by {CONFIG_ENV} or --config)."
            )
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
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
        values[setting.name] = setting.default if parsed is None else parsed
    if problems:
        raise ConfigError(problems)
    return Settings(**values, source=config_path if config_path.exists() else None)
