"""Seed the embedded demo order system from the shop's ``orders.yaml``.

Times in the file are relative to now (``-3h``, ``-2d4h``, ``+1d``, ``now``) and resolved
at every start, so the demo always looks current: a parcel whose last event was ``-60h``
is always 60 hours quiet. Seeding replaces the seeded orders (their items and events) in
one transaction, so running it twice gives the same data; cases and invoice requests
written by the flows are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, delete
from sqlmodel import Session, col

from app.orders.domain import OrderStatus
from app.orders.embedded import create_demo_schema
from app.orders.models import DemoLogisticsEvent, DemoOrder, DemoOrderItem

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


class SeedError(ValueError):
    """The orders file is not what the seeder expects; the message says where."""


def resolve_time(value: Any, now: datetime) -> datetime | None:
    """``-3h`` / ``+1d2h`` / ``now`` relative to ``now``; ISO 8601 or datetimes as given."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    text = str(value).strip().lower()
    if text == "now":
        return now
    if text[:1] in "+-":
        body = text[1:].replace(" ", "")
        parts = _PART.findall(body)
        if not parts or "".join(n + u for n, u in parts) != body:
            raise SeedError(f"bad relative time {value!r} (use e.g. -3h, -2d4h, +30m)")
        delta = sum((timedelta(**{_UNITS[unit]: float(n)}) for n, unit in parts), timedelta())
        return now - delta if text[0] == "-" else now + delta
    try:
        parsed = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError as error:
        raise SeedError(f"bad time {value!r}") from error
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def to_fen(value: Any) -> int:
    """Yuan (``12.5``, ``"12.50"``) to integer fen."""
    return int((Decimal(str(value)) * 100).to_integral_value())


def load_order_records(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    records = data.get("orders") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise SeedError(f"{path}: expected a list of orders under 'orders'")
    customers = {c.get("ref") or c.get("id"): c for c in (data.get("customers") or [])}
    return [_with_customer(r, customers) for r in records]


def _with_customer(record: dict[str, Any], customers: Mapping[Any, Any]) -> dict[str, Any]:
    customer = customers.get(record.get("customer_ref") or record.get("customer")) or {}
    return {**{k: v for k, v in customer.items() if k in ("phone",)}, **record}


def seed_orders(engine: Engine, records: Iterable[dict[str, Any]], now: datetime) -> int:
    """Replace the given orders; returns how many were written."""
    create_demo_schema(engine)
    rows = [_build(record, now) for record in records]
    with Session(engine) as session:
        numbers = [order.order_no for order, _items, _events in rows]
        session.execute(delete(DemoOrderItem).where(col(DemoOrderItem.order_no).in_(numbers)))
        session.execute(
            delete(DemoLogisticsEvent).where(col(DemoLogisticsEvent.order_no).in_(numbers))
        )
        session.execute(delete(DemoOrder).where(col(DemoOrder.order_no).in_(numbers)))
        session.flush()
        for order, items, events in rows:
            session.add(order)
            session.flush()
            session.add_all([*items, *events])
        session.commit()
    return len(rows)


def seed_from_file(engine: Engine, path: Path, now: datetime) -> int:
    return seed_orders(engine, load_order_records(path), now)


def _build(
    record: dict[str, Any], now: datetime
) -> tuple[DemoOrder, list[DemoOrderItem], list[DemoLogisticsEvent]]:
    try:
        order_no = str(record["order_no"])
        items = [
            DemoOrderItem(
                order_no=order_no,
                sku=str(i["sku"]),
                name=str(i["name"]),
                qty=int(i.get("qty", 1)),
                price_fen=to_fen(i["price"]) if "price" in i else int(i["price_fen"]),
            )
            for i in record.get("items", [])
        ]
        address = record.get("address") or {}
        order = DemoOrder(
            order_no=order_no,
            customer_ref=str(record.get("customer_ref") or record["customer"]),
            phone=str(record["phone"]),
            status=OrderStatus(record["status"]).value,
            goods_fen=sum(i.qty * i.price_fen for i in items),
            shipping_fen=to_fen(record.get("shipping_fee", 0)),
            discount_fen=to_fen(record.get("discount", 0)),
            recipient=str(address.get("recipient", address.get("name", ""))),
            province=str(address.get("province", "")),
            city=str(address.get("city", "")),
            district=str(address.get("district", "")),
            address_detail=str(address.get("detail", "")),
            note=str(record.get("note", "")),
            courier=record.get("courier"),
            tracking_no=_opt_str(record.get("tracking_no")),
            created_at=_required_time(record.get("created", record.get("created_at")), now),
            paid_at=resolve_time(record.get("paid", record.get("paid_at")), now),
            shipped_at=resolve_time(record.get("shipped", record.get("shipped_at")), now),
            delivered_at=resolve_time(record.get("delivered", record.get("delivered_at")), now),
            promised_ship_by=resolve_time(
                record.get("promised_ship_by", record.get("ship_by")), now
            ),
        )
        events = [
            DemoLogisticsEvent(
                order_no=order_no, time=_required_time(e["time"], now), text=str(e["text"])
            )
            for e in record.get("logistics", record.get("events", [])) or []
        ]
    except (KeyError, TypeError, ValueError) as error:
        raise SeedError(f"order {record.get('order_no')!r}: {error!r}") from error
    return order, items, events


def _required_time(value: Any, now: datetime) -> datetime:
    resolved = resolve_time(value, now)
    if resolved is None:
        raise SeedError("a time is required (created, logistics[].time)")
    return resolved


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)
