"""The README's "Adding a review" commands, run as written, each as a ``scrbot``
process in a deployment whose own folder sits on the bundled knowledge (as the
section's "Your own knowledge folder" sets it up): five commands or fewer from a
PDF to the bot answering from it. The PDF is a fictional review made here, saved
under the name the README uses; the review's answers come through a pipe."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.knowledge_review.conftest import Deployment, review_answers
from tests.knowledge_review.documents import title, write_review
from tests.knowledge_review.test_round_trip import HEADLINE, OWN_WORDS
from tests.scrbot_process import run_scrbot

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def adding_a_review_commands() -> list[list[str]]:
    section = README.split("## Adding a review", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```sh\n(.+?)\n```", section, re.DOTALL)[0]
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]


def test_adding_a_review_takes_five_commands_or_fewer_and_they_work(
    tmp_path: Path, deployment: Deployment
) -> None:
    commands = adding_a_review_commands()
    assert 1 < len(commands) <= 5
    assert all(words[0] == "scrbot" for words in commands)
    ingest = commands[0]
    assert ingest[:2] == ["scrbot", "ingest"]
    pdf_name = next(word for word in ingest if word.endswith(".pdf"))
    draft_id = ingest[ingest.index("--id") + 1]
    (tmp_path / pdf_name).write_bytes(write_review(tmp_path, "pdf", child="T").read_bytes())
    env = {
        "SCRBOT_KNOWLEDGE": deployment.knowledge_option,
        "SCRBOT_INDEX_DIR": str(deployment.index),
        "SCRBOT_STATE": str(tmp_path / "scrbot.sqlite3"),
    }

    outputs = []
    for words in commands:
        answers = None
        if words[1:3] == ["knowledge", "review"]:
            answers = review_answers(deployment.draft(draft_id), OWN_WORDS, HEADLINE)
        run = run_scrbot(words[1:], env, tmp_path, input=answers)
        assert run.returncode == 0, (words, run.stdout, run.stderr)
        outputs.append(run.stdout)

    assert (deployment.own / "cases" / f"{draft_id}.yaml").is_file()
    assert commands[-1][1] == "ask"
    assert title("T") in outputs[-1]
