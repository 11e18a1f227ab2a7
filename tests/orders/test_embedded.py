"""The embedded demo order system on a real SQLite file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from app.orders import (
    Address,
    ChangeNotAllowed,
    EmbeddedOrderSystem,
    OrderNotFound,
    OrderStatus,
    resolve_time,
    seed_orders,
)
from app.orders.models import DemoLogisticsEvent, DemoOrder, DemoOrderItem
from app.orders.seed import SeedError
from tests.orders.conftest import NOW, RECORDS


async def test_an_order_reads_back_with_items_amounts_and_aware_times(
    embedded: EmbeddedOrderSystem,
) -> None:
    order = await embedded.get_order("XG1001")
    assert order.status is OrderStatus.SHIPPED
    assert order.items[0].name == "沃柑 5斤装" and order.items[0].price_fen == 3990
    assert order.goods_fen == 7980 and order.total_fen == 7980
    assert order.shipped_at == NOW - timedelta(days=3)
    assert order.created_at.tzinfo is not None
    assert order.address.one_line() == "浙江省杭州市文三路1号"
    assert order.phone_last4 == "1234"


async def test_logistics_events_come_oldest_first_relative_to_seeding_time(
    embedded: EmbeddedOrderSystem,
) -> None:
    events = await embedded.logistics("XG1001")
    assert [e.text for e in events] == ["顺丰已揽收", "到达杭州转运中心"]
    assert events[-1].time == NOW - timedelta(hours=60)
    assert await embedded.logistics("XG1002") == []


async def test_unknown_order_is_not_found(embedded: EmbeddedOrderSystem) -> None:
    with pytest.raises(OrderNotFound):
        await embedded.get_order("XG9999")
    with pytest.raises(OrderNotFound):
        await embedded.logistics("XG9999")


async def test_a_customer_lists_only_their_orders_newest_first(
    embedded: EmbeddedOrderSystem,
) -> None:
    orders = await embedded.list_orders("member:alice")
    assert [o.order_no for o in orders] == ["XG1002", "XG1001"]
    assert await embedded.list_orders("member:nobody") == []


async def test_unpaid_orders_older_than_a_cutoff(embedded: EmbeddedOrderSystem) -> None:
    assert [o.order_no for o in await embedded.list_unpaid_orders(NOW - timedelta(hours=24))] == [
        "XG2001"
    ]
    assert await embedded.list_unpaid_orders(NOW - timedelta(hours=48)) == []


async def test_changes_before_shipping_and_refusal_after(embedded: EmbeddedOrderSystem) -> None:
    new_address = Address("王丽", "浙江省", "宁波市", "鄞州区", "中山路8号")
    changed = await embedded.change_address("XG1002", new_address)
    assert changed.address == new_address
    assert (await embedded.change_phone("XG1002", "13700009999")).phone == "13700009999"
    assert (await embedded.change_note("XG1002", "不要放门口")).note == "不要放门口"
    with pytest.raises(ChangeNotAllowed):
        await embedded.change_phone("XG1001", "13700009999")


async def test_after_sale_case_and_invoice_request_honour_idempotency_keys(
    embedded: EmbeddedOrderSystem,
) -> None:
    first = await embedded.create_after_sale(
        "XG1001", "bad_fruit", "3个坏果", 1200, {"photos": 2}, idempotency_key="k1"
    )
    again = await embedded.create_after_sale("XG1001", "bad_fruit", "3个坏果", 1200, None, "k1")
    other = await embedded.create_after_sale("XG1001", "bad_fruit", "又坏了", 500)
    assert first.case_no == again.case_no != other.case_no
    assert first.details == {"photos": 2} and first.created_at == NOW
    invoice = await embedded.create_invoice_request(
        "XG1001", "杭州某某科技有限公司", "91330100MA2XXXXX1K", "a@b.cn", "inv-1"
    )
    assert invoice.request_no.startswith("INV")
    same = await embedded.create_invoice_request("XG1001", "x", "y", "z", "inv-1")
    assert same.request_no == invoice.request_no and same.title == "杭州某某科技有限公司"


def test_seeding_twice_gives_the_same_rows_with_fresh_times(engine: Engine) -> None:
    later = NOW + timedelta(days=7)
    seed_orders(engine, RECORDS, later)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(DemoOrder)).one() == 3
        assert session.exec(select(func.count()).select_from(DemoOrderItem)).one() == 3
        assert session.exec(select(func.count()).select_from(DemoLogisticsEvent)).one() == 2
        shipped = session.get(DemoOrder, "XG1001")
        assert shipped is not None and shipped.shipped_at is not None
        assert shipped.shipped_at.replace(tzinfo=later.tzinfo) == later - timedelta(days=3)


def test_relative_times() -> None:
    assert resolve_time("-3h", NOW) == NOW - timedelta(hours=3)
    assert resolve_time("-2d4h", NOW) == NOW - timedelta(days=2, hours=4)
    assert resolve_time("+30m", NOW) == NOW + timedelta(minutes=30)
    assert resolve_time("now", NOW) == NOW
    assert resolve_time("2025-01-02T03:04:05+08:00", NOW) == NOW.replace(
        year=2025, month=1, day=1, hour=19, minute=4, second=5
    )
    with pytest.raises(SeedError):
        resolve_time("-3 weeks", NOW)
