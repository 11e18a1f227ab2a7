"""Put the flows together from the settings: order system, ledger, uploads, shop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import Engine

from app.config import Settings
from app.flows import after_sale, change_order, invoice, order_flows, presale
from app.flows.context import FlowDeps
from app.flows.engine import Flow, FlowEngine
from app.flows.policy import FlowPolicy
from app.flows.texts import Texts
from app.ledger import LedgerService, create_ledger_schema
from app.metrics import MeteredOrderSystem, Metrics
from app.orders import (
    EmbeddedOrderSystem,
    FailureLimiter,
    HttpOrderSystem,
    OrderSystem,
    OwnershipGuard,
    create_demo_schema,
    seed_from_file,
)
from app.shop import Shop
from app.uploads import UploadStore, create_upload_schema

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
ORDERS_FILE = "orders.yaml"

FLOWS: dict[str, Flow] = {
    "order_status": order_flows.order_status,
    "logistics": order_flows.logistics,
    "urge_shipping": order_flows.urge_shipping,
    "change_order": change_order.change_order,
    "invoice": invoice.invoice,
    "bad_fruit": after_sale.bad_fruit,
    "refund": after_sale.refund,
    "exchange": after_sale.exchange,
    "presale_product": presale.presale_product,
    "compare_products": presale.compare_products,
    "shipping_quote": presale.shipping_quote,
    "promotions": presale.promotions,
    "large_order": presale.large_order,
}


def _utcnow() -> datetime:
    return datetime.now(UTC)


def build_order_system(settings: Settings, engine: Engine, clock: Clock) -> OrderSystem:
    """The shop's HTTP order system when ``CS_ORDER_API_URL`` is set, else the embedded demo
    system seeded from the shop's ``orders.yaml`` (times relative to now)."""
    if settings.order_api_url:
        return HttpOrderSystem(
            settings.order_api_url,
            settings.order_api_token,
            timeout=settings.order_api_timeout,
            retries=settings.order_api_retries,
        )
    create_demo_schema(engine)
    orders_file = settings.shop_dir / ORDERS_FILE
    if orders_file.exists():
        count = seed_from_file(engine, orders_file, clock())
        log.info("demo orders seeded", extra={"fields": {"orders": count}})
    return EmbeddedOrderSystem(engine, clock)


def build_flows(
    settings: Settings,
    engine: Engine,
    shop: Shop,
    clock: Clock = _utcnow,
    metrics: Metrics | None = None,
) -> FlowEngine:
    """Everything the flows need, from the settings; with ``metrics`` the order system's
    failures are counted in ``cs_order_system_errors_total``."""
    policy = FlowPolicy.from_policy(shop.policy)
    create_ledger_schema(engine)
    create_upload_schema(engine)
    orders = build_order_system(settings, engine, clock)
    if metrics is not None:
        orders = cast(OrderSystem, MeteredOrderSystem(orders, metrics))
    limiter = FailureLimiter(
        max_failures=settings.order_lookup_max_failures,
        window=timedelta(minutes=settings.order_lookup_window_minutes),
        clock=clock,
    )
    shop_values = {key.replace(".", "_"): value for key, value in shop.variables.items()}
    deps = FlowDeps(
        orders=orders,
        ledger=LedgerService(engine, clock),
        guard=OwnershipGuard(orders, limiter),
        texts=Texts.load().with_defaults(shop_values),
        policy=policy,
        clock=clock,
        shop=shop,
        uploads=UploadStore(
            engine,
            settings.data_dir / "uploads",
            max_bytes=policy.photo_max_mb * 1024 * 1024,
            max_per_hour=settings.upload_max_per_hour,
            clock=clock,
        ),
    )
    return FlowEngine(FLOWS, deps)
