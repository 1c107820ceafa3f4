"""Slots in each channel's own time zone, right across the clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.digest_config import ChannelSchedule
from scheduler.jobs import channel_trigger
from scheduler.slots import latest_slot, next_slot, slot_on, slots_between, week_slot

LONDON = ChannelSchedule("C0123TEAM")  # Mondays 09:30 Europe/London


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "expected_utc", "clock"),
    [
        # British Summer Time began at 01:00 UTC on Sunday 29 March 2026.
        (date(2026, 3, 23), utc(2026, 3, 23, 9, 30), "GMT"),
        (date(2026, 3, 30), utc(2026, 3, 30, 8, 30), "BST"),
        # It ended at 01:00 UTC on Sunday 25 October 2026.
        (date(2026, 10, 19), utc(2026, 10, 19, 8, 30), "BST"),
        (date(2026, 11, 2), utc(2026, 11, 2, 9, 30), "GMT"),
        (date(2026, 11, 23), utc(2026, 11, 23, 9, 30), "GMT"),
    ],
)
def test_a_0930_london_slot_is_0930_on_the_wall_clock_in_march_and_november(
    day, expected_utc, clock
):
    slot = slot_on(LONDON, day)
    assert slot.at == expected_utc
    local = slot.at.astimezone(ZoneInfo("Europe/London"))
    assert (local.time(), local.tzname()) == (time(9, 30), clock)
    assert slot.id == f"C0123TEAM/{day.isoformat()}T09:30"


def test_the_next_slot_after_the_clocks_go_forward_is_an_hour_earlier_in_utc():
    friday_before = utc(2026, 3, 27, 12, 0)
    assert next_slot(LONDON, friday_before).at == utc(2026, 3, 30, 8, 30)
    friday_before_autumn = utc(2026, 10, 23, 12, 0)
    assert next_slot(LONDON, friday_before_autumn).at == utc(2026, 10, 26, 9, 30)


def test_next_slot_is_strictly_after_and_latest_slot_is_at_or_before():
    at = utc(2026, 11, 23, 9, 30)
    assert next_slot(LONDON, at).at == utc(2026, 11, 30, 9, 30)
    assert next_slot(LONDON, at - timedelta(microseconds=1)).at == at
    assert latest_slot(LONDON, at).at == at
    assert latest_slot(LONDON, at - timedelta(seconds=1)).at == utc(2026, 11, 16, 9, 30)


def test_slots_between_lists_each_week_once_across_a_clock_change():
    found = slots_between(LONDON, utc(2026, 3, 16, 12), utc(2026, 4, 6, 12))
    assert [s.at for s in found] == [
        utc(2026, 3, 23, 9, 30),
        utc(2026, 3, 30, 8, 30),
        utc(2026, 4, 6, 8, 30),
    ]


def test_week_slot_is_this_weeks_slot_whichever_day_it_is():
    wednesday = utc(2026, 11, 25, 15, 0)
    slot = week_slot(LONDON, wednesday)
    assert slot.local == datetime(2026, 11, 23, 9, 30)
    assert slot.week == date(2026, 11, 23)
    friday_schedule = ChannelSchedule("C0123TEAM", day=4, time=time(16, 0))
    assert week_slot(friday_schedule, wednesday).local == datetime(2026, 11, 27, 16, 0)
    assert week_slot(friday_schedule, wednesday).week == date(2026, 11, 23)


def test_a_time_that_does_not_exist_when_the_clocks_go_forward_happens_an_hour_later():
    sunday_0130 = ChannelSchedule("C0123TEAM", day=6, time=time(1, 30))
    slot = slot_on(sunday_0130, date(2026, 3, 29))
    assert slot.at == utc(2026, 3, 29, 1, 30)
    assert slot.at.astimezone(ZoneInfo("Europe/London")).time() == time(2, 30)


def test_another_time_zone_keeps_its_own_wall_clock():
    new_york = ChannelSchedule("C0123TEAM", day=0, time=time(9, 30), timezone="America/New_York")
    # US daylight saving time began on 8 March 2026, three weeks before the UK's.
    assert slot_on(new_york, date(2026, 3, 2)).at == utc(2026, 3, 2, 14, 30)
    assert slot_on(new_york, date(2026, 3, 9)).at == utc(2026, 3, 9, 13, 30)


ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Auckland",
]


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    day=st.integers(min_value=0, max_value=6),
    # Daytime hours: no zone here changes its clocks between 06:00 and 22:00.
    hour=st.integers(min_value=6, max_value=21),
    minute=st.integers(min_value=0, max_value=59),
    now=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2034, 12, 31), timezones=st.just(UTC)
    ),
)
def test_the_apscheduler_job_fires_exactly_at_our_next_slot(zone, day, hour, minute, now):
    schedule = ChannelSchedule("C0123TEAM", day=day, time=time(hour, minute), timezone=zone)
    fires = channel_trigger(schedule).get_next_fire_time(None, now + timedelta(microseconds=1))
    assert fires == next_slot(schedule, now).at
