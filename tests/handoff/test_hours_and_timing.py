"""Business hours with Chinese holidays, and the reply-time KPIs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from handoff.assignments import ServiceLevels, assign, record_agent_reply
from handoff.availability import OpeningHours
from handoff.errors import HoursError
from handoff.hours import is_open, next_opening, parse_hours
from handoff.queue import DatabaseQueue
from handoff.service import response_stats
from tests.handoff.conftest import AgentMaker, new_conversation

SHOP_HOURS = {
    "timezone": "Asia/Shanghai",
    **{day: "09:00-22:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    "holidays": "10:00-18:00",
}


def beijing(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour - 8, minute, tzinfo=UTC)


def test_a_weekday_evening_is_open_and_late_night_is_not() -> None:
    hours = parse_hours(SHOP_HOURS)
    assert is_open(beijing(2026, 11, 25, 21, 30), hours)
    assert not is_open(beijing(2026, 11, 25, 22, 30), hours)
    opening = next_opening(beijing(2026, 11, 25, 22, 30), hours)
    assert opening is not None and (opening.day, opening.hour) == (26, 9)


def test_national_day_keeps_holiday_hours() -> None:
    hours = parse_hours(SHOP_HOURS)
    assert not is_open(beijing(2026, 10, 2, 9, 30), hours)  # a weekday's hours, not today's
    assert is_open(beijing(2026, 10, 2, 10, 30), hours)
    assert not is_open(beijing(2026, 10, 2, 19, 0), hours)


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"mon": "9-22"}, "hours.mon"),
        ({"funday": "09:00-10:00"}, "hours.funday"),
        ({"timezone": "Mars/Olympus"}, "hours.timezone"),
        ({"tue": ["09:00-12:00", "11:00-13:00"]}, "hours.tue"),
    ],
)
def test_bad_hours_are_refused_naming_the_key(data: dict, named: str) -> None:
    with pytest.raises(HoursError, match=named.replace(".", r"\.")):
        parse_hours(data)


def test_nobody_online_within_hours_and_closed_outside_them() -> None:
    hours = OpeningHours(parse_hours(SHOP_HOURS))
    assert hours.check(1, beijing(2026, 11, 25, 12)).open
    assert hours.check(0, beijing(2026, 11, 25, 12)).why_not == "nobody_online"
    closed = hours.check(3, beijing(2026, 11, 25, 23))
    assert closed.why_not == "closed_hours" and closed.next_opening is not None
    assert OpeningHours(None, "never").check(3).why_not == "closed_hours"


def test_replies_are_timed_and_slow_ones_marked_late(
    engine: Engine, make_agent: AgentMaker
) -> None:
    agent = make_agent("xiaomei")
    conversation = new_conversation(engine)
    queue = DatabaseQueue(engine)
    queue.enqueue(conversation, "asked_for_human", "presale")
    assignment = assign(engine, queue, conversation, agent.id or 0)
    assert assignment is not None and assignment.id is not None
    levels = ServiceLevels(first_response_seconds=30, reply_seconds=60)
    started = assignment.started_at.replace(tzinfo=UTC)

    first = record_agent_reply(
        engine, assignment.id, replied_at=started + timedelta(seconds=45), levels=levels
    )
    assert first is not None and first.first and first.late
    asked = started + timedelta(seconds=100)
    quick = record_agent_reply(
        engine,
        assignment.id,
        asked_at=asked,
        replied_at=asked + timedelta(seconds=20),
        levels=levels,
    )
    assert quick is not None and not quick.first and not quick.late
    unasked = record_agent_reply(engine, assignment.id, levels=levels)
    assert unasked is None  # a follow-up nobody asked for is not timed

    stats = response_stats(engine, agent_id=agent.id)
    assert stats["replies"] == 2 and stats["late"] == 1
    assert stats["mean_first_response_seconds"] == 45.0
    assert stats["mean_reply_seconds"] == 20.0
