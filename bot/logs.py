"""Logging for scrbot: readable lines by default, JSON lines on request, and
never a secret.

Every record passes through :class:`SecretFilter`, which masks Slack tokens
(``xoxb-…``, ``xapp-…``) and any secret value registered at start (the signing
secret), wherever they appear — in our messages or in a library's.

What people type is never logged together with who typed it: the listeners and
verbs log counts (``command verb=search``, ``lookup kind=theme id=…``) and the
record of use keeps counts per theme and month (:mod:`index.usage`), never
transcripts.

The ``scrbot`` command sets the format and level once for the whole process
(``scrbot --log-format json --log-level debug serve``); what is given on the
command line wins over the settings file wherever logging is configured later::

    choose_on_command_line("json", None)      # from scrbot's global options
    configure_logging("text", "INFO", secrets=(signing_secret,))   # JSON lines, INFO
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import TextIO

_TOKEN = re.compile(r"\bx(?:ox[abposr]|app)-[A-Za-z0-9-]+")
MASK = "********"
#: The log levels the command line accepts.
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
#: Libraries whose DEBUG lines carry request bodies (what someone typed).
_CHATTY_LIBRARIES = ("slack_bolt", "slack_sdk", "apscheduler", "urllib3")
#: Our own packages: the only ones whose DEBUG lines are written.
_OUR_PACKAGES = frozenset({"bot", "index", "scheduler", "__main__"})

#: Format and level given on the command line; they win over the settings file.
_command_line: dict[str, str] = {}
#: Every secret registered in this process, so reconfiguring never forgets one.
_registered: set[str] = set()


class SecretFilter(logging.Filter):
    """Mask tokens and registered secrets in every record's final message."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s and len(s) >= 6)

    def mask(self, text: str) -> str:
        text = _TOKEN.sub(MASK, text)
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = self.mask(message)
        if record.exc_info:
            # Render the traceback now so it can be masked too.
            record.exc_text = self.mask(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if masked != message or record.args:
            record.msg, record.args = masked, None
        return True


class LibraryDebugFilter(logging.Filter):
    """Let through DEBUG lines from our own packages only.

    Setting the libraries' loggers to INFO is not enough: Bolt gives each app and
    request logger the root logger's level when it makes them, and at DEBUG it
    logs every answer's body, which can show back what someone typed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.INFO or record.name.split(".")[0] in _OUR_PACKAGES


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message (and error)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["error"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class _ScrbotHandler(logging.StreamHandler[TextIO]):
    """The handler :func:`configure_logging` installs (and replaces when called again)."""


def choose_on_command_line(log_format: str | None, level: str | None) -> None:
    """Remember ``scrbot``'s ``--log-format`` and ``--log-level`` (None: not given)."""
    _command_line.clear()
    if log_format:
        _command_line["format"] = log_format
    if level:
        _command_line["level"] = level.upper()


def configure_logging(
    log_format: str = "text", level: str = "INFO", secrets: tuple[str, ...] = ()
) -> None:
    """Send scrbot's and the libraries' logs to stderr in the chosen format.

    The command line's choices (see :func:`choose_on_command_line`) win over
    ``log_format`` and ``level``. ``secrets`` are added to those registered
    before, so calling this again never unmasks one. Only the handler this
    function installed is replaced; others (a test's, a host's) are left alone.
    """
    log_format = _command_line.get("format", log_format)
    level = _command_line.get("level", level).upper()
    _registered.update(s for s in secrets if s)
    handler = _ScrbotHandler(sys.stderr)
    handler.addFilter(LibraryDebugFilter())
    handler.addFilter(SecretFilter(tuple(sorted(_registered))))
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    root = logging.getLogger()
    remove_handlers()
    root.addHandler(handler)
    root.setLevel(level)
    # slack_bolt logs request bodies at DEBUG; keep libraries at INFO or above
    # so a user's words never reach the logs through them.
    for name in _CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.INFO, root.level))


def remove_handlers() -> None:
    """Take away the handler :func:`configure_logging` installed, if any."""
    root = logging.getLogger()
    for old in list(root.handlers):
        if isinstance(old, _ScrbotHandler):
            root.removeHandler(old)
