"""A reflective question to sit with; add a theme to choose where from."""

from __future__ import annotations

import random

from bot.blocks.lists import question_message
from bot.commands import CommandRequest, Reply
from index.model import Knowledge

EXAMPLE = "question"
ALIASES = ("questions", "reflect")


def question_reply(kb: Knowledge, index: int) -> Reply:
    """Question number ``index`` (wrapping round) of every question in the knowledge."""
    questions = kb.questions
    index %= len(questions)
    following = (
        (index + random.randrange(1, len(questions))) % len(questions) if len(questions) > 1 else 0
    )
    return Reply.of(question_message(questions[index], kb, next_index=following))


def handle(request: CommandRequest) -> Reply:
    """One question, at random, or from the theme that best matches the text."""
    kb = request.engine.knowledge
    questions = kb.questions
    topic = request.text.strip()
    if topic:
        response = request.engine.search(topic, limit=5)
        theme_ids = [r.theme_id or (r.id if r.kind == "theme" else None) for r in response.results]
        for theme_id in theme_ids:
            choices = [i for i, q in enumerate(questions) if theme_id and q.theme_id == theme_id]
            if choices:
                return question_reply(kb, random.choice(choices))
    return question_reply(kb, random.randrange(len(questions)))
