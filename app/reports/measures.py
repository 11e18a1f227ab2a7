"""Small value types of a report: a ratio that may have nothing to divide by, a mean."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EMPTY = "—"  # what every page and CSV shows where there is nothing to divide by


@dataclass(frozen=True, slots=True)
class Ratio:
    count: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.count / self.total if self.total else None

    def to_dict(self) -> dict[str, int | float | None]:
        rate = self.rate
        return {"count": self.count, "total": self.total, "rate": rounded(rate, 4)}

    def shown(self) -> str:
        rate = self.rate
        return EMPTY if rate is None else f"{rate * 100:.1f}%"


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def seconds(value: float | None) -> float | None:
    return rounded(value, 1)


def shown_seconds(value: float | None) -> str:
    return EMPTY if value is None else f"{value:.1f}"


def shown_number(value: float | None, digits: int = 2) -> str:
    return EMPTY if value is None else f"{value:.{digits}f}"
