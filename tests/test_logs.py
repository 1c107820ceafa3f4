"""Logs never carry tokens or the signing secret, in either format."""

import json
import logging

import pytest

from bot.logs import MASK, configure_logging

FAKE_BOT_TOKEN = "xoxb-000000-fictional-test-token"
FAKE_SECRET = "fictional-signing-secret-0000"


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_secrets_are_masked(log_format, capsys):
    configure_logging(log_format, secrets=(FAKE_SECRET,))
    log = logging.getLogger("scrbot.test")
    log.info("token %s and secret %s", FAKE_BOT_TOKEN, FAKE_SECRET)
    try:
        raise RuntimeError(f"failed with {FAKE_BOT_TOKEN}")
    except RuntimeError:
        log.exception("boom")
    err = capsys.readouterr().err
    assert FAKE_BOT_TOKEN not in err and FAKE_SECRET not in err
    assert MASK in err
    if log_format == "json":
        lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
        assert lines[0]["level"] == "info" and "error" in lines[1]


def test_libraries_never_log_at_debug():
    configure_logging("text", level="DEBUG")
    assert logging.getLogger("slack_bolt").getEffectiveLevel() >= logging.INFO
