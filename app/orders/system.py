"""The one interface every order system implements (embedded demo, a shop's HTTP API ...).

Every method may raise :class:`~app.orders.errors.OrderSystemUnavailable`. Writes take an
optional ``idempotency_key``: the same key twice performs the write once and returns the
first result, so a flow that retries after a lost answer never doubles a case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from app.orders.domain import (
    Address,
    AfterSaleCase,
    InvoiceRequest,
    LogisticsEvent,
    Order,
)


class OrderSystem(Protocol):
    async def get_order(self, order_no: str) -> Order:
        """The order; :class:`OrderNotFound` if there is none."""
        ...

    async def list_orders(self, customer_ref: str, limit: int = 10) -> list[Order]:
        """The customer's orders, newest first."""
        ...

    async def list_unpaid_orders(self, created_before: datetime) -> list[Order]:
        """Unpaid orders created before the given time, oldest first (for reminders)."""
        ...

    async def logistics(self, order_no: str) -> list[LogisticsEvent]:
        """The parcel's tracking events, oldest first; empty before shipping."""
        ...

    async def change_address(
        self, order_no: str, address: Address, idempotency_key: str | None = None
    ) -> Order:
        """New delivery address; :class:`ChangeNotAllowed` once shipped."""
        ...

    async def change_phone(
        self, order_no: str, phone: str, idempotency_key: str | None = None
    ) -> Order: ...

    async def change_note(
        self, order_no: str, note: str, idempotency_key: str | None = None
    ) -> Order: ...

    async def create_after_sale(
        self,
        order_no: str,
        kind: str,
        reason: str,
        amount_fen: int = 0,
        details: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> AfterSaleCase: ...

    async def create_invoice_request(
        self,
        order_no: str,
        title: str,
        tax_id: str,
        email: str,
        idempotency_key: str | None = None,
    ) -> InvoiceRequest: ...
