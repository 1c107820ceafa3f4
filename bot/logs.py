"""Logging for scrbot: readable lines by default, JSON lines on request, and
never a secret.

Every record passes through :class:`SecretFilter`, which masks Slack tokens
(``xoxb-…``, ``xapp-…``) and any secret value registered at start (the signing
secret), wherever they appear — in our messages or in a library's.

What people type is never logged together with who typed it: listeners log
counts per theme (see ``bot.usage``), not transcripts.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

_TOKEN = re.compile(r"\bx(?:ox[abposr]|app)-[A-Za-z0-9-]+")
MASK = "********"


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


def configure_logging(log_format: str = "text", level: str = "INFO", secrets: tuple[str, ...] = ()) -> None:
    """Send scrbot's and the libraries' logs to stderr in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(SecretFilter(secrets))
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # slack_bolt logs request bodies at DEBUG; keep libraries at INFO or above
    # so a user's words never reach the logs through them.
    for name in ("slack_bolt", "slack_sdk", "apscheduler", "urllib3"):
        logging.getLogger(name).setLevel(max(logging.INFO, root.level))
