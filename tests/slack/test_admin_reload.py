"""``/scr admin reload`` over signed HTTP: an admin's edit to the knowledge is
answered from at once; a broken edit is refused with its first problems and the
old index keeps serving; anyone else is refused politely and nothing changes."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index.setting_file import load_settings
from tests.fakes.credentials import SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.knowledge_support import TEST_THEME_TITLE, add_test_theme, break_a_theme, knowledge_copy
from tests.slack.conftest import serving, signed_client, slack_env

ADMIN = "U000ADMIN"
PRACTITIONER = "U000LEAD"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return knowledge_copy(tmp_path)


@pytest.fixture
def reloading_slack(
    fake_slack: FakeSlackAPI, tmp_path: Path, knowledge: Path
) -> Iterator[SignedSlackClient]:
    """The real app over HTTP with its own knowledge folder and index, as deployed."""
    from bot.app import build_app
    from index.engine import LookupEngine

    env = slack_env(fake_slack, tmp_path, tmp_path / "index")
    env["SCRBOT_KNOWLEDGE"] = str(knowledge)
    env["SCRBOT_INDEX_DIR"] = str(tmp_path / "index")
    config = tmp_path / "scrbot.yaml"
    config.write_text("command: /scr\n", encoding="utf-8")
    settings = load_settings(config, env=env)
    engine = LookupEngine.open(settings.knowledge_paths or None, settings.index_dir)
    with serving(build_app(settings, engine=engine)) as server:
        with signed_client(server, fake_slack) as client:
            yield client
    engine.close()


def shown(answer: dict[str, Any]) -> str:
    """What ``/scr admin …`` showed (after its ack, through the response_url)."""
    return json.dumps(answer, ensure_ascii=False)


def top_title(slack: SignedSlackClient, text: str) -> str:
    blocks = slack.slash_command(text, user_id=PRACTITIONER).json()["blocks"]
    return json.dumps(blocks[:3], ensure_ascii=False)


def test_an_admin_reload_answers_from_the_edited_knowledge_at_once(
    reloading_slack: SignedSlackClient, knowledge: Path
) -> None:
    assert TEST_THEME_TITLE not in top_title(reloading_slack, "lantern keeping")
    add_test_theme(knowledge)

    answer = shown(reloading_slack.command_reply("admin reload", user_id=ADMIN))

    assert "Reloaded" in answer and "31 themes" in answer
    assert TEST_THEME_TITLE in top_title(reloading_slack, "lantern keeping")


def test_a_broken_edit_is_refused_with_its_first_problems_and_the_old_index_serves(
    reloading_slack: SignedSlackClient, knowledge: Path
) -> None:
    add_test_theme(knowledge)
    break_a_theme(knowledge)

    answer = shown(reloading_slack.command_reply("admin reload", user_id=ADMIN))

    assert "I haven't reloaded" in answer
    assert "themes/parental-capacity.yaml:2: missing required field 'title'" in answer
    assert str(knowledge) not in answer  # the server's own paths stay private
    assert "scrbot validate" in answer
    assert TEST_THEME_TITLE not in top_title(reloading_slack, "lantern keeping")
    assert "Disguised compliance" in top_title(reloading_slack, "disguised compliance")


def test_anyone_else_is_refused_politely_and_nothing_changes(
    reloading_slack: SignedSlackClient, knowledge: Path
) -> None:
    add_test_theme(knowledge)

    answer = shown(reloading_slack.command_reply("admin reload", user_id=PRACTITIONER))

    assert "Only scrbot's admins can reload the knowledge" in answer
    assert f"<@{ADMIN}>" in answer  # who to ask
    assert "Traceback" not in answer
    assert TEST_THEME_TITLE not in top_title(reloading_slack, "lantern keeping")


def test_admin_with_no_task_says_what_admins_can_do(reloading_slack: SignedSlackClient) -> None:
    answer = shown(reloading_slack.command_reply("admin", user_id=ADMIN))
    assert "/scr admin reload" in answer


def test_a_lookup_that_starts_with_admin_is_still_a_lookup(
    reloading_slack: SignedSlackClient,
) -> None:
    answer = shown(
        reloading_slack.command_reply("admin supervision and challenge", user_id=PRACTITIONER)
    )
    assert "Only scrbot's admins" not in answer
    assert "upervision" in answer


def test_scrbot_index_build_reaches_a_running_bot_with_no_failed_request(
    fake_slack: FakeSlackAPI, tmp_path: Path, knowledge: Path
) -> None:
    """The operator's way: edit knowledge/, run ``scrbot index build``; the running
    ``scrbot serve`` answers from it within seconds, every request answered meanwhile."""
    import time

    from tests.scrbot_process import ScrbotProcess, run_scrbot

    env = slack_env(fake_slack, tmp_path, tmp_path / "index")
    env["SCRBOT_KNOWLEDGE"] = str(knowledge)
    env["SCRBOT_INDEX_DIR"] = str(tmp_path / "index")
    bot = ScrbotProcess.start(
        ["serve", "--http", "--host", "127.0.0.1", "--port", "0"], env, cwd=tmp_path
    )
    statuses: list[int] = []
    stop = threading.Event()
    try:
        port = int(bot.wait_for(r"Listening on http://[\d.]+:(\d+)/slack/events"))
        bot.wait_for(r"Ready: answering Slack")
        client = SignedSlackClient(f"http://127.0.0.1:{port}", SIGNING_SECRET, fake_api=fake_slack)

        def keep_asking() -> None:
            asker = SignedSlackClient(f"http://127.0.0.1:{port}", SIGNING_SECRET)
            while not stop.is_set():
                answer = asker.slash_command("disguised compliance", user_id=PRACTITIONER)
                ok = answer.status == 200 and "theme:disguised-compliance" in answer.text
                statuses.append(answer.status if ok else -answer.status)
            asker.close()

        asking = threading.Thread(target=keep_asking, daemon=True)
        asking.start()
        add_test_theme(knowledge)
        built = run_scrbot(["index", "build"], env, tmp_path)
        assert built.returncode == 0, built.stderr
        deadline = time.monotonic() + 10
        while TEST_THEME_TITLE not in top_title(client, "lantern keeping"):
            assert time.monotonic() < deadline, f"never switched:\n{bot.output}"
            time.sleep(0.2)
        stop.set()
        asking.join(timeout=10)
        client.close()
    finally:
        stop.set()
        output = bot.stop()
    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    assert "built by another process" in output
