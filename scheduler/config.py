"""The weekly learning prompt's settings: which channels, when, and any pinned themes.

:func:`parse_digest_config` turns the ``digest`` section of the bot's config file
into a :class:`DigestConfig`, or raises :class:`DigestConfigError` with one line
per problem, each naming the key, so a broken config is refused at start::

    scrbot.yaml: digest.channels[0].timezone: 'Europe/Londn' is not a time zone
    we know (did you mean 'Europe/London'?). Use an IANA name such as Europe/London.

The section looks like this (every key optional except the channel)::

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

A single channel may be written as ``channel: C0123TEAM`` directly under
``digest``; ``day``, ``time`` and ``timezone`` written there are the defaults
for every channel. ``run_with_bot: false`` leaves the prompt to ``scrbot
scheduler`` (for a bot run as several HTTP replicas).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

#: The schedule a channel gets unless its config says otherwise.
DEFAULT_DAY = 0  # Monday
DEFAULT_TIME = time(9, 30)
DEFAULT_TIMEZONE = "Europe/London"
#: How late a post may still go out after the scheduled time (e.g. after a restart).
DEFAULT_GRACE = timedelta(hours=12)
#: A slot's grace must end before the next week's slot begins.
MAX_GRACE_HOURS = 6 * 24

DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_SECTION_KEYS = (
    "channel",
    "channels",
    "day",
    "time",
    "timezone",
    "grace_hours",
    "pins",
    "run_with_bot",
)
_CHANNEL_KEYS = ("channel", "day", "time", "timezone")
_PIN_KEYS = ("week", "theme", "channel")


class DigestConfigError(Exception):
    """The digest settings cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class ChannelSchedule:
    """When one channel gets its prompt: a weekday, a local time and an IANA time zone."""

    channel: str
    day: int = DEFAULT_DAY
    time: time = DEFAULT_TIME
    timezone: str = DEFAULT_TIMEZONE

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
    """Everything the scheduler needs to know from the config file."""

    channels: tuple[ChannelSchedule, ...] = ()
    pins: tuple[Pin, ...] = ()
    grace: timedelta = DEFAULT_GRACE
    #: Whether ``scrbot serve`` runs the prompt too; False when ``scrbot scheduler``
    #: runs it on its own (e.g. the bot runs as several HTTP replicas).
    run_with_bot: bool = True

    def schedule_for(self, channel: str) -> ChannelSchedule | None:
        return next((c for c in self.channels if c.channel == channel), None)

    @property
    def channel_ids(self) -> tuple[str, ...]:
        return tuple(c.channel for c in self.channels)


def week_start(day: date) -> date:
    """The Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


@cache
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def _suggest(value: str, choices: Iterable[str]) -> str:
    pool = list(choices)
    close = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_day(value: Any) -> int:
    """``"monday"``, ``"Mon"`` -> 0. Raises ValueError with a readable reason."""
    text = str(value).strip().lower() if isinstance(value, str) else ""
    for number, name in enumerate(DAY_NAMES):
        if text and (text == name or (len(text) >= 3 and name.startswith(text))):
            return number
    raise ValueError(
        f"{value!r} is not a day of the week{_suggest(text, DAY_NAMES)}. "
        "Use a day name such as monday"
    )


def parse_time(value: Any) -> time:
    """``"09:30"`` -> 09:30. Raises ValueError with a readable reason."""
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 9:30 as the number 570 (minutes in base 60).
        raise ValueError(
            f'{value!r} is a number, not a time: write the time in quotes, e.g. "09:30"'
        )
    match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(
            f'{value!r} is not a time of day. Use 24-hour HH:MM in quotes, e.g. "09:30"'
        )
    return time(int(match.group(1)), int(match.group(2)))


def parse_timezone(value: Any) -> str:
    """An IANA time zone name such as ``Europe/London``. Raises ValueError otherwise."""
    name = value.strip() if isinstance(value, str) else ""
    if name and name in _zone_names():
        try:
            ZoneInfo(name)
            return name
        except (ZoneInfoNotFoundError, ValueError):
            pass  # listed but unreadable on this machine: reported below like any other
    raise ValueError(
        f"{value!r} is not a time zone we know{_suggest(name, _zone_names())}. "
        "Use an IANA name such as Europe/London"
    )


def parse_week(value: Any) -> date:
    """A date (any day of the week) -> the Monday that starts its week."""
    if isinstance(value, datetime):
        return week_start(value.date())
    if isinstance(value, date):
        return week_start(value)
    if isinstance(value, str):
        try:
            return week_start(date.fromisoformat(value.strip()))
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date. Write the week as a date, e.g. 2026-11-30")


def parse_channel_id(value: Any) -> str:
    text = str(value).strip() if isinstance(value, str | int) else ""
    if not _CHANNEL_ID.fullmatch(text):
        raise ValueError(
            f"{value!r} is not a channel id. Channel ids look like C0123ABCD: open the "
            "channel's details in Slack and copy the id from the bottom of the About tab"
        )
    return text


def parse_theme(value: Any, known_theme_ids: Iterable[str]) -> str:
    known = list(known_theme_ids)
    text = value.strip() if isinstance(value, str) else ""
    if text not in known:
        raise ValueError(
            f"{value!r} is not a theme in the knowledge{_suggest(text, known)}. "
            "Run `scrbot digest status` or `/scr themes` to see the theme ids"
        )
    return text


def _unknown_keys(raw: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> list[str]:
    problems = []
    for key in raw:
        if key not in allowed:
            problems.append(
                f"{where}: unknown setting {key!r}{_suggest(str(key), allowed)}. "
                f"Known settings here: {', '.join(allowed)}."
            )
    return problems


def parse_digest_config(
    raw: Mapping[str, Any] | None,
    known_theme_ids: Iterable[str],
    *,
    where: str = "digest",
) -> DigestConfig:
    """Check and read the ``digest`` section; ``where`` prefixes each problem (e.g.
    ``"scrbot.yaml: digest"``). Raises :class:`DigestConfigError`, one line a problem."""
    raw = dict(raw or {})
    theme_ids = list(known_theme_ids)
    problems = _unknown_keys(raw, _SECTION_KEYS, where)

    def read(key: str, value: Any, parse: Any, at: str) -> Any:
        try:
            return parse(value)
        except ValueError as error:
            problems.append(f"{at}.{key}: {error}.")
            return None

    defaults: dict[str, Any] = {
        "day": DEFAULT_DAY,
        "time": DEFAULT_TIME,
        "timezone": DEFAULT_TIMEZONE,
    }
    parsers = {"day": parse_day, "time": parse_time, "timezone": parse_timezone}
    for key, parse in parsers.items():
        if raw.get(key) is not None:
            parsed = read(key, raw[key], parse, where)
            defaults[key] = parsed if parsed is not None else defaults[key]

    grace = DEFAULT_GRACE
    if raw.get("grace_hours") is not None:
        hours = raw["grace_hours"]
        if (
            isinstance(hours, bool)
            or not isinstance(hours, int | float)
            or not 0 < hours <= MAX_GRACE_HOURS
        ):
            problems.append(
                f"{where}.grace_hours: {hours!r} should be a number of hours above 0 and at "
                f"most {MAX_GRACE_HOURS} (so a late post never meets next week's)."
            )
        else:
            grace = timedelta(hours=hours)

    run_with_bot = raw.get("run_with_bot", True)
    if not isinstance(run_with_bot, bool):
        problems.append(f"{where}.run_with_bot: {run_with_bot!r} should be true or false.")

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
            problems += _unknown_keys(entry, _CHANNEL_KEYS, at)
        if entry.get("channel") is None:
            problems.append(f"{at}.channel: missing — give the channel id, e.g. C0123ABCD.")
            continue
        values = dict(defaults)
        values["channel"] = read("channel", entry["channel"], parse_channel_id, at)
        for key, parse in parsers.items():
            if entry.get(key) is not None and at != where:
                values[key] = read(key, entry[key], parse, at)
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
        problems += _unknown_keys(entry, _PIN_KEYS, at)
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
        channels=tuple(channels), pins=tuple(pins), grace=grace, run_with_bot=bool(run_with_bot)
    )
