"""The deploy files say what the README promises (docker cannot run here, so we read them)."""

import re
from pathlib import Path

import yaml

from index.digest_config import parse_digest_config
from index.knowledge import load_knowledge
from index.setting_file import load_settings

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


# -- scaling out: deploy/compose.scale.yaml and its nginx -------------------------------


def scale_compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.scale.yaml").read_text())


def commands(service: dict) -> str:
    command = service.get("command", [])
    return " ".join(command) if isinstance(command, list) else str(command)


def test_scale_compose_runs_postgres_three_bots_two_schedulers_and_a_proxy():
    services = scale_compose()["services"]
    bots = [name for name, s in services.items() if "serve --http" in commands(s)]
    schedulers = [name for name, s in services.items() if commands(s) == "scrbot scheduler"]
    assert len(bots) == 3 and len(schedulers) == 2
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["proxy"]["image"].startswith("nginx")
    for name in bots:
        # A production WSGI server, not the single-process default.
        assert "--server gunicorn" in commands(services[name])


def test_scale_compose_upgrades_the_schema_before_anything_starts():
    services = scale_compose()["services"]
    assert commands(services["migrate"]) == "scrbot db upgrade"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name, service in services.items():
        if name.startswith(("bot-", "scheduler-")):
            assert service["depends_on"]["migrate"]["condition"] == (
                "service_completed_successfully"
            )


def test_every_scale_service_has_a_health_check():
    services = scale_compose()["services"]
    for name, service in services.items():
        if name != "migrate":
            assert service.get("healthcheck", {}).get("test"), name
    for name in ("bot-1", "bot-2", "bot-3"):
        assert "/healthz" in " ".join(services[name]["healthcheck"]["test"])


def test_every_scrbot_service_shares_one_database_and_no_password_is_written_down():
    services = scale_compose()["services"]
    urls = {
        name: service.get("environment", {}).get("SCRBOT_DATABASE_URL")
        for name, service in services.items()
        if name.startswith(("bot-", "scheduler-", "migrate"))
    }
    assert len(set(urls.values())) == 1
    (url,) = set(urls.values())
    assert url.startswith("postgresql://") and "@postgres:" in url
    user_part = url.split("://", 1)[1].split("@", 1)[0]
    assert ":" not in user_part  # the password comes from an env file, not this file
    assert "scrbot-db" in scale_compose()["volumes"]


def test_scale_containers_are_read_only_without_capabilities():
    services = scale_compose()["services"]
    for name, service in services.items():
        if name.startswith(("bot-", "scheduler-", "migrate")):
            assert service["read_only"] is True and service["cap_drop"] == ["ALL"], name


def test_nginx_sends_slacks_paths_to_the_three_bots_and_nothing_else():
    conf = (DEPLOY / "nginx.scale.conf").read_text()
    compose_bots = {n for n in scale_compose()["services"] if n.startswith("bot-")}
    upstream = re.search(r"upstream scrbot \{(.*?)\}", conf, re.S)
    assert upstream is not None
    servers = set(re.findall(r"server (bot-\d+):3000", upstream.group(1)))
    assert servers == compose_bots
    locations = set(re.findall(r"location = (\S+)", conf))
    assert locations == {"/slack/events", "/slack/install", "/slack/oauth_redirect", "/healthz"}
    assert re.search(r"location / \{ return 404; \}", conf)
    assert "client_max_body_size 1m" in conf
    # The proxy mounts this file where nginx reads it.
    proxy = scale_compose()["services"]["proxy"]
    assert any(v.startswith("./nginx.scale.conf:") for v in proxy["volumes"])


def test_the_image_uses_the_python_ci_tests_and_the_locked_libraries():
    instructions = dockerfile_instructions()
    base = instructions[0][1]
    assert re.fullmatch(r"python:3\.11\.\d+-slim(@sha256:[0-9a-f]{64})?", base), base
    runs = [arg for op, arg in instructions if op == "RUN"]
    assert any("--require-hashes" in run and "deploy/requirements.lock" in run for run in runs)
    lock = (DEPLOY / "requirements.lock").read_text()
    pins = re.findall(
        r"^([a-z0-9][a-z0-9._-]*)==\S+ \\\n((?:\s+--hash=sha256:[0-9a-f]{64}.*\n)+)", lock, re.M
    )
    names = {name for name, _ in pins}
    assert {"slack-bolt", "slack-sdk", "whoosh-reloaded", "pyyaml", "apscheduler"} <= names
    assert len(pins) == len(re.findall(r"^[a-z0-9][a-z0-9._-]*==", lock, re.M))
