"""The embedded demo order system: orders in the bot's own database.

It lets the demo shop (and the tests) run every order flow without a real shop system.
Blocking database work runs in a worker thread so the event loop never waits on SQLite.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, col, select

from app.orders.domain import (
    Address,
    AfterSaleCase,
    InvoiceRequest,
    LogisticsEvent,
    Order,
    OrderItem,
    OrderStatus,
)
from app.orders.errors import ChangeNotAllowed, OrderNotFound, OrderSystemUnavailable
from app.orders.models import (
    DemoAfterSaleCase,
    DemoInvoiceRequest,
    DemoLogisticsEvent,
    DemoOrder,
    DemoOrderItem,
)

T = TypeVar("T")
Clock = Callable[[], datetime]

DEMO_TABLES = [
    SQLModel.metadata.tables[name]
    for name in (
        "demo_order",
        "demo_order_item",
        "demo_logistics_event",
        "demo_after_sale_case",
        "demo_invoice_request",
    )
]
CHANGEABLE = (OrderStatus.UNPAID, OrderStatus.PAID)


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; they were stored as UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def create_demo_schema(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine, tables=DEMO_TABLES)


class EmbeddedOrderSystem:
    def __init__(self, engine: Engine, clock: Clock = utcnow) -> None:
        self._engine = engine
        self._clock = clock

    async def _run(self, work: Callable[[Session], T]) -> T:
        def in_thread() -> T:
            with Session(self._engine, expire_on_commit=False) as session:
                return work(session)

        try:
            return await asyncio.to_thread(in_thread)
        except OperationalError as error:  # locked or missing database, disk full ...
            raise OrderSystemUnavailable(str(error.orig)) from error

    # reads

    async def get_order(self, order_no: str) -> Order:
        return await self._run(lambda s: _to_order(s, _row(s, order_no)))

    async def list_orders(self, customer_ref: str, limit: int = 10) -> list[Order]:
        def work(session: Session) -> list[Order]:
            rows = session.exec(
                select(DemoOrder)
                .where(DemoOrder.customer_ref == customer_ref)
                .order_by(col(DemoOrder.created_at).desc())
                .limit(limit)
            ).all()
            return [_to_order(session, row) for row in rows]

        return await self._run(work)

    async def list_unpaid_orders(self, created_before: datetime) -> list[Order]:
        def work(session: Session) -> list[Order]:
            rows = session.exec(
                select(DemoOrder)
                .where(DemoOrder.status == OrderStatus.UNPAID.value)
                .where(DemoOrder.created_at < created_before.astimezone(UTC))
                .order_by(col(DemoOrder.created_at))
            ).all()
            return [_to_order(session, row) for row in rows]

        return await self._run(work)

    async def logistics(self, order_no: str) -> list[LogisticsEvent]:
        def work(session: Session) -> list[LogisticsEvent]:
            _row(session, order_no)
            rows = session.exec(
                select(DemoLogisticsEvent)
                .where(DemoLogisticsEvent.order_no == order_no)
                .order_by(col(DemoLogisticsEvent.time))
            ).all()
            return [LogisticsEvent(time=as_utc(r.time) or r.time, text=r.text) for r in rows]

        return await self._run(work)

    # changes

    async def change_address(
        self, order_no: str, address: Address, idempotency_key: str | None = None
    ) -> Order:
        return await self._change(
            order_no,
            recipient=address.recipient,
            province=address.province,
            city=address.city,
            district=address.district,
            address_detail=address.detail,
        )

    async def change_phone(
        self, order_no: str, phone: str, idempotency_key: str | None = None
    ) -> Order:
        return await self._change(order_no, phone=phone)

    async def change_note(
        self, order_no: str, note: str, idempotency_key: str | None = None
    ) -> Order:
        return await self._change(order_no, note=note)

    async def _change(self, order_no: str, **values: Any) -> Order:
        def work(session: Session) -> Order:
            row = _row(session, order_no)
            if OrderStatus(row.status) not in CHANGEABLE:
                raise ChangeNotAllowed(f"order {order_no} is {row.status}")
            for name, value in values.items():
                setattr(row, name, value)
            session.add(row)
            session.commit()
            return _to_order(session, row)

        return await self._run(work)

    async def create_after_sale(
        self,
        order_no: str,
        kind: str,
        reason: str,
        amount_fen: int = 0,
        details: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> AfterSaleCase:
        def work(session: Session) -> AfterSaleCase:
            _row(session, order_no)
            row = _by_key(session, DemoAfterSaleCase, idempotency_key)
            if row is None:
                row = DemoAfterSaleCase(
                    case_no=_number("AS"),
                    order_no=order_no,
                    kind=kind,
                    reason=reason,
                    amount_fen=amount_fen,
                    details=details or {},
                    idempotency_key=idempotency_key,
                    created_at=self._clock(),
                )
                session.add(row)
                session.commit()
            return AfterSaleCase(
                case_no=row.case_no,
                order_no=row.order_no,
                kind=row.kind,
                reason=row.reason,
                amount_fen=row.amount_fen,
                created_at=as_utc(row.created_at) or row.created_at,
                details=dict(row.details),
            )

        return await self._run(work)

    async def create_invoice_request(
        self,
        order_no: str,
        title: str,
        tax_id: str,
        email: str,
        idempotency_key: str | None = None,
    ) -> InvoiceRequest:
        def work(session: Session) -> InvoiceRequest:
            _row(session, order_no)
            row = _by_key(session, DemoInvoiceRequest, idempotency_key)
            if row is None:
                row = DemoInvoiceRequest(
                    request_no=_number("INV"),
                    order_no=order_no,
                    title=title,
                    tax_id=tax_id,
                    email=email,
                    idempotency_key=idempotency_key,
                    created_at=self._clock(),
                )
                session.add(row)
                session.commit()
            return InvoiceRequest(
                request_no=row.request_no,
                order_no=row.order_no,
                title=row.title,
                tax_id=row.tax_id,
                email=row.email,
                created_at=as_utc(row.created_at) or row.created_at,
            )

        return await self._run(work)


def _number(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(5).upper()}"


def _row(session: Session, order_no: str) -> DemoOrder:
    row = session.get(DemoOrder, order_no)
    if row is None:
        raise OrderNotFound(order_no)
    return row


def _by_key(session: Session, table: type[T], key: str | None) -> T | None:
    if key is None:
        return None
    return session.exec(select(table).where(table.idempotency_key == key)).first()  # type: ignore[attr-defined]


def _to_order(session: Session, row: DemoOrder) -> Order:
    items = session.exec(
        select(DemoOrderItem)
        .where(DemoOrderItem.order_no == row.order_no)
        .order_by(col(DemoOrderItem.id))
    ).all()
    return Order(
        order_no=row.order_no,
        customer_ref=row.customer_ref,
        phone=row.phone,
        status=OrderStatus(row.status),
        items=tuple(OrderItem(i.sku, i.name, i.qty, i.price_fen) for i in items),
        goods_fen=row.goods_fen,
        shipping_fen=row.shipping_fen,
        discount_fen=row.discount_fen,
        created_at=as_utc(row.created_at) or row.created_at,
        address=Address(
            recipient=row.recipient,
            province=row.province,
            city=row.city,
            district=row.district,
            detail=row.address_detail,
        ),
        paid_at=as_utc(row.paid_at),
        shipped_at=as_utc(row.shipped_at),
        delivered_at=as_utc(row.delivered_at),
        promised_ship_by=as_utc(row.promised_ship_by),
        courier=row.courier,
        tracking_no=row.tracking_no,
        note=row.note,
    )
