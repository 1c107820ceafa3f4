"""The settings: declared once, read from the file and the environment, and checked by
``scrbot config check`` for what would only fail later (unwritable state,
placeholders left in, a file in the wrong encoding)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from bot.cli import main
from index.setting_checks import is_placeholder
from index.setting_file import load_settings
from index.settings import DIGEST_SETTINGS, SETTINGS, ConfigError, Settings

REAL_LOOKING = "admins: [U07QX5MJ2KA]\ndigest:\n  channel: C05GH2ZTR9B\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder and an environment with no scrbot settings in it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCRBOT_CONFIG", raising=False)
    for setting in SETTINGS:
        if setting.env:
            monkeypatch.delenv(setting.env, raising=False)
    return tmp_path


def check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["config", "check", "--config", str(path)])
    return code, capsys.readouterr().err


def test_every_setting_is_declared_once_with_its_help() -> None:
    for declared in (SETTINGS, DIGEST_SETTINGS):
        names = [s.name for s in declared]
        assert len(names) == len(set(names))
        assert all(s.help and s.type for s in declared)
    assert [s.name for s in SETTINGS] == [
        name for name in Settings.__dataclass_fields__ if name != "source"
    ]


def test_the_environment_wins_over_the_file(folder: Path) -> None:
    (folder / "scrbot.yaml").write_text("command: /learn\nport: 8080\n", encoding="utf-8")
    settings = load_settings(env={"PORT": "9090"})
    assert (settings.command, settings.port) == ("/learn", 9090)


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF16_LE + "command: /scr\n".encode("utf-16-le"),
        "command: /scr\n".encode("utf-16"),
    ],
)
def test_a_utf16_settings_file_is_one_clear_line_and_exit_2(
    folder: Path, encoded: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "scrbot.yaml"
    path.write_bytes(encoded)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, env={})
    assert caught.value.problems == [
        f"{path} is saved as UTF-16 text; save it as UTF-8 (in most editors: Save As, "
        "then choose UTF-8 as the encoding)."
    ]
    code, err = check(path, capsys)
    assert code == 2 and "UTF-16" in err and "Traceback" not in err


def test_a_file_that_is_not_utf8_says_which_line(folder: Path) -> None:
    path = folder / "scrbot.yaml"
    path.write_bytes(b"command: /scr\nadmins: [U07QX5MJ2KA]  # caf\xe9\n")
    with pytest.raises(ConfigError, match=r"not UTF-8 text \(an unreadable byte on line 2\)"):
        load_settings(path, env={})


def test_a_utf8_byte_order_mark_is_fine(folder: Path) -> None:
    path = folder / "scrbot.yaml"
    path.write_bytes(codecs.BOM_UTF8 + b"command: /learn\n")
    assert load_settings(path, env={}).command == "/learn"


@pytest.mark.parametrize(
    "value",
    [
        "C0123ABCD",
        "U0123ADMIN",
        "C0000000001",
        "U0000000001",
        "T01234567",
        "xoxb-…",
        "xoxb-...",
        "CHANGEME",
        "xapp-your-token",
        "C1234567890",
    ],
)
def test_placeholders_from_instructions_are_recognised(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize(
    "value", ["C05GH2ZTR9B", "U07QX5MJ2KA", "G01B2C3D4", "xoxb-test-not-real", "/scr"]
)
def test_real_looking_values_are_not_placeholders(value: str) -> None:
    assert not is_placeholder(value)


def test_config_check_passes_real_looking_settings(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "scrbot.yaml"
    path.write_text(REAL_LOOKING, encoding="utf-8")
    assert check(path, capsys) == (0, "")


def test_config_check_refuses_placeholder_ids_and_tokens(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "scrbot.yaml"
    path.write_text(
        "admins: [U0123ADMIN]\ndigest:\n  channels:\n    - channel: C0123ABCD\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-…")
    code, err = check(path, capsys)
    assert code == 2
    assert "admins is still the placeholder 'U0123ADMIN'" in err
    assert "digest.channels[0].channel is still the placeholder 'C0123ABCD'" in err
    # A secret is named, never shown.
    assert "bot_token is still the placeholder from the instructions" in err


def test_config_check_never_shows_the_database_password(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "scrbot.yaml"
    path.write_text(REAL_LOOKING, encoding="utf-8")
    monkeypatch.setenv("SCRBOT_DATABASE_URL", "postgresql://scrbot:fictional-pw@db.internal/scrbot")
    assert main(["config", "check", "--config", str(path)]) == 0
    shown = capsys.readouterr()
    assert "postgresql://scrbot:***@db.internal/scrbot" in shown.out
    assert "fictional-pw" not in shown.out + shown.err
    monkeypatch.setenv("SCRBOT_DATABASE_URL", "postgresql://scrbot:fictional-pw@YOUR-HOST/scrbot")
    code, err = check(path, capsys)
    assert code == 2
    assert "database_url is still the placeholder 'postgresql://scrbot:***@YOUR-HOST/scrbot'" in err
    assert "fictional-pw" not in err


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_config_check_tries_the_state_folder_rather_than_trusting_permissions(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Nothing can be made in /proc, yet its permissions let root (as CI runs) in.
    path = folder / "scrbot.yaml"
    path.write_text(REAL_LOOKING + "state_path: /proc/scrbot.sqlite3\n", encoding="utf-8")
    code, err = check(path, capsys)
    assert code == 2
    assert "state_path: /proc/scrbot.sqlite3 cannot be made" in err


def test_config_check_refuses_a_state_path_it_cannot_write(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "not-a-folder").write_text("", encoding="utf-8")
    path = folder / "scrbot.yaml"
    path.write_text(REAL_LOOKING + "state_path: not-a-folder/scrbot.sqlite3\n", encoding="utf-8")
    code, err = check(path, capsys)
    assert code == 2
    assert f"state_path: {folder / 'not-a-folder' / 'scrbot.sqlite3'} cannot be made" in err
    assert "is a file, not a folder" in err
