"""Reading the settings: the file (UTF-8 YAML, its problems said plainly) and the
environment, which wins over it, into :class:`~index.settings.Settings`, each value
read as :data:`~index.settings.SETTINGS` declares.

Example::

    from index.setting_file import load_settings
    settings = load_settings()              # ./scrbot.yaml (if present) + environment
    settings.command                        # '/scr'
"""

from __future__ import annotations

import codecs
import difflib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from index.settings import (
    CONFIG_ENV,
    DEFAULT_CONFIG_PATH,
    SETTINGS,
    SETTINGS_BY_NAME,
    ConfigError,
    Settings,
)

#: Paths read from the file are relative to the file's own folder.
_PATH_SETTINGS = ("index_dir", "state_path")


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
        if key not in SETTINGS_BY_NAME:
            close = difflib.get_close_matches(str(key), list(SETTINGS_BY_NAME), n=1)
            hint = (
                f" Did you mean {close[0]!r}?"
                if close
                else f" Known settings: {', '.join(SETTINGS_BY_NAME)}."
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
