"""The deploy files say what the README promises (docker cannot run here, so we read them)."""

import re
from pathlib import Path

import yaml

from index.knowledge import load_knowledge
from index.settings import load_settings, parse_digest_config

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text()
    joined = re.sub(r"\\\n", " ", text)
    lines = [
        line.strip()
        for line in joined.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
    ]


def test_dockerfile_uses_a_slim_base_and_a_non_root_user():
    instructions = dockerfile_instructions()
    assert instructions[0][0] == "FROM" and "slim" in instructions[0][1]
    users = [arg for op, arg in instructions if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    # The last USER comes before the command that runs the bot.
    ops = [op for op, _ in instructions]
    assert ops.index("USER") < ops.index("CMD")


def test_dockerfile_builds_the_index_and_checks_health():
    instructions = dockerfile_instructions()
    runs = " ".join(arg for op, arg in instructions if op == "RUN")
    assert "scrbot index build" in runs and "scrbot validate" in runs
    health = [arg for op, arg in instructions if op == "HEALTHCHECK"]
    assert health and "/healthz" in health[0]


def test_compose_keeps_state_in_a_named_volume():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    service = compose["services"]["scrbot"]
    named = set(compose["volumes"])
    assert any(v.split(":")[0] in named for v in service["volumes"])


def test_systemd_unit_is_hardened():
    unit = (DEPLOY / "scrbot.service").read_text()
    for option in ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "User=scrbot"):
        assert option in unit
    assert "ExecStart=" in unit and "scrbot serve" in unit


def test_example_config_is_valid(monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SCRBOT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(DEPLOY / "scrbot.example.yaml", env={})
    digest = parse_digest_config(settings.digest, load_knowledge().themes)
    assert digest.channels and settings.admins


def test_example_env_holds_no_secrets():
    for line in (DEPLOY / "scrbot.example.env").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            assert value == "", f"{name} should be empty in the example"
