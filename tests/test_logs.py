"""Logs never carry tokens or the signing secret, in either format; ``scrbot``'s
global options choose the format and level; and the log guard that checks a
whole test run does catch a leak."""

import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from bot.logs import MASK, SecretFilter, configure_logging
from tests.fakes.credentials import (
    BOT_TOKEN,
    MASKING_BOT_TOKEN,
    MASKING_SECRET,
    SIGNING_SECRET,
)

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_secrets_are_masked(log_format, capsys):
    configure_logging(log_format, secrets=(MASKING_SECRET,))
    log = logging.getLogger("scrbot.test")
    log.info("token %s and secret %s", MASKING_BOT_TOKEN, MASKING_SECRET)
    try:
        raise RuntimeError(f"failed with {MASKING_BOT_TOKEN}")
    except RuntimeError:
        log.exception("boom")
    err = capsys.readouterr().err
    assert MASKING_BOT_TOKEN not in err and MASKING_SECRET not in err
    assert MASK in err
    if log_format == "json":
        lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
        assert lines[0]["level"] == "info" and "error" in lines[1]


def secret_filter(handler: logging.Handler) -> SecretFilter:
    return next(f for f in handler.filters if isinstance(f, SecretFilter))


def test_libraries_never_log_at_debug():
    configure_logging("text", level="DEBUG")
    assert logging.getLogger("slack_bolt").getEffectiveLevel() >= logging.INFO


def test_only_our_own_debug_lines_are_written_even_from_a_logger_bolt_set_to_debug(capsys):
    configure_logging("text", level="DEBUG")
    # Bolt copies the root logger's level onto the loggers it makes, as here.
    bolt = logging.getLogger("slack_bolt.App")
    bolt.setLevel(logging.DEBUG)
    try:
        bolt.debug('Responding with status: 200 body: "what someone typed"')
        bolt.info("The connection has been closed")
        logging.getLogger("bot.http_server").debug('"POST /slack/events HTTP/1.1" 200 -')
    finally:
        bolt.setLevel(logging.NOTSET)
    err = capsys.readouterr().err
    assert "what someone typed" not in err
    assert "The connection has been closed" in err and "POST /slack/events" in err


def test_configuring_again_keeps_other_handlers_and_every_secret(capsys):
    kept = logging.NullHandler()
    logging.getLogger().addHandler(kept)
    try:
        configure_logging("text", secrets=(MASKING_SECRET,))
        configure_logging("json")  # e.g. serve reconfiguring after the command line did
        handlers = logging.getLogger().handlers
        assert kept in handlers
        ours = [h for h in handlers if type(h).__name__ == "_ScrbotHandler"]
        assert len(ours) == 1
        assert secret_filter(ours[0]).mask(f"x {MASKING_SECRET}") == f"x {MASK}"
    finally:
        logging.getLogger().removeHandler(kept)


@pytest.fixture
def no_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("SCRBOT_CONFIG", "SCRBOT_LOG_FORMAT", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def emit_from_a_subcommand() -> None:
    """What ``scrbot serve`` does: configure from the settings, then log."""
    configure_logging("text", "INFO")
    logging.getLogger("bot.test").info("ready")
    logging.getLogger("bot.test").debug("a detail")


def test_the_command_line_format_and_level_win_over_the_settings(no_settings, capsys):
    (no_settings / "scrbot.yaml").write_text("log_format: text\n", encoding="utf-8")
    assert main(["--log-format", "json", "--log-level", "debug", "config", "check"]) == 0
    # main() configured the process's logging before running the subcommand.
    logging.getLogger("bot.test").debug("a detail")
    lines = [json.loads(x) for x in capsys.readouterr().err.splitlines() if x.startswith("{")]
    assert [(line["level"], line["message"]) for line in lines] == [("debug", "a detail")]


def test_json_lines_from_the_command_line_reach_a_subcommands_logging(no_settings, capsys):
    from bot.logs import choose_on_command_line

    choose_on_command_line("json", "debug")
    try:
        emit_from_a_subcommand()
    finally:
        choose_on_command_line(None, None)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(line["level"], line["message"]) for line in lines] == [
        ("info", "ready"),
        ("debug", "a detail"),
    ]


def test_the_settings_format_is_used_when_the_command_line_says_nothing(no_settings, capsys):
    (no_settings / "scrbot.yaml").write_text("log_format: json\n", encoding="utf-8")
    assert main(["config", "check"]) == 0
    logging.getLogger("bot.test").warning("from the settings")
    (line,) = [json.loads(x) for x in capsys.readouterr().err.splitlines() if x.startswith("{")]
    assert line["message"] == "from the settings" and line["level"] == "warning"


def test_the_settings_secrets_are_masked_from_the_start(no_settings, monkeypatch, capsys):
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    assert main(["config", "check"]) == 0
    handler = next(h for h in logging.getLogger().handlers if type(h).__name__ == "_ScrbotHandler")
    assert secret_filter(handler).mask(f"v0:{SIGNING_SECRET}") == f"v0:{MASK}"


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--log-format", "xml", "config", "check"], "invalid choice: 'xml'"),
        (["--log-level", "loud", "config", "check"], "invalid choice: 'LOUD'"),
    ],
)
def test_a_wrong_log_option_is_one_clear_line(no_settings, capsys, args, problem):
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert problem in capsys.readouterr().err


def run_pytest_with_the_guard(folder: Path, test_body: str) -> subprocess.CompletedProcess:
    (folder / "test_sample.py").write_text(textwrap.dedent(test_body), encoding="utf-8")
    # The records go to a file in the test's own folder, not a temporary one left behind.
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "SCRBOT_TEST_LOG": str(folder / "run.log")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.log_guard", "-p", "no:cacheprovider"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_log_guard_fails_a_run_that_logs_a_token(tmp_path):
    token = BOT_TOKEN
    done = run_pytest_with_the_guard(
        tmp_path,
        f"""
        import logging

        def test_passes_but_logs_a_token():
            logging.getLogger("slack_sdk.web").debug("calling with %s", {token!r})
        """,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    assert "secrets in the logs" in done.stdout
    assert "slack_sdk.web: calling with" in done.stdout


def test_the_log_guard_passes_a_clean_run(tmp_path):
    done = run_pytest_with_the_guard(
        tmp_path,
        """
        import logging

        def test_logs_only_counts():
            logging.getLogger("bot.commands").info("command verb=search surface=slash")
        """,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "secrets in the logs" not in done.stdout
