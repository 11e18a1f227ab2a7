"""The JSON shapes of the order-system HTTP contract (``docs/order-api.md``).

Parsing is strict: a missing field or a wrong type raises ``ValueError``, which the HTTP
adapter turns into :class:`OrderSystemUnavailable` (garbage is not an answer).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.orders.domain import (
    Address,
    AfterSaleCase,
    InvoiceRequest,
    LogisticsEvent,
    Order,
    OrderItem,
    OrderStatus,
)


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _parse_time(value: Any, required: bool = False) -> datetime | None:
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 time, got {value!r}")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(f"time without an offset: {value!r}")
    return parsed.astimezone(UTC)


def _str(data: dict[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected a string, got {value!r}")
    return value


def _int(data: dict[str, Any], key: str, default: int | None = None) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{key}: expected an integer, got {value!r}")
    return value


def _opt_str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else _str(data, key)


def address_to_json(address: Address) -> dict[str, str]:
    return {
        "recipient": address.recipient,
        "province": address.province,
        "city": address.city,
        "district": address.district,
        "detail": address.detail,
    }


def address_from_json(data: Any) -> Address:
    if not isinstance(data, dict):
        raise ValueError("address: expected an object")
    return Address(
        recipient=_str(data, "recipient", ""),
        province=_str(data, "province"),
        city=_str(data, "city"),
        district=_str(data, "district", ""),
        detail=_str(data, "detail", ""),
    )


def order_to_json(order: Order) -> dict[str, Any]:
    return {
        "order_no": order.order_no,
        "customer_ref": order.customer_ref,
        "phone": order.phone,
        "status": order.status.value,
        "items": [
            {"sku": i.sku, "name": i.name, "qty": i.qty, "price_fen": i.price_fen}
            for i in order.items
        ],
        "goods_fen": order.goods_fen,
        "shipping_fen": order.shipping_fen,
        "discount_fen": order.discount_fen,
        "created_at": _time(order.created_at),
        "paid_at": _time(order.paid_at),
        "shipped_at": _time(order.shipped_at),
        "delivered_at": _time(order.delivered_at),
        "promised_ship_by": _time(order.promised_ship_by),
        "courier": order.courier,
        "tracking_no": order.tracking_no,
        "address": address_to_json(order.address),
        "note": order.note,
    }


def order_from_json(data: Any) -> Order:
    if not isinstance(data, dict):
        raise ValueError("order: expected an object")
    items = data.get("items")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValueError("items: expected a list of objects")
    created_at = _parse_time(data.get("created_at"), required=True)
    assert created_at is not None
    return Order(
        order_no=_str(data, "order_no"),
        customer_ref=_str(data, "customer_ref"),
        phone=_str(data, "phone"),
        status=OrderStatus(_str(data, "status")),
        items=tuple(
            OrderItem(_str(i, "sku"), _str(i, "name"), _int(i, "qty"), _int(i, "price_fen"))
            for i in items
        ),
        goods_fen=_int(data, "goods_fen"),
        shipping_fen=_int(data, "shipping_fen", 0),
        discount_fen=_int(data, "discount_fen", 0),
        created_at=created_at,
        address=address_from_json(data.get("address")),
        paid_at=_parse_time(data.get("paid_at")),
        shipped_at=_parse_time(data.get("shipped_at")),
        delivered_at=_parse_time(data.get("delivered_at")),
        promised_ship_by=_parse_time(data.get("promised_ship_by")),
        courier=_opt_str(data, "courier"),
        tracking_no=_opt_str(data, "tracking_no"),
        note=_str(data, "note", ""),
    )


def orders_from_json(data: Any) -> list[Order]:
    if not isinstance(data, dict) or not isinstance(data.get("orders"), list):
        raise ValueError('expected {"orders": [...]}')
    return [order_from_json(o) for o in data["orders"]]


def event_to_json(event: LogisticsEvent) -> dict[str, Any]:
    return {"time": _time(event.time), "text": event.text}


def events_from_json(data: Any) -> list[LogisticsEvent]:
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ValueError('expected {"events": [...]}')
    events = []
    for raw in data["events"]:
        if not isinstance(raw, dict):
            raise ValueError("event: expected an object")
        time = _parse_time(raw.get("time"), required=True)
        assert time is not None
        events.append(LogisticsEvent(time=time, text=_str(raw, "text")))
    return sorted(events, key=lambda e: e.time)


def case_to_json(case: AfterSaleCase) -> dict[str, Any]:
    return {
        "case_no": case.case_no,
        "order_no": case.order_no,
        "kind": case.kind,
        "reason": case.reason,
        "amount_fen": case.amount_fen,
        "details": case.details,
        "created_at": _time(case.created_at),
    }


def case_from_json(data: Any) -> AfterSaleCase:
    if not isinstance(data, dict):
        raise ValueError("after-sale case: expected an object")
    created_at = _parse_time(data.get("created_at"), required=True)
    assert created_at is not None
    details = data.get("details") or {}
    if not isinstance(details, dict):
        raise ValueError("details: expected an object")
    return AfterSaleCase(
        case_no=_str(data, "case_no"),
        order_no=_str(data, "order_no"),
        kind=_str(data, "kind"),
        reason=_str(data, "reason", ""),
        amount_fen=_int(data, "amount_fen", 0),
        created_at=created_at,
        details=details,
    )


def invoice_to_json(request: InvoiceRequest) -> dict[str, Any]:
    return {
        "request_no": request.request_no,
        "order_no": request.order_no,
        "title": request.title,
        "tax_id": request.tax_id,
        "email": request.email,
        "created_at": _time(request.created_at),
    }


def invoice_from_json(data: Any) -> InvoiceRequest:
    if not isinstance(data, dict):
        raise ValueError("invoice request: expected an object")
    created_at = _parse_time(data.get("created_at"), required=True)
    assert created_at is not None
    return InvoiceRequest(
        request_no=_str(data, "request_no"),
        order_no=_str(data, "order_no"),
        title=_str(data, "title"),
        tax_id=_str(data, "tax_id", ""),
        email=_str(data, "email"),
        created_at=created_at,
    )
