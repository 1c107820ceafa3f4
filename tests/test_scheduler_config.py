"""The digest section of the config: defaults, and one clear line per mistake."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import yaml

from index.digest_config import DigestConfigError, Pin, parse_digest_config

THEMES = ("disguised-compliance", "professional-curiosity", "referrals")


def parse(text: str):
    return parse_digest_config(yaml.safe_load(text), THEMES, where="scrbot.yaml: digest")


def problems(text: str) -> list[str]:
    with pytest.raises(DigestConfigError) as caught:
        parse(text)
    return caught.value.problems


def test_a_channel_alone_gets_monday_0930_london_and_twelve_hours_grace():
    config = parse("channels: [{channel: C0123TEAM}]")
    (schedule,) = config.channels
    assert (schedule.day, schedule.time, schedule.timezone) == (0, time(9, 30), "Europe/London")
    assert config.grace == timedelta(hours=12)
    assert schedule.describe() == "Mondays at 09:30 (Europe/London)"


def test_no_digest_section_means_no_channels():
    assert parse_digest_config(None, THEMES).channels == ()


def test_everything_set_is_read():
    config = parse(
        """
        grace_hours: 6
        channels:
          - channel: C0123TEAM
            day: Wednesday
            time: "14:05"
            timezone: America/New_York
          - channel: C0456TEAM
        pins:
          - week: 2026-12-02
            theme: referrals
        """
    )
    first, second = config.channels
    assert (first.day, first.time, first.timezone) == (2, time(14, 5), "America/New_York")
    assert second.timezone == "Europe/London"
    assert config.grace == timedelta(hours=6)
    # A pin names a week by any day in it; it is kept as that week's Monday.
    assert config.pins == (Pin(week=date(2026, 11, 30), theme="referrals"),)


def test_one_channel_may_be_written_directly_under_digest_with_shared_defaults():
    config = parse('channel: C0123TEAM\nday: fri\ntime: "08:00"')
    (schedule,) = config.channels
    assert (schedule.channel, schedule.day, schedule.time) == ("C0123TEAM", 4, time(8, 0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "channels: [{channel: C0123TEAM, timezone: Europe/Londn}]",
            "scrbot.yaml: digest.channels[0].timezone: 'Europe/Londn' is not a time zone we know "
            "(did you mean 'Europe/London'?). Use an IANA name such as Europe/London.",
        ),
        (
            "channels: [{channel: C0123TEAM, day: mondy}]",
            "scrbot.yaml: digest.channels[0].day: 'mondy' is not a day of the week "
            "(did you mean 'monday'?). Use a day name such as monday.",
        ),
        (
            'channels: [{channel: C0123TEAM, time: "25:00"}]',
            "scrbot.yaml: digest.channels[0].time: '25:00' is not a time of day. "
            'Use 24-hour HH:MM in quotes, e.g. "09:30".',
        ),
        (
            "channels: [{channel: C0123TEAM, time: 9:30}]",
            "scrbot.yaml: digest.channels[0].time: 570 is a number, not a time: write the time "
            'in quotes, e.g. "09:30".',
        ),
        (
            "channels: [{channel: C0123TEAM}]\n"
            "pins: [{week: 2026-11-30, theme: disguised-complience}]",
            "scrbot.yaml: digest.pins[0].theme: 'disguised-complience' is not a theme in the "
            "knowledge (did you mean 'disguised-compliance'?). Run `scrbot digest status` or "
            "`/scr themes` to see the theme ids.",
        ),
        (
            "channels: [{channel: '#weekly-learning'}]",
            "scrbot.yaml: digest.channels[0].channel: '#weekly-learning' is not a channel id. "
            "Channel ids look like C0123ABCD: open the channel's details in Slack and copy the "
            "id from the bottom of the About tab.",
        ),
        (
            "grace_hours: 200\nchannels: [{channel: C0123TEAM}]",
            "scrbot.yaml: digest.grace_hours: 200 should be a number of hours above 0 and at most "
            "144 (so a late post never meets next week's).",
        ),
    ],
    ids=["time zone", "day", "time", "unquoted time", "pinned theme", "channel", "grace"],
)
def test_each_mistake_is_one_line_naming_the_key(text, expected):
    assert problems(text) == [expected]


def test_every_mistake_is_reported_at_once():
    found = problems(
        """
        channels:
          - {channel: C0123TEAM, day: someday, timezone: Mars/Olympus}
          - {channel: C0123TEAM}
        pins: [{week: soon, theme: referrals}]
        shedule: weekly
        """
    )
    assert len(found) == 5
    assert any("digest: unknown setting 'shedule'" in line for line in found)
    assert any("channels[0].day" in line for line in found)
    assert any("channels[0].timezone" in line for line in found)
    assert any("channels[1].channel: C0123TEAM is listed more than once" in line for line in found)
    assert any("pins[0].week: 'soon' is not a date" in line for line in found)
    assert all("\n" not in line for line in found)


def test_a_pin_for_a_channel_that_is_not_a_digest_channel_is_refused():
    found = problems(
        "channels: [{channel: C0123TEAM}]\n"
        "pins: [{week: 2026-11-30, theme: referrals, channel: C0999ELSE}]"
    )
    assert found == [
        "scrbot.yaml: digest.pins[0].channel: C0999ELSE is not one of the digest channels."
    ]


def test_run_with_bot_defaults_to_true_and_must_be_true_or_false():
    assert parse("channels: [{channel: C0123TEAM}]").run_with_bot is True
    assert parse("run_with_bot: false").run_with_bot is False
    assert problems("run_with_bot: sometimes") == [
        "scrbot.yaml: digest.run_with_bot: 'sometimes' should be true or false."
    ]
