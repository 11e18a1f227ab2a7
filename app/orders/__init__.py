"""The order-system adapter: one interface, an embedded demo system and an HTTP client."""

from app.orders.domain import (
    Address,
    AfterSaleCase,
    InvoiceRequest,
    LogisticsEvent,
    Order,
    OrderItem,
    OrderStatus,
)
from app.orders.embedded import EmbeddedOrderSystem, create_demo_schema
from app.orders.errors import (
    ChangeNotAllowed,
    InvalidRequest,
    OrderNotFound,
    OrderSystemError,
    OrderSystemUnavailable,
)
from app.orders.http import HttpOrderSystem
from app.orders.ownership import FailureLimiter, LookupLocked, OwnershipGuard
from app.orders.seed import resolve_time, seed_from_file, seed_orders
from app.orders.system import OrderSystem

__all__ = [
    "Address",
    "AfterSaleCase",
    "ChangeNotAllowed",
    "EmbeddedOrderSystem",
    "FailureLimiter",
    "HttpOrderSystem",
    "InvalidRequest",
    "InvoiceRequest",
    "LogisticsEvent",
    "LookupLocked",
    "Order",
    "OrderItem",
    "OrderNotFound",
    "OrderStatus",
    "OrderSystem",
    "OrderSystemError",
    "OrderSystemUnavailable",
    "OwnershipGuard",
    "create_demo_schema",
    "resolve_time",
    "seed_from_file",
    "seed_orders",
]
