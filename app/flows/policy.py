"""The handbook numbers the flows decide by, read from the shop's ``policy.yaml``.

Nothing here has a default: a shop that leaves a number out gets an error naming the
file and the field when the server starts, not a silent guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.shop.errors import ShopDataError

POLICY_FILE = "policy.yaml"


@dataclass(frozen=True, slots=True)
class FlowPolicy:
    # logistics: no tracking update for longer than these counts as ...
    logistics_normal_hours: int  # ... still normal: reassure with the latest event
    logistics_followup_hours: int  # ... stuck: open a follow-up case
    logistics_lost_hours: int  # ... lost: open a claim, offer a reship or a human
    # bad or damaged fruit
    report_window_hours: int  # after delivery
    photo_required: bool
    photo_max_count: int
    photo_max_mb: int
    auto_approve_max_fen: int  # larger compensation goes to a human
    repeat_claim_days: int  # an earlier claim in this window goes to a human
    compensation_ratio_full: float  # more bad than this share: the whole item back
    invoice_days: int  # working days until the e-invoice is e-mailed
    unpaid_reminder_minutes: int
    large_order_boxes: int
    order_no_pattern: str
    # a flow waiting for an answer (an order number ...) forgets its question after the
    # shopper has been silent this long; the next message is understood afresh
    flow_answer_wait_minutes: float

    @classmethod
    def from_policy(cls, data: Mapping[str, Any]) -> FlowPolicy:
        reader = _Reader(data)
        policy = cls(
            logistics_normal_hours=reader.whole("logistics_normal_hours"),
            logistics_followup_hours=reader.whole("logistics_followup_hours"),
            logistics_lost_hours=reader.whole("logistics_lost_hours"),
            report_window_hours=reader.whole("report_window_hours"),
            photo_required=reader.flag("photo_required"),
            photo_max_count=reader.whole("photo_max_count"),
            photo_max_mb=reader.whole("photo_max_mb"),
            auto_approve_max_fen=reader.fen("auto_approve_max"),
            repeat_claim_days=reader.whole("repeat_claim_days"),
            compensation_ratio_full=reader.ratio("compensation_ratio_full"),
            invoice_days=reader.whole("invoice_days"),
            unpaid_reminder_minutes=reader.whole("unpaid_reminder_minutes"),
            large_order_boxes=reader.whole("large_order_boxes"),
            order_no_pattern=reader.pattern("order_no_pattern"),
            flow_answer_wait_minutes=reader.positive("flow_answer_wait_minutes"),
        )
        if not (
            policy.logistics_normal_hours
            <= policy.logistics_followup_hours
            <= policy.logistics_lost_hours
        ):
            raise ShopDataError(
                POLICY_FILE, "logistics_*_hours", "expected normal <= followup <= lost"
            )
        return policy

    def order_no_regex(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![A-Z0-9]){self.order_no_pattern}(?![A-Z0-9])")


class _Reader:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data

    def _value(self, key: str) -> Any:
        if key not in self._data or self._data[key] is None:
            raise ShopDataError(POLICY_FILE, key, "required")
        return self._data[key]

    def _fail(self, key: str, expected: str) -> ShopDataError:
        return ShopDataError(POLICY_FILE, key, f"expected {expected}, got {self._data[key]!r}")

    def whole(self, key: str) -> int:
        value = self._value(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self._fail(key, "a whole number >= 0")
        return value

    def flag(self, key: str) -> bool:
        value = self._value(key)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

    def fen(self, key: str) -> int:
        value = self._value(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self._fail(key, "an amount in 元")
        return int((Decimal(str(value)) * 100).to_integral_value())

    def positive(self, key: str) -> float:
        value = self._value(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise self._fail(key, "a number > 0")
        return float(value)

    def ratio(self, key: str) -> float:
        value = self._value(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            raise self._fail(key, "a share between 0 and 1")
        return float(value)

    def pattern(self, key: str) -> str:
        value = self._value(key)
        try:
            re.compile(str(value))
        except re.error as error:
            raise self._fail(key, f"a regular expression ({error})") from None
        return str(value)
