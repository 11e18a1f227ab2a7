"""What an order looks like to the bot, whatever system keeps it.

Money is integer fen (分) throughout; times are aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class OrderStatus(StrEnum):
    UNPAID = "unpaid"
    PAID = "paid"  # paid, not shipped yet
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    REFUNDED = "refunded"
    CANCELLED = "cancelled"

    @property
    def shipped(self) -> bool:
        return self in (OrderStatus.SHIPPED, OrderStatus.DELIVERED)


@dataclass(frozen=True, slots=True)
class OrderItem:
    sku: str
    name: str
    qty: int
    price_fen: int

    @property
    def total_fen(self) -> int:
        return self.qty * self.price_fen


@dataclass(frozen=True, slots=True)
class Address:
    recipient: str
    province: str
    city: str
    district: str = ""
    detail: str = ""

    def one_line(self) -> str:
        return f"{self.province}{self.city}{self.district}{self.detail}"


@dataclass(frozen=True, slots=True)
class Order:
    order_no: str
    customer_ref: str
    phone: str
    status: OrderStatus
    items: tuple[OrderItem, ...]
    goods_fen: int
    shipping_fen: int
    discount_fen: int
    created_at: datetime
    address: Address
    paid_at: datetime | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    promised_ship_by: datetime | None = None
    courier: str | None = None
    tracking_no: str | None = None
    note: str = ""

    @property
    def total_fen(self) -> int:
        return self.goods_fen + self.shipping_fen - self.discount_fen

    @property
    def phone_last4(self) -> str:
        return self.phone[-4:]

    @property
    def title(self) -> str:
        """A short name for the order: its first item, and how many more."""
        if not self.items:
            return self.order_no
        first = self.items[0].name
        return first if len(self.items) == 1 else f"{first} 等{len(self.items)}件"


@dataclass(frozen=True, slots=True)
class LogisticsEvent:
    time: datetime
    text: str


@dataclass(frozen=True, slots=True)
class AfterSaleCase:
    case_no: str
    order_no: str
    kind: str
    reason: str
    amount_fen: int
    created_at: datetime
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InvoiceRequest:
    request_no: str
    order_no: str
    title: str
    tax_id: str
    email: str
    created_at: datetime
