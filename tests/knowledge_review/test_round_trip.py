"""A published review, from the file to the running bot: a fictional review
written as PDF, Word and HTML during the test is ingested, reviewed (answers
scripted through a pipe), approved into the partnership's own folder, found by
``scrbot ask``, and answered by a running ``scrbot serve --http`` (a separate
process on 127.0.0.1, signed slash commands, the fake Slack Web API) without a
restart. Every command is a ``scrbot`` process, as an operator runs it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from index.knowledge_folder import BUNDLED_KNOWLEDGE, knowledge_files
from index.validation import schema_problems, validate_documents
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.knowledge_review.conftest import Deployment, review_answers
from tests.knowledge_review.documents import TITLE, write_review
from tests.scrbot_process import ScrbotProcess, run_scrbot
from tests.slack.conftest import SIGNING_SECRET, slack_env

DRAFT = "brookfield-child-wren"
#: What the editor writes in our own words, keyed by a phrase of the source item.
OWN_WORDS = {
    "seven-year-old": "A young child lived over an empty shop and came to school tired and "
    "without a coat all winter.",
    "school nurse": "Nine separate notes about a tired child sat in different files, so the "
    "pattern of worry was never seen.",
    "bring together": "Schools should gather up many small worries about one pupil and look at "
    "them side by side before acting.",
}
HEADLINE = "A young child's tiredness and cold home were noticed many times but never joined up."
#: Words only the approved case holds: the editor's own.
LOOKUP = "nine separate notes tired child pattern"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def environment(fake_slack: FakeSlackAPI, tmp_path: Path, deployment: Deployment) -> dict[str, str]:
    """A deployment's environment: the bundled knowledge with the partnership's
    folder on top, its index, Slack pointed at the fake."""
    env = slack_env(fake_slack, tmp_path, deployment.index)
    env["SCRBOT_KNOWLEDGE"] = deployment.knowledge_option
    (tmp_path / "state").mkdir(exist_ok=True)
    return env


@pytest.fixture
def running_bot(
    fake_slack: FakeSlackAPI, tmp_path: Path, environment: dict[str, str]
) -> Iterator[SignedSlackClient]:
    """``scrbot serve --http`` on 127.0.0.1, started before the review is ingested."""
    bot = ScrbotProcess.start(
        ["serve", "--http", "--host", "127.0.0.1", "--port", "0"], environment, cwd=tmp_path
    )
    try:
        port = int(bot.wait_for(r"Listening on http://[\d.]+:(\d+)/slack/events", timeout=60))
        bot.wait_for(r"Ready: answering Slack", timeout=60)
        client = SignedSlackClient(f"http://127.0.0.1:{port}", SIGNING_SECRET, fake_api=fake_slack)
        try:
            yield client
        finally:
            client.close()
    finally:
        bot.stop()


def answer_text(slack: SignedSlackClient, text: str) -> str:
    return json.dumps(slack.command_reply(text, user_id="U000LEAD"), ensure_ascii=False)


def eventually(check: Any, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return bool(check())


@pytest.mark.parametrize("form", ["pdf", "docx", "html"])
def test_a_review_goes_from_its_file_to_the_running_bot(
    form: str,
    tmp_path: Path,
    deployment: Deployment,
    environment: dict[str, str],
    running_bot: SignedSlackClient,
) -> None:
    def scrbot(args: list[str], answers: str | None = None) -> Any:
        return run_scrbot(args, environment, tmp_path, input=answers)

    bundled_before = {p: p.read_bytes() for p in knowledge_files(BUNDLED_KNOWLEDGE)}
    assert TITLE not in answer_text(running_bot, LOOKUP)

    ingested = scrbot(["ingest", str(write_review(tmp_path, form)), "--id", DRAFT])
    assert ingested.returncode == 0, ingested.stderr
    draft = Path(ingested.stdout.strip().splitlines()[-1])
    assert draft == deployment.draft(DRAFT)

    answers = review_answers(draft, OWN_WORDS, HEADLINE)
    reviewed = scrbot(["knowledge", "review", DRAFT], answers=answers)
    assert reviewed.returncode == 0, reviewed.stdout + reviewed.stderr
    assert f"Ready: run scrbot knowledge approve {DRAFT}" in reviewed.stdout
    # The reviewed draft is still a draft as the schema describes one.
    assert schema_problems(yaml.safe_load(draft.read_text(encoding="utf-8"))) == []

    approved = scrbot(["knowledge", "approve", DRAFT])
    assert approved.returncode == 0, approved.stderr
    case_file = deployment.own / "cases" / f"{DRAFT}.yaml"
    assert case_file.is_file() and not draft.exists()

    # A normal case file: the schema's case, our own words, nothing only a draft has.
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    assert "status" not in case and "quotations" not in case and "suggested_themes" not in case
    assert not any("source_text" in item for item in case["findings"] + case["recommendations"])
    assert [f["text"] for f in case["findings"]] == [OWN_WORDS["school nurse"]]
    assert [r["text"] for r in case["recommendations"]] == [OWN_WORDS["bring together"]]
    assert case["headline"] == HEADLINE and len(case["themes"]) == 1
    validate_documents(deployment.folders)

    asked = scrbot(["ask", LOOKUP])
    assert asked.returncode == 0, asked.stderr
    assert TITLE in asked.stdout and OWN_WORDS["school nurse"][:40] in asked.stdout
    learning = scrbot(["ask", "gather small worries about one pupil side by side"])
    assert TITLE in learning.stdout

    # The running bot follows the new index by itself: no restart, no reload command.
    assert eventually(lambda: TITLE in answer_text(running_bot, LOOKUP))
    assert OWN_WORDS["school nurse"][:40] in answer_text(running_bot, LOOKUP)
    assert TITLE in answer_text(running_bot, "gather small worries about one pupil side by side")
    # The bundled knowledge was read, never written.
    assert {p: p.read_bytes() for p in knowledge_files(BUNDLED_KNOWLEDGE)} == bundled_before
