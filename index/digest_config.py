"""The weekly learning prompt's section of the settings (``digest:``): each channel's
weekday, time and time zone, and the weeks with a pinned theme, checked against the
knowledge's theme ids once it is loaded. Its settings are declared with the rest,
in :data:`index.settings.DIGEST_SETTINGS`.

Example::

    config = parse_digest_config(settings.digest, kb.themes, where="scrbot.yaml: digest")
    config.schedule_for("C0123TEAM").describe()     # 'Mondays at 09:30 (Europe/London)'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from index.setting_values import (
    DAY_NAMES,
    parse_channel_id,
    parse_team_id,
    parse_theme,
    parse_week,
    suggest,
)
from index.settings import DIGEST_BY_NAME, DIGEST_CHANNEL_KEYS, DIGEST_PIN_KEYS, ConfigError


class DigestConfigError(ConfigError):
    """The ``digest`` section cannot be used; one line per problem, each naming the key."""


@dataclass(frozen=True)
class ChannelSchedule:
    """When one channel gets its prompt: a weekday, a local time and an IANA time zone."""

    channel: str
    day: int = DIGEST_BY_NAME["day"].default
    time: time = DIGEST_BY_NAME["time"].default
    timezone: str = DIGEST_BY_NAME["timezone"].default
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
    grace: timedelta = DIGEST_BY_NAME["grace_hours"].default
    #: Whether ``scrbot serve`` runs the prompt too; False when ``scrbot scheduler``
    #: runs it on its own (e.g. the bot runs as several HTTP replicas).
    run_with_bot: bool = DIGEST_BY_NAME["run_with_bot"].default

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
    problems = _unknown_keys(raw, DIGEST_BY_NAME, where)

    def read(key: str, value: Any, parse: Callable[[Any], Any], at: str) -> Any:
        try:
            return parse(value)
        except ValueError as error:
            problems.append(f"{at}.{key}: {error}.")
            return None

    def setting(key: str) -> Any:
        """A section-wide value: the file's, if it is there and usable, else the default."""
        declared = DIGEST_BY_NAME[key]
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
                values[key] = read(key, entry[key], DIGEST_BY_NAME[key].parse, at)
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
