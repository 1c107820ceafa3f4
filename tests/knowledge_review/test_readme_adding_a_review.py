"""The README's "Adding a review" commands, run as written (with a fictional PDF
made here in place of the partnership's): five commands or fewer from the file
to the bot answering from it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.knowledge_review.conftest import Deployment, ScrbotRunner, review_answers
from tests.knowledge_review.documents import title, write_review
from tests.knowledge_review.test_round_trip import HEADLINE, OWN_WORDS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def adding_a_review_commands() -> list[list[str]]:
    section = README.split("## Adding a review", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```sh\n(.+?)\n```", section, re.DOTALL)[0]
    return [shlex.split(line.split("#", 1)[0]) for line in block.splitlines() if line.strip()]


def test_adding_a_review_takes_five_commands_or_fewer_and_they_work(
    tmp_path: Path, deployment: Deployment, scrbot: ScrbotRunner
) -> None:
    commands = adding_a_review_commands()
    assert 1 < len(commands) <= 5
    assert all(words[0] == "scrbot" for words in commands)
    ingest = commands[0]
    pdf = write_review(tmp_path, "pdf", child="T")
    draft_id = ingest[ingest.index("--id") + 1]

    outputs = []
    for words in commands:
        words = [str(pdf) if word.endswith(".pdf") else word for word in words[1:]]
        answers = ""
        if words[:2] == ["knowledge", "review"]:
            answers = review_answers(deployment.draft(draft_id), OWN_WORDS, HEADLINE)
        run = scrbot(words, answers=answers)
        assert run.code == 0, (words, run.out, run.err)
        outputs.append(run.out)

    assert (deployment.own / "cases" / f"{draft_id}.yaml").is_file()
    assert title("T") in outputs[-1]
