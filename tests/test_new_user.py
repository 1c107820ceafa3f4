"""What a new user met when trying scrbot, each fixed: the command line says what was
wrong and gives the documented exit status, and the instructions work as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.cli import main
from tests.search_support import FIXTURE_KNOWLEDGE

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_validate_with_a_missing_sources_folder_blames_the_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nonexistent"
    code = main(["validate", "--knowledge", str(FIXTURE_KNOWLEDGE), "--sources", str(missing)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"the sources folder {missing} does not exist" in err
    assert "problem" not in err  # the knowledge is not blamed


def test_ask_json_does_not_echo_pasted_personal_details(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pasted = "neglect NHS 943 476 5919 at NR1 2DH"
    code = main(
        ["ask", "--knowledge", str(FIXTURE_KNOWLEDGE), "--index", str(tmp_path), "--json", pasted]
    )
    out = capsys.readouterr().out
    assert code == 0
    shown = json.loads(out)["query"]
    assert "943" not in out and "NR1" not in out
    assert shown == "neglect NHS at"


def test_the_systemd_instructions_let_the_service_user_read_its_settings() -> None:
    unit = (ROOT / "deploy" / "scrbot.service").read_text(encoding="utf-8")
    user = re.search(r"^User=(\S+)", unit, re.M)
    assert user is not None
    made = re.search(r"install -d (.*) /etc/scrbot\b", README)
    assert made is not None
    options = made.group(1)
    # Mode 0750 lets the owner and the group in, so the service's user must be the group.
    assert "-m 0750" in options and f"-g {user.group(1)}" in options
    assert f"-g {user.group(1)} deploy/scrbot.example.yaml" in README


@pytest.mark.parametrize(
    ("env", "docker", "host"),
    [
        ({}, False, "127.0.0.1"),
        ({"SCRBOT_IN_CONTAINER": "1"}, False, "0.0.0.0"),
        ({"container": "podman"}, False, "0.0.0.0"),
        ({}, True, "0.0.0.0"),
    ],
)
def test_serve_listens_on_this_machine_only_unless_in_a_container(
    tmp_path: Path, env: dict[str, str], docker: bool, host: str
) -> None:
    from bot.cli.serve import default_host

    dockerenv = tmp_path / ".dockerenv"
    if docker:
        dockerenv.write_text("")
    chosen, why = default_host(env, dockerenv)
    assert chosen == host
    assert why.startswith("in a container") == (host == "0.0.0.0")


@pytest.mark.parametrize(
    ("app_token", "http", "why"),
    [
        ("xapp-1-A000TEST-000000000-fictionaltestapptoken", False, "Socket Mode"),
        (None, True, "SLACK_APP_TOKEN is not, so the bot answers Slack over HTTP"),
    ],
)
def test_run_says_which_mode_it_chose_and_why(app_token: str | None, http: bool, why: str) -> None:
    from bot.cli.run import chosen_mode

    chosen, said = chosen_mode(app_token)
    assert chosen == http and why in said
