"""Date ranges: a day, an ISO week (Monday first), a month, or from-to days, cut in a zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.reports.errors import InvalidRange

PERIODS = ("day", "week", "month")
MAX_DAYS = 366


@dataclass(frozen=True, slots=True)
class DateRange:
    """Local days ``first`` to ``last`` inclusive; ``start``/``end`` the UTC half-open span."""

    first: date
    last: date
    tz: ZoneInfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), self.tz).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), self.tz).astimezone(UTC)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def local_day(self, moment: datetime) -> date:
        return as_utc(moment).astimezone(self.tz).date()

    def contains(self, moment: datetime) -> bool:
        return self.start <= as_utc(moment) < self.end

    def to_dict(self) -> dict[str, str]:
        return {
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "timezone": self.tz.key,
            "start_utc": self.start.isoformat(),
            "end_utc": self.end.isoformat(),
        }


def as_utc(moment: datetime) -> datetime:
    """The same instant, aware (naive values read back from SQLite are UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def period_range(period: str, day: date, tz: ZoneInfo) -> DateRange:
    """The day, the Monday-to-Sunday week, or the calendar month that holds ``day``."""
    if period == "day":
        return DateRange(day, day, tz)
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return DateRange(monday, monday + timedelta(days=6), tz)
    if period == "month":
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return DateRange(first, following - timedelta(days=1), tz)
    raise InvalidRange(f"period: one of {', '.join(PERIODS)}")


def today_in(tz: ZoneInfo) -> date:
    return datetime.now(UTC).astimezone(tz).date()


def parse_day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidRange(f"{name}: a date as YYYY-MM-DD, not {value!r}") from None


def parse_zone(value: str | None, default: ZoneInfo) -> ZoneInfo:
    if not value:
        return default
    try:
        return ZoneInfo(value)
    except (KeyError, ValueError):
        raise InvalidRange(f"tz: an IANA time zone such as Asia/Shanghai, not {value!r}") from None


def resolve_range(
    *,
    period: str | None,
    on: str | None,
    start: str | None,
    end: str | None,
    tz: ZoneInfo,
    today: date,
) -> DateRange:
    """``start``/``end`` (inclusive days) when given, else the ``period`` holding ``on``
    (default: this month, today)."""
    if start or end:
        if not (start and end):
            raise InvalidRange("start and end: give both, or neither")
        first, last = parse_day(start, "start"), parse_day(end, "end")
        if last < first:
            raise InvalidRange("end: on or after start")
        if (last - first).days >= MAX_DAYS:
            raise InvalidRange(f"start..end: at most {MAX_DAYS} days")
        return DateRange(first, last, tz)
    day = parse_day(on, "date") if on else today
    return period_range(period or "month", day, tz)
