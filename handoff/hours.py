"""Business hours with Chinese public holidays (法定节假日) and adjusted workdays (调休).

The hours are plain data, usually from the shop's ``shop.yaml``::

    mon: "09:00-22:00"              # or {open: "09:00", close: "22:00"}, a list of either,
    sat: ["10:00-12:00", "13:00-18:00"]   # or "closed" / null; a missing day is closed
    holidays: closed                # on a public holiday: closed (the default), "regular"
                                    # (that weekday's hours), or hours like the days above
    adjusted_workdays: mon          # on a 调休 Saturday or Sunday: the hours of that day name
                                    # (the default, mon), "regular", or hours

Days are ``mon`` … ``sun``, ``monday`` … ``sunday`` or 0 … 6 (Monday = 0). A range may
end at ``24:00``; ranges do not run past midnight. The holiday calendar is
``chinese_calendar``; for a year it does not know yet, days count as ordinary weekdays.

``parse_hours`` validates once; ``is_open`` and ``next_opening`` take the parsed
``BusinessHours`` or the raw mapping.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import chinese_calendar

from handoff.errors import HoursError

log = logging.getLogger(__name__)

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LONG_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_TZ = "Asia/Shanghai"
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")

Range = tuple[int, int]  # minutes after midnight: [start, end)
Ranges = tuple[Range, ...]


@dataclass(frozen=True, slots=True)
class BusinessHours:
    weekly: tuple[Ranges, ...]  # Monday first
    holidays: Ranges | None  # None: the weekday's own hours
    adjusted_workdays: Ranges | None  # None: the weekday's own hours
    timezone: str = DEFAULT_TZ

    def ranges_on(self, day: date) -> Ranges:
        kind = day_kind(day)
        if kind == "holiday" and self.holidays is not None:
            return self.holidays
        if kind == "adjusted_workday" and self.adjusted_workdays is not None:
            return self.adjusted_workdays
        return self.weekly[day.weekday()]


def day_kind(day: date) -> str:
    """``holiday`` (statutory, incl. days off in lieu), ``adjusted_workday`` (调休 weekend
    day worked) or ``regular``."""
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        log.warning("no holiday calendar for %s; treating it as a regular day", day.year)
        return "regular"
    if on_holiday and name is not None:
        return "holiday"
    if not on_holiday and day.weekday() >= 5:
        return "adjusted_workday"
    return "regular"


def parse_hours(data: Mapping[object, object]) -> BusinessHours:
    if not isinstance(data, Mapping):
        raise HoursError("hours: expected a mapping of days to opening hours")
    weekly: list[Ranges] = [() for _ in DAY_NAMES]
    holidays: Ranges | None = ()
    adjusted: Ranges | None = None
    adjusted_day: str | None = "mon"
    timezone = DEFAULT_TZ
    for key, value in data.items():
        name = str(key).strip().lower()
        if name == "timezone":
            timezone = _timezone(value)
        elif name == "holidays":
            holidays = None if value == "regular" else _ranges(value, "holidays")
        elif name == "adjusted_workdays":
            if value == "regular":
                adjusted_day, adjusted = None, None
            elif isinstance(value, str) and _day_index(value) is not None:
                adjusted_day = value
            else:
                adjusted_day, adjusted = None, _ranges(value, "adjusted_workdays")
        elif (index := _day_index(key)) is not None:
            weekly[index] = _ranges(value, name)
        else:
            raise HoursError(f"hours.{name}: not a day (mon … sun), holidays or adjusted_workdays")
    if adjusted_day is not None:
        adjusted = weekly[_day_index(adjusted_day) or 0]
    return BusinessHours(tuple(weekly), holidays, adjusted, timezone)


def _timezone(value: object) -> str:
    try:
        ZoneInfo(str(value))
    except (ValueError, KeyError):
        raise HoursError(f"hours.timezone: unknown time zone {value!r}") from None
    return str(value)


def is_open(
    now: datetime, hours: BusinessHours | Mapping[object, object], tz: str | None = None
) -> bool:
    """Whether the shop is open at ``now`` (a naive ``now`` is taken as UTC)."""
    hours = hours if isinstance(hours, BusinessHours) else parse_hours(hours)
    tz = tz or hours.timezone
    local = _local(now, tz)
    minute = local.hour * 60 + local.minute + local.second / 60
    return any(start <= minute < end for start, end in hours.ranges_on(local.date()))


def next_opening(
    now: datetime,
    hours: BusinessHours | Mapping[object, object],
    tz: str | None = None,
    *,
    horizon_days: int = 31,
) -> datetime | None:
    """When the shop next opens, in ``tz``: ``now`` itself when open; None when it stays
    closed for ``horizon_days``."""
    hours = hours if isinstance(hours, BusinessHours) else parse_hours(hours)
    tz = tz or hours.timezone
    local = _local(now, tz)
    if is_open(local, hours, tz):
        return local
    minute = local.hour * 60 + local.minute + local.second / 60
    for offset in range(horizon_days + 1):
        day = local.date() + timedelta(days=offset)
        for start, _end in sorted(hours.ranges_on(day)):
            if offset > 0 or start > minute:
                opening = datetime.combine(day, time()) + timedelta(minutes=start)
                return opening.replace(tzinfo=local.tzinfo)
    return None


def _local(now: datetime, tz: str) -> datetime:
    aware = now.replace(tzinfo=UTC) if now.tzinfo is None else now
    return aware.astimezone(ZoneInfo(tz))


def _day_index(key: object) -> int | None:
    if isinstance(key, int) and not isinstance(key, bool):
        return key if 0 <= key <= 6 else None
    name = str(key).strip().lower()
    if name in DAY_NAMES:
        return DAY_NAMES.index(name)
    if name in LONG_DAY_NAMES:
        return LONG_DAY_NAMES.index(name)
    return None


def _ranges(value: object, where: str) -> Ranges:
    if value is None or value == "closed" or value is False:
        return ()
    items = value if isinstance(value, list) else [value]
    ranges = sorted(_range(item, f"hours.{where}") for item in items)
    for (_, end), (start, _) in pairwise(ranges):
        if start < end:
            raise HoursError(f"hours.{where}: ranges overlap")
    return tuple(ranges)


def _range(item: object, where: str) -> Range:
    if isinstance(item, Mapping):
        item = f"{_clock(item.get('open'))}-{_clock(item.get('close'))}"
    match = _RANGE.match(str(item))
    if not match:
        raise HoursError(f"{where}: expected 'HH:MM-HH:MM' or {{open, close}}, got {item!r}")
    oh, om, ch, cm = (int(part) for part in match.groups())
    start, end = oh * 60 + om, ch * 60 + cm
    if om > 59 or cm > 59 or start >= 24 * 60 or end > 24 * 60 or start >= end:
        raise HoursError(f"{where}: {item!r} is not a range within one day (open before close)")
    return start, end


def _clock(value: object) -> object:
    """``HH:MM``; YAML 1.1 reads an unquoted 10:00 as the base-60 number 600 (minutes)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value // 60:02d}:{value % 60:02d}"
    return value
