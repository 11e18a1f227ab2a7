"""What a shopper's question is about, so the repeated-question trigger does not take
「XG001 到哪了」 then 「XG002 到哪了」 for the same question asked twice.

A subject maps a name to a value: each slot the matcher found (``order_no``, ``product``
…, as ``policy.yaml`` lists them) and ``codes``, the numbers and codes written in the
text (order numbers, phone numbers, quantities). Two questions are about different
things when they name the same thing with different values. A name only one of them
gives does not tell them apart: the matcher does not report slots while a flow waits
for an answer, and a shopper may say 「这个订单」 the second time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

Subject = dict[str, str]

_CODES = re.compile(r"[0-9a-z]*[0-9][0-9a-z]*")  # in a normalised (lower case) text


def subject_of(key: str, slots: Mapping[str, Any], names: Iterable[str]) -> Subject:
    """``key``: the normalised question; ``slots``: the matcher's; ``names``: those that count."""
    subject = {name: _value(slots[name]) for name in names if slots.get(name)}
    codes = sorted(set(_CODES.findall(key)))
    if codes:
        subject["codes"] = ",".join(codes)
    return subject


def different(one: Mapping[str, str], other: Mapping[str, str]) -> bool:
    return any(one[name] != other[name] for name in one.keys() & other.keys())


def remembered(item: Any) -> tuple[str, Subject]:
    """A question kept in the signals: ``{"q": ..., "about": {...}}``; memories from
    before subjects were kept hold the bare question."""
    if isinstance(item, Mapping):
        about = item.get("about")
        subject = {str(k): str(v) for k, v in about.items()} if isinstance(about, Mapping) else {}
        return str(item.get("q", "")), subject
    return str(item), {}


def _value(value: Any) -> str:
    if isinstance(value, Mapping):
        return ",".join(f"{k}:{_value(value[k])}" for k in sorted(value))
    if isinstance(value, list | tuple | set):
        return ",".join(sorted(_value(item) for item in value))
    return str(value).strip().lower()
