"""How the KPIs are counted, read from the shop's ``reports.yaml`` and checked at load."""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from app.reports.errors import ReportSettingsError

FILE_NAME = "reports.yaml"


@dataclass(frozen=True, slots=True)
class ReportSettings:
    timezone: str = "Asia/Shanghai"
    low_rating_max: int = 2
    unresolved_end_outcomes: tuple[str, ...] = ("fallback", "handoff")
    unanswered_outcomes: tuple[str, ...] = ("fallback",)
    top: int = 10
    conversion_days: int = 7
    presale_intents: tuple[str, ...] = ("presale*",)
    dispute_ledger_types: tuple[str, ...] = ("refund", "bad_fruit_compensation")
    dispute_priority_class: str = "dispute"
    tz: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tz", ZoneInfo(self.timezone))

    def is_presale(self, intent: str | None) -> bool:
        return intent is not None and any(fnmatchcase(intent, p) for p in self.presale_intents)


def load_report_settings(shop_dir: Path) -> ReportSettings:
    """The settings in ``shop_dir/reports.yaml``; the defaults when the shop has none."""
    path = shop_dir / FILE_NAME
    if not path.exists():
        return ReportSettings()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ReportSettingsError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise ReportSettingsError(f"{path}: expected a mapping at the top")
    return _parse(data, _Fields(path))


class _Fields:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, name: str, expected: str) -> ReportSettingsError:
        return ReportSettingsError(f"{self.path}: field '{name}' must be {expected}")

    def integer(self, data: dict[str, Any], name: str, low: int, high: int, default: int) -> int:
        value = data.get(name.rpartition(".")[2], default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(name, f"a whole number from {low} to {high}")
        return value

    def words(self, data: dict[str, Any], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = data.get(name.rpartition(".")[2], list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(name, "a list of non-empty strings")
        return tuple(value)

    def section(self, data: dict[str, Any], name: str) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(name, "a mapping")
        return value


def _parse(data: dict[str, Any], fields: _Fields) -> ReportSettings:
    base = ReportSettings()
    timezone = data.get("timezone", base.timezone)
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        raise fields.fail("timezone", "an IANA time zone such as Asia/Shanghai") from None
    conversion = fields.section(data, "conversion")
    disputes = fields.section(data, "disputes")
    priority_class = disputes.get("handoff_priority_class", base.dispute_priority_class)
    if not isinstance(priority_class, str) or not priority_class:
        raise fields.fail("disputes.handoff_priority_class", "a priority class name")
    return ReportSettings(
        timezone=str(timezone),
        low_rating_max=fields.integer(data, "low_rating_max", 1, 4, base.low_rating_max),
        unresolved_end_outcomes=fields.words(
            data, "unresolved_end_outcomes", base.unresolved_end_outcomes
        ),
        unanswered_outcomes=fields.words(data, "unanswered_outcomes", base.unanswered_outcomes),
        top=fields.integer(data, "top", 1, 100, base.top),
        conversion_days=fields.integer(conversion, "conversion.days", 0, 365, 7),
        presale_intents=fields.words(conversion, "conversion.presale_intents", ("presale*",)),
        dispute_ledger_types=fields.words(
            disputes, "disputes.ledger_types", base.dispute_ledger_types
        ),
        dispute_priority_class=priority_class,
    )
