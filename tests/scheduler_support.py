"""Shared helpers for the weekly prompt tests: fictional knowledge, a clock the
test moves by hand, and an in-memory channel the runner posts into.

Everything here is plainly made up: "The Example Review", Cases A to C, and
themes such as "Noticing" that belong to no real review.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from index.digest_config import ChannelSchedule, DigestConfig
from index.knowledge import build_knowledge
from index.model import Knowledge
from scheduler.post import DigestPost
from scheduler.runner import DigestRunner, Problem
from tests.storage_support import open_database

SOURCE = {"source": "example-review", "section": "Findings"}
BRIEFING = {"source": "example-briefing", "section": "Part 2"}

#: Theme id -> (title, the cases it showed in). "reflection" has none.
THEMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "noticing": ("Noticing", ("case-a", "case-b")),
    "listening": ("Listening", ("case-a",)),
    "recording": ("Recording", ("case-b", "case-c")),
    "challenge": ("Challenge", ("case-c",)),
    "handover": ("Handover", ("case-a", "case-c")),
    "planning": ("Planning", ("case-b",)),
    "reflection": ("Reflection", ()),
}


def _theme(theme_id: str, title: str) -> dict[str, Any]:
    return {
        "kind": "theme",
        "id": theme_id,
        "title": title,
        "summary": (
            f"{title} is a made-up theme for tests. It has a second sentence that the post "
            f"keeps. A third sentence about {title.lower()} is left for the full answer."
        ),
        "cite": [BRIEFING],
        "aliases": [],
        "key_points": [
            {"text": f"The fictional briefing says {title.lower()} mattered.", "cite": BRIEFING},
            {"text": f"A second key point on {title.lower()}.", "cite": SOURCE},
        ],
        "practice_points": [
            {"text": f"First practice point on {title.lower()}.", "cite": BRIEFING},
            {"text": f"Second practice point on {title.lower()}.", "cite": BRIEFING},
            {"text": f"Third practice point on {title.lower()}.", "cite": BRIEFING},
            {"text": f"Fourth practice point on {title.lower()}.", "cite": BRIEFING},
        ],
        "questions": [
            {
                "id": f"{theme_id}-q1",
                "text": f"What is {title.lower()}?",
                "level": "understand",
                "cite": BRIEFING,
            },
            {
                "id": f"{theme_id}-q2",
                "text": f"When did {title.lower()} change what you did?",
                "level": "reflect",
                "cite": BRIEFING,
            },
            {
                "id": f"{theme_id}-q3",
                "text": f"What will you do differently about {title.lower()}?",
                "level": "apply",
                "cite": BRIEFING,
            },
        ],
    }


def _case(case_id: str, themes: list[str]) -> dict[str, Any]:
    letter = case_id[-1].upper()
    return {
        "kind": "case",
        "id": case_id,
        "title": f"Case {letter}",
        "source": "example-review",
        "headline": f"A fictional case, {letter}, made up for tests.",
        "family": [],
        "why_reviewed": [],
        "themes": [
            {
                "theme": theme,
                "how": f"How {theme} showed in Case {letter}.",
                "vignette": f"In Case {letter}, a made-up worker met {theme}. None of it is real.",
                "cite": SOURCE,
            }
            for theme in themes
        ],
    }


def fictional_documents(
    themes: dict[str, tuple[str, tuple[str, ...]]] | None = None,
) -> list[dict[str, Any]]:
    """The YAML documents of the fictional knowledge (optionally other themes)."""
    themes = THEMES if themes is None else themes
    documents: list[dict[str, Any]] = [
        {
            "kind": "sources",
            "sources": [
                {
                    "id": "example-review",
                    "title": "The Example Review (fictional)",
                    "publisher": "Nobody",
                    "year": None,
                    "kind": "learning presentation",
                    "file": "none.txt",
                },
                {
                    "id": "example-briefing",
                    "title": "The Example Briefing (fictional)",
                    "publisher": "Nobody",
                    "year": None,
                    "kind": "thematic briefing",
                    "file": "none.txt",
                },
            ],
        }
    ]
    documents += [_theme(theme_id, title) for theme_id, (title, _) in themes.items()]
    for case_id in ("case-a", "case-b", "case-c"):
        linked = [theme_id for theme_id, (_, cases) in themes.items() if case_id in cases]
        documents.append(_case(case_id, linked))
    return documents


def fictional_knowledge(themes: dict[str, tuple[str, tuple[str, ...]]] | None = None) -> Knowledge:
    return build_knowledge(fictional_documents(themes))


class FakeClock:
    """A clock the test moves: ``clock()`` is now, ``clock.advance(...)`` moves it."""

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment.astimezone(UTC)

    def advance(self, amount: float | timedelta) -> None:
        step = amount if isinstance(amount, timedelta) else timedelta(seconds=amount)
        with self._lock:
            self._now += step


@dataclass
class FakeChannels:
    """Channels the runner posts into, in memory; each message keeps its slot marker.

    ``failures`` is a queue of exceptions the next posts raise (one each); an
    entry ``("posted", error)`` posts the message *and* raises, as when Slack
    posts but the answer never arrives.
    """

    posts: list[tuple[str, DigestPost, str]] = field(default_factory=list)
    failures: list[Any] = field(default_factory=list)
    find_failures: list[Exception] = field(default_factory=list)
    finds: list[tuple[str, str]] = field(default_factory=list)
    _ts: Any = field(default_factory=lambda: itertools.count(1))

    def post(self, channel: str, post: DigestPost) -> str:
        if self.failures:
            failure = self.failures.pop(0)
            if isinstance(failure, tuple):
                self.posts.append((channel, post, self._next_ts()))
                raise failure[1]
            raise failure
        ts = self._next_ts()
        self.posts.append((channel, post, ts))
        return ts

    def find(self, channel: str, slot_id: str, since: datetime) -> str | None:
        self.finds.append((channel, slot_id))
        if self.find_failures:
            raise self.find_failures.pop(0)
        for posted_channel, post, ts in self.posts:
            if posted_channel == channel and post.slot_id == slot_id:
                return ts
        return None

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def in_channel(self, channel: str) -> list[DigestPost]:
        return [post for posted, post, _ in self.posts if posted == channel]


@dataclass
class Admins:
    """Records what the admins were told."""

    told: list[Problem] = field(default_factory=list)

    def __call__(self, problem: Problem) -> None:
        self.told.append(problem)


CHANNEL = "C000TEAM"


def make_config(*schedules: ChannelSchedule, grace_hours: float = 12, **extra: Any) -> DigestConfig:
    return DigestConfig(
        channels=schedules or (ChannelSchedule(CHANNEL),),
        grace=timedelta(hours=grace_hours),
        **extra,
    )


def make_runner(
    state_path: Path,
    clock: FakeClock,
    channels: FakeChannels,
    *,
    config: DigestConfig | None = None,
    knowledge: Knowledge | None = None,
    admins: Any = None,
    owner: str | None = None,
    post: Any = None,
) -> DigestRunner:
    """A runner on a state file, posting into ``channels`` (or with ``post``);
    sleeping moves the clock."""
    return DigestRunner(
        open_database(state_path),
        config or make_config(),
        knowledge or fictional_knowledge(),
        post=post or channels.post,
        find_existing=channels.find,
        clock=clock,
        notify_admins=admins,
        sleep=clock.advance,
        owner=owner,
    )
