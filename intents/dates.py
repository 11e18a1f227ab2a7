"""Dates as shoppers write them (明天, 周五, 下周一, 12月3号) → ISO dates, relative to ``today``."""

from __future__ import annotations

import re
from datetime import date, timedelta

from intents.numerals import chinese_number

_DAY_WORDS = {"大后天": 3, "后天": 2, "明天": 1, "明日": 1, "今天": 0, "今日": 0, "昨天": -1}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
_NUMBER = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_RELATIVE = re.compile("|".join(sorted(_DAY_WORDS, key=len, reverse=True)))
_WEEKDAY = re.compile(r"(下下|下|这|本)?(?:周|星期|礼拜)([一二三四五六日天末1-7])")
_MONTH_DAY = re.compile(rf"(?:({_NUMBER})月)({_NUMBER})(?:号|日)")
_DAY_ONLY = re.compile(rf"(?<![月0-9])({_NUMBER})(?:号)")
_ISO = re.compile(r"(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})")
# a character every date above needs: a digit (ISO), 月 or 号, 周/期/拜 (weekday), 天 or 日
_DATE_CHARS = re.compile("[0-9月号周期拜天日]")


def find_date(text: str, today: date) -> date | None:
    """The first date ``text`` names, or None."""
    if _DATE_CHARS.search(text) is None:  # most messages name no date: skip the five searches
        return None
    for finder in (_iso, _month_day, _weekday, _relative, _day_only):
        found = finder(text, today)
        if found is not None:
            return found
    return None


def _relative(text: str, today: date) -> date | None:
    match = _RELATIVE.search(text)
    return today + timedelta(days=_DAY_WORDS[match[0]]) if match else None


def _weekday(text: str, today: date) -> date | None:
    if "周" not in text and "期" not in text and "拜" not in text:  # cheaper than the search
        return None
    match = _WEEKDAY.search(text)
    if not match:
        return None
    token = match[2]
    weekday = int(token) - 1 if token.isdigit() else _WEEKDAYS[token]
    monday = today - timedelta(days=today.weekday())
    weeks_ahead = {"下": 1, "下下": 2}.get(match[1] or "", 0)
    found = monday + timedelta(weeks=weeks_ahead, days=weekday)
    if not match[1] and found < today:  # a bare 周五 after Friday means the coming one
        found += timedelta(weeks=1)
    return found


def _month_day(text: str, today: date) -> date | None:
    match = _MONTH_DAY.search(text) if "月" in text else None
    if not match:
        return None
    month, day = chinese_number(match[1]), chinese_number(match[2])
    return _upcoming(today, month, day)


def _day_only(text: str, today: date) -> date | None:
    match = _DAY_ONLY.search(text) if "号" in text else None
    if not match:
        return None
    day = chinese_number(match[1])
    found = _upcoming(today, today.month, day)
    if found is not None and found < today:
        found = _upcoming(today, today.month % 12 + 1, day)
    return found


def _iso(text: str, today: date) -> date | None:
    match = _ISO.search(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _upcoming(today: date, month: int | None, day: int | None) -> date | None:
    """That month and day in the year that makes it closest to the coming months."""
    if month is None or day is None:
        return None
    for year in (today.year, today.year + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if found >= today - timedelta(days=180):
            return found
    return None
