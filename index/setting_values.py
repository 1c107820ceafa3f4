"""How each kind of setting value is read: text, tokens, ports, paths, Slack ids, days,
times, time zones and weeks.

Each reader takes the raw value (from YAML or the environment) and returns the typed
value, or raises :class:`ValueError` with a reason a person can act on; the caller
puts the setting's name in front. :mod:`index.settings` declares which reader each
setting uses.

Example::

    >>> parse_day("Mon")
    0
    >>> parse_port("80a")
    Traceback (most recent call last):
    ...
    ValueError: should be a whole number between 1 and 65535
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: A slot's grace must end before the next week's slot begins.
MAX_GRACE_HOURS = 6 * 24

CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
TEAM_ID = re.compile(r"T[A-Z0-9]{2,}")
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def suggest(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or nothing."""
    pool = list(choices)
    close = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise ValueError("should be a piece of text")
    return str(value).strip() or None


def parse_token(prefix: str) -> Callable[[Any], str | None]:
    """A reader for a Slack token that starts with ``prefix`` (``xoxb-``, ``xapp-``)."""

    def parse(value: Any) -> str | None:
        token = parse_text(value)
        if token is not None and not token.startswith(prefix):
            raise ValueError(f"should start with {prefix!r} (check you copied the right token)")
        return token

    return parse


def parse_url(value: Any) -> str | None:
    url = parse_text(value)
    if url is None:
        return None
    if not re.match(r"^https?://[^\s/]+", url):
        raise ValueError("should be an http:// or https:// address, e.g. https://slack.com/api/")
    # slack_sdk joins method names straight onto base_url, so it must end with "/".
    return url if url.endswith("/") else url + "/"


def parse_web_page(value: Any) -> str | None:
    """A web address people open (kept as given)."""
    url = parse_text(value)
    if url is not None and not re.match(r"^https?://[^\s/]+\S*$", url):
        raise ValueError("should be a web address starting http:// or https://")
    return url


def parse_port(value: Any) -> int:
    try:
        port = int(str(value).strip())
    except ValueError:
        raise ValueError("should be a whole number between 1 and 65535") from None
    if not 0 < port < 65536:
        raise ValueError("should be a whole number between 1 and 65535")
    return port


def parse_seconds(value: Any) -> float:
    try:
        seconds = float(str(value).strip())
    except ValueError:
        raise ValueError("should be a number of seconds, e.g. 30") from None
    if not 0 < seconds <= 3600:
        raise ValueError("should be a number of seconds between 0 and 3600, e.g. 30")
    return seconds


def parse_command(value: Any) -> str:
    command = parse_text(value) or ""
    if not re.fullmatch(r"/[a-z0-9_\-]{1,31}", command):
        raise ValueError(
            "should be a slash command such as /scr: a '/' then up to 31 lowercase "
            "letters, digits, '-' or '_'"
        )
    return command


def parse_path(value: Any) -> Path | None:
    text = parse_text(value)
    return Path(text).expanduser() if text else None


def parse_database_url(value: Any) -> str | None:
    """A database URL scrbot can use: ``sqlite:///PATH`` or ``postgresql://…``."""
    from index.storage.errors import StorageError
    from index.storage.url import engine_url

    url = parse_text(value)
    if url is None:
        return None
    try:
        engine_url(url)
    except StorageError:
        scheme = url.split("://", 1)[0] if "://" in url else "no scheme"
        raise ValueError(
            "should be sqlite:///PATH (a file) or postgresql://USER:PASSWORD@HOST:PORT/NAME, "
            f"not {scheme}"
        ) from None
    return url


def password_masked(url: str | None) -> str | None:
    """A database URL with its password (if any) masked, to show it."""
    from index.storage.url import shown

    return shown(url) if url else url


def parse_paths(value: Any) -> tuple[Path, ...]:
    """A list of folders, or ``dir1:dir2`` (as in the environment)."""
    if value is None:
        return ()
    items = value.split(os.pathsep) if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError("should be a list of folders, e.g. [knowledge, /var/lib/scrbot/knowledge]")
    return tuple(path for path in (parse_path(item) for item in items) if path is not None)


def parse_user_ids(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError("should be a list of Slack user ids, e.g. [U0000000001]")
    ids = tuple(str(item).strip() for item in items if str(item).strip())
    wrong = [i for i in ids if not USER_ID.fullmatch(i)]
    if wrong:
        raise ValueError(
            f"{', '.join(wrong)} is not a Slack user id (they look like U0123ABCD; "
            "find one under a person's profile, 'Copy member ID')"
        )
    return ids


def parse_mapping(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError("should be a group of settings (a YAML mapping)")
    return dict(value)


def parse_log_format(value: Any) -> str:
    text = (parse_text(value) or "").lower()
    if text not in ("text", "json"):
        raise ValueError("should be 'text' or 'json'")
    return text


def parse_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} should be true or false")
    return value


def parse_grace_hours(value: Any) -> timedelta:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= (MAX_GRACE_HOURS)
    ):
        raise ValueError(
            f"{value!r} should be a number of hours above 0 and at most {MAX_GRACE_HOURS} "
            "(so a late post never meets next week's)"
        )
    return timedelta(hours=value)


def week_start(day: date) -> date:
    """The Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


@cache
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def parse_day(value: Any) -> int:
    """``"monday"``, ``"Mon"`` -> 0. Raises ValueError with a readable reason."""
    text = str(value).strip().lower() if isinstance(value, str) else ""
    for number, name in enumerate(DAY_NAMES):
        if text and (text == name or (len(text) >= 3 and name.startswith(text))):
            return number
    raise ValueError(
        f"{value!r} is not a day of the week{suggest(text, DAY_NAMES)}. "
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
        f"{value!r} is not a time zone we know{suggest(name, _zone_names())}. "
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
    if not CHANNEL_ID.fullmatch(text):
        raise ValueError(
            f"{value!r} is not a channel id. Channel ids look like C0123ABCD: open the "
            "channel's details in Slack and copy the id from the bottom of the About tab"
        )
    return text


def parse_team_id(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not TEAM_ID.fullmatch(text):
        raise ValueError(
            f"{value!r} is not a workspace (team) id. Team ids look like T0123ABCD: in Slack, "
            "the workspace's name -> Tools & settings -> Workspace settings shows it in the address"
        )
    return text


def parse_theme(value: Any, known_theme_ids: Iterable[str]) -> str:
    known = list(known_theme_ids)
    text = value.strip() if isinstance(value, str) else ""
    if text not in known:
        raise ValueError(
            f"{value!r} is not a theme in the knowledge{suggest(text, known)}. "
            "Run `scrbot digest status` or `/scr themes` to see the theme ids"
        )
    return text
