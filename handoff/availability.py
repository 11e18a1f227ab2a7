"""Can a person take a chat now? Business hours (with Chinese holidays) and who is on.

``mode`` comes from the settings: ``shop`` follows the shop's hours, ``always`` and
``never`` override them (demos, tests, a shop closed for a move).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from handoff.hours import BusinessHours, is_open, next_opening
from handoff.models import utcnow

HoursMode = Literal["shop", "always", "never"]


@dataclass(frozen=True, slots=True)
class Availability:
    open: bool
    why_not: Literal["closed_hours", "nobody_online"] | None = None
    next_opening: datetime | None = None


@dataclass(frozen=True, slots=True)
class OpeningHours:
    hours: BusinessHours | None
    mode: HoursMode = "shop"

    def check(self, agents_online: int, now: datetime | None = None) -> Availability:
        now = now or utcnow()
        if not self._open(now):
            return Availability(False, "closed_hours", self._next(now))
        if agents_online == 0:
            return Availability(False, "nobody_online", None)
        return Availability(True)

    def _open(self, now: datetime) -> bool:
        if self.mode == "always" or (self.mode == "shop" and self.hours is None):
            return True
        if self.mode == "never" or self.hours is None:
            return False
        return is_open(now, self.hours)

    def _next(self, now: datetime) -> datetime | None:
        if self.mode == "never" or self.hours is None:
            return None
        return next_opening(now, self.hours)
