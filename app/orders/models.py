"""Tables of the embedded demo order system (prefixed ``demo_``: not the shop's real data)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, SQLModel


class DemoOrder(SQLModel, table=True):
    __tablename__ = "demo_order"

    order_no: str = Field(primary_key=True, max_length=40)
    customer_ref: str = Field(index=True, max_length=160)
    phone: str = Field(max_length=20)
    status: str = Field(sa_type=String(16), index=True)
    goods_fen: int
    shipping_fen: int = 0
    discount_fen: int = 0
    recipient: str = Field(default="", max_length=40)
    province: str = Field(default="", max_length=20)
    city: str = Field(default="", max_length=20)
    district: str = Field(default="", max_length=20)
    address_detail: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=200)
    courier: str | None = Field(default=None, max_length=20)
    tracking_no: str | None = Field(default=None, max_length=40)
    created_at: datetime
    paid_at: datetime | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    promised_ship_by: datetime | None = None


class DemoOrderItem(SQLModel, table=True):
    __tablename__ = "demo_order_item"

    id: int | None = Field(default=None, primary_key=True)
    order_no: str = Field(foreign_key="demo_order.order_no", index=True, max_length=40)
    sku: str = Field(max_length=40)
    name: str = Field(max_length=80)
    qty: int
    price_fen: int


class DemoLogisticsEvent(SQLModel, table=True):
    __tablename__ = "demo_logistics_event"

    id: int | None = Field(default=None, primary_key=True)
    order_no: str = Field(foreign_key="demo_order.order_no", index=True, max_length=40)
    time: datetime
    text: str = Field(max_length=200)


class DemoAfterSaleCase(SQLModel, table=True):
    __tablename__ = "demo_after_sale_case"

    id: int | None = Field(default=None, primary_key=True)
    case_no: str = Field(unique=True, max_length=40)
    order_no: str = Field(index=True, max_length=40)
    kind: str = Field(sa_type=String(32))
    reason: str = Field(default="", max_length=500)
    amount_fen: int = 0
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    idempotency_key: str | None = Field(default=None, unique=True, max_length=120)
    created_at: datetime


class DemoInvoiceRequest(SQLModel, table=True):
    __tablename__ = "demo_invoice_request"

    id: int | None = Field(default=None, primary_key=True)
    request_no: str = Field(unique=True, max_length=40)
    order_no: str = Field(index=True, max_length=40)
    title: str = Field(max_length=120)
    tax_id: str = Field(default="", max_length=20)
    email: str = Field(max_length=120)
    idempotency_key: str | None = Field(default=None, unique=True, max_length=120)
    created_at: datetime
