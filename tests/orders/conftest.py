from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from app.db import make_engine
from app.orders import EmbeddedOrderSystem, HttpOrderSystem, seed_orders
from tests.orders.shop_api import TOKEN, ShopApi

NOW = datetime(2025, 11, 20, 8, 0, tzinfo=UTC)

RECORDS: list[dict[str, Any]] = [
    {
        "order_no": "XG1001",
        "customer": "member:alice",
        "phone": "13800001234",
        "status": "shipped",
        "items": [{"sku": "wogan-5kg", "name": "沃柑 5斤装", "qty": 2, "price": "39.90"}],
        "shipping_fee": 0,
        "created": "-4d",
        "paid": "-4d",
        "shipped": "-3d",
        "promised_ship_by": "-2d",
        "courier": "顺丰",
        "tracking_no": "SF100200300",
        "address": {
            "recipient": "王丽",
            "province": "浙江省",
            "city": "杭州市",
            "detail": "文三路1号",
        },
        "logistics": [
            {"time": "-3d", "text": "顺丰已揽收"},
            {"time": "-60h", "text": "到达杭州转运中心"},
        ],
    },
    {
        "order_no": "XG1002",
        "customer": "member:alice",
        "phone": "13800001234",
        "status": "paid",
        "items": [{"sku": "cherry-3jin", "name": "车厘子 3斤装", "qty": 1, "price": 129}],
        "created": "-30h",
        "paid": "-30h",
        "promised_ship_by": "-6h",
        "address": {"recipient": "王丽", "province": "浙江省", "city": "杭州市"},
    },
    {
        "order_no": "XG2001",
        "customer": "visitor:bob",
        "phone": "13900005678",
        "status": "unpaid",
        "items": [{"sku": "chou-5kg", "name": "丑橘 5斤装", "qty": 1, "price": 45}],
        "created": "-26h",
        "address": {"recipient": "李波", "province": "广东省", "city": "广州市"},
    },
]


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'orders.db'}")
    seed_orders(engine, RECORDS, NOW)
    return engine


@pytest.fixture
def embedded(engine: Engine) -> EmbeddedOrderSystem:
    return EmbeddedOrderSystem(engine, clock=lambda: NOW)


@pytest.fixture
def shop_api(embedded: EmbeddedOrderSystem) -> Iterator[ShopApi]:
    api = ShopApi(embedded).start()
    yield api
    api.stop()


@pytest.fixture
async def http_orders(shop_api: ShopApi) -> AsyncIterator[HttpOrderSystem]:
    client = HttpOrderSystem(shop_api.url, TOKEN, timeout=0.5, retries=2, backoff=0.01)
    yield client
    await client.aclose()
