"""What a running bot writes to its log, read from a real ``scrbot serve`` process
at DEBUG: never what someone typed together with who typed it, and never a token
or the signing secret."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fakes import payloads
from tests.fakes.credentials import ALL_SECRETS, SIGNING_SECRET
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SignedSlackClient
from tests.scrbot_process import ScrbotProcess
from tests.slack.conftest import slack_env

#: Words nobody else would type, so finding them in the log can only mean a leak.
TYPED = "disguised compliance at the Quillfeather house"
MARKER = "quillfeather"
#: Someone who appears nowhere else in the tests.
TYPIST = "U0TYPIST9"


def test_a_debug_log_in_json_holds_counts_not_who_typed_what_nor_secrets(
    tmp_path: Path, fake_slack: FakeSlackAPI, index_dir: Path
) -> None:
    env = slack_env(fake_slack, tmp_path, index_dir)
    env["SCRBOT_INDEX_DIR"] = str(index_dir)
    bot = ScrbotProcess.start(
        [
            "--log-format",
            "json",
            "--log-level",
            "debug",
            "serve",
            "--http",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
        ],
        env,
        cwd=tmp_path,
    )
    try:
        port = int(bot.wait_for(r"Listening on http://[\d.]+:(\d+)/slack/events"))
        bot.wait_until_healthy(port)
        client = SignedSlackClient(f"http://127.0.0.1:{port}", SIGNING_SECRET, fake_api=fake_slack)

        answer = client.slash_command(TYPED, user_id=TYPIST)
        assert answer.status == 200
        assert "isguised compliance" in answer.text  # it was answered, from the words typed
        # Nothing is found for this one, so the answer shows the words back to them.
        unknown = client.slash_command(f"{MARKER} xylophones", user_id=TYPIST)
        assert unknown.status == 200 and MARKER in unknown.text.lower()
        mention = client.event(payloads.app_mention(TYPED, user=TYPIST))
        assert mention.status == 200
        fake_slack.wait_for("chat.postMessage")
        bot.wait_for(r"surface=mention")
        client.close()
    finally:
        output = bot.stop()

    records = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert records, "the bot logged nothing"
    assert {"debug", "info"} <= {record["level"] for record in records}
    debug_from = {
        record["logger"].split(".")[0] for record in records if record["level"] == "debug"
    }
    assert debug_from <= {"bot", "index", "scheduler"}  # libraries' DEBUG lines hold bodies
    messages = "\n".join(json.dumps(record) for record in records)
    assert "command verb=search surface=slash" in messages  # counts are logged
    assert MARKER not in messages.lower()
    assert TYPIST not in messages
    for secret in ALL_SECRETS:
        assert secret not in output
