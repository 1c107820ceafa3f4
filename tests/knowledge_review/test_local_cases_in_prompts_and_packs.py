"""A review approved into the partnership's own folder joins the weekly prompt's
rotation and the packs on its themes, as the bundled cases do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from index.digest_config import ChannelSchedule
from index.knowledge import load_knowledge
from index.pack import compose_pack, find_subject
from index.storage.digest_records import POSTED
from tests.knowledge_review.conftest import Deployment, ScrbotRunner
from tests.knowledge_review.drafts import DRAFT_ID, TITLE, write_draft
from tests.scheduler_support import CHANNEL, FakeChannels, FakeClock, make_config, make_runner

#: The theme the fictional review is linked to that no bundled case shows.
THEME = "chronic-neglect"
#: Monday mornings, as a channel's weekly prompt is set by default.
FIRST_SLOT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def approved(deployment: Deployment, scrbot: ScrbotRunner) -> None:
    write_draft(deployment.own)
    done = scrbot(["knowledge", "approve", DRAFT_ID])
    assert done.code == 0, done.err


def test_the_scheduler_rotation_posts_the_approved_case_in_its_themes_week(
    deployment: Deployment, scrbot: ScrbotRunner, tmp_path: Path
) -> None:
    approved(deployment, scrbot)
    kb = load_knowledge(deployment.folders)
    clock = FakeClock(FIRST_SLOT - timedelta(days=3))
    channels = FakeChannels()
    runner = make_runner(
        tmp_path / "state" / "scrbot.sqlite3",
        clock,
        channels,
        config=make_config(ChannelSchedule(CHANNEL)),
        knowledge=kb,
    )
    runner.run_due()

    # One whole round: every theme once, the weekly job as the scheduler runs it.
    for week in range(len(kb.themes)):
        clock.set(FIRST_SLOT + timedelta(weeks=week))
        assert [outcome.status for outcome in runner.run_due()] == [POSTED]

    posts = channels.in_channel(CHANNEL)
    assert sorted(post.theme_id for post in posts) == sorted(kb.themes)
    (week_of_theme,) = [post for post in posts if post.theme_id == THEME]
    assert week_of_theme.example.case_id == DRAFT_ID
    assert week_of_theme.example.case_title == TITLE


def test_packs_on_its_themes_and_on_itself_tell_the_approved_case(
    deployment: Deployment, scrbot: ScrbotRunner
) -> None:
    before = compose_pack(load_knowledge(), THEME)
    assert TITLE not in repr(before)
    approved(deployment, scrbot)
    kb = load_knowledge(deployment.folders)

    for subject in ("chronic neglect", "professional curiosity"):
        pack = compose_pack(kb, find_subject(kb, subject))
        assert pack.subject.kind == "theme"
        assert TITLE in repr(pack.parts), subject

    printed = scrbot(["pack", THEME, "--group"])
    assert printed.code == 0, printed.err
    assert "Child Heron" in printed.out

    # And a pack on the case itself.
    assert TITLE in compose_pack(kb, find_subject(kb, "Child Heron")).title
    packed = scrbot(["pack", DRAFT_ID])
    assert packed.code == 0, packed.err
    assert "Rapid Review: Child Heron, Recommendations" in packed.out
