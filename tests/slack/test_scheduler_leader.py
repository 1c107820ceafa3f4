"""Several ``scrbot scheduler`` processes on one database: one leads, the others
stand by, and one of them takes over within 15 seconds when the leader is killed."""

from __future__ import annotations

import time
from pathlib import Path

from tests.fakes.slack_api import FakeSlackAPI
from tests.scrbot_process import ScrbotProcess
from tests.slack.conftest import slack_env

LEADS = r"This process leads the weekly prompt"
STANDS_BY = r"Standing by: another process leads the weekly prompt"
#: The most a standby may take to lead after the leader dies.
TAKEOVER_SECONDS = 15


def test_a_standby_scheduler_takes_over_when_the_leader_is_killed(
    tmp_path: Path, fake_slack: FakeSlackAPI, index_dir: Path, database_url: str
) -> None:
    config = tmp_path / "scrbot.yaml"
    config.write_text("digest:\n  channel: C000DIGEST\n", encoding="utf-8")
    env = {
        **slack_env(fake_slack, tmp_path, index_dir),
        "SCRBOT_CONFIG": str(config),
        "SCRBOT_DATABASE_URL": database_url,
    }
    leader = ScrbotProcess.start(["scheduler"], env, cwd=tmp_path)
    standbys: list[ScrbotProcess] = []
    try:
        leader.wait_for(LEADS)
        standbys = [ScrbotProcess.start(["scheduler"], env, cwd=tmp_path) for _ in range(2)]
        for standby in standbys:
            standby.wait_for(STANDS_BY)

        leader.kill()  # SIGKILL: no goodbye, no release
        killed_at = time.monotonic()
        deadline = killed_at + TAKEOVER_SECONDS
        new_leaders: list[ScrbotProcess] = []
        while not new_leaders and time.monotonic() < deadline:
            new_leaders = [s for s in standbys if any(LEADS in line for line in s.lines)]
            time.sleep(0.1)
        took = time.monotonic() - killed_at
        assert new_leaders, f"no standby took over within {TAKEOVER_SECONDS} s"
        time.sleep(2.5)  # a check later, still exactly one leads
        assert len([s for s in standbys if any(LEADS in line for line in s.lines)]) == 1
        print(f"took over in {took:.1f} s")
    finally:
        outputs = [standby.stop() for standby in standbys]
        if leader.process.poll() is None:
            leader.kill()
    for output in outputs:
        assert "Traceback" not in output
