"""The numbers the flows decide by. Defaults are the handbook's; the shop's policy data
overrides them (``FlowPolicy.from_mapping``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class FlowPolicy:
    # logistics handbook: no update for longer than these counts as ...
    logistics_normal_hours: int = 24  # ... still normal: reassure
    logistics_followup_hours: int = 48  # ... stuck: open a follow-up case
    logistics_lost_hours: int = 72  # ... lost: open a claim, offer a reship or a human
    # bad or damaged fruit
    bad_fruit_report_hours: int = 48  # after delivery
    bad_fruit_auto_approve_fen: int = 3000  # larger amounts go to a human
    bad_fruit_repeat_days: int = 30  # an earlier claim in this window goes to a human
    # invoices
    invoice_days: int = 3  # working days until the e-invoice is e-mailed
    # unpaid orders
    unpaid_reminder_minutes: int = 30
    # large orders
    large_order_boxes: int = 5
    # anonymous order lookups
    lookup_max_failures: int = 5
    lookup_window_minutes: int = 10
    order_no_pattern: str = r"[A-Z]{1,4}\d{6,20}"

    @classmethod
    def from_mapping(cls, data: dict[str, Any] | None) -> FlowPolicy:
        """Known keys of ``data`` (flat) override the defaults; others are ignored."""
        data = data or {}
        known = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for name in known:
            if name in data and data[name] is not None:
                values[name] = data[name] if name == "order_no_pattern" else int(data[name])
        return cls(**values)

    def order_no_regex(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![A-Z0-9]){self.order_no_pattern}(?![A-Z0-9])")
