"""The HTTP adapter against a real local HTTP server that can be slow, down, or broken."""

from __future__ import annotations

import time

import pytest

from app.orders import (
    Address,
    ChangeNotAllowed,
    HttpOrderSystem,
    OrderNotFound,
    OrderStatus,
    OrderSystemUnavailable,
)
from app.orders.embedded import EmbeddedOrderSystem
from tests.orders.conftest import NOW
from tests.orders.shop_api import TOKEN, ShopApi
from tests.server import free_port


async def test_reads_match_the_embedded_system(
    http_orders: HttpOrderSystem, embedded: EmbeddedOrderSystem
) -> None:
    assert await http_orders.get_order("XG1001") == await embedded.get_order("XG1001")
    assert await http_orders.list_orders("member:alice") == await embedded.list_orders(
        "member:alice"
    )
    assert await http_orders.logistics("XG1001") == await embedded.logistics("XG1001")
    unpaid = await http_orders.list_unpaid_orders(NOW)
    assert [o.order_no for o in unpaid] == ["XG2001"]


async def test_unknown_order_is_not_found(http_orders: HttpOrderSystem) -> None:
    with pytest.raises(OrderNotFound):
        await http_orders.get_order("XG9999")


async def test_order_numbers_are_sent_as_one_path_segment(
    http_orders: HttpOrderSystem, shop_api: ShopApi
) -> None:
    with pytest.raises(OrderNotFound):
        await http_orders.get_order("../orders?x=1")
    assert shop_api.requests[-1][1].startswith("/orders/..")


async def test_writes_send_an_idempotency_key_and_map_409(
    http_orders: HttpOrderSystem, shop_api: ShopApi
) -> None:
    order = await http_orders.change_address(
        "XG1002", Address("王丽", "浙江省", "宁波市", "", "中山路8号"), idempotency_key="c-1"
    )
    assert order.address.city == "宁波市" and order.status is OrderStatus.PAID
    assert shop_api.requests[-1] == ("PATCH", "/orders/XG1002", "c-1")
    with pytest.raises(ChangeNotAllowed):
        await http_orders.change_note("XG1001", "放门口")
    assert shop_api.requests[-1][2]  # a generated key when the caller gives none


async def test_a_repeated_write_with_the_same_key_is_done_once(
    http_orders: HttpOrderSystem,
) -> None:
    first = await http_orders.create_after_sale("XG1001", "bad_fruit", "坏果", 800, {}, "k-9")
    again = await http_orders.create_after_sale("XG1001", "bad_fruit", "坏果", 800, {}, "k-9")
    assert first == again
    invoice = await http_orders.create_invoice_request(
        "XG1001", "个人", "", "a@b.cn", idempotency_key="i-1"
    )
    assert invoice.order_no == "XG1001" and invoice.email == "a@b.cn"


async def test_reads_retry_a_busy_server_with_backoff(
    http_orders: HttpOrderSystem, shop_api: ShopApi
) -> None:
    shop_api.fail_first = 2
    order = await http_orders.get_order("XG1001")
    assert order.order_no == "XG1001"
    assert [r[1] for r in shop_api.requests] == ["/orders/XG1001"] * 3


async def test_writes_are_never_retried(http_orders: HttpOrderSystem, shop_api: ShopApi) -> None:
    shop_api.fail_first = 1
    with pytest.raises(OrderSystemUnavailable):
        await http_orders.change_note("XG1002", "轻放")
    assert len(shop_api.requests) == 1


@pytest.mark.parametrize("fault", ["500", "garbage", "html"])
async def test_broken_answers_are_unavailable(
    http_orders: HttpOrderSystem, shop_api: ShopApi, fault: str
) -> None:
    shop_api.fault = fault
    with pytest.raises(OrderSystemUnavailable):
        await http_orders.get_order("XG1001")
    with pytest.raises(OrderSystemUnavailable):
        await http_orders.list_orders("member:alice")


async def test_a_slow_server_times_out_as_unavailable(shop_api: ShopApi) -> None:
    shop_api.fault, shop_api.delay = "slow", 2.0
    client = HttpOrderSystem(shop_api.url, TOKEN, timeout=0.2, retries=1, backoff=0.01)
    started = time.monotonic()
    with pytest.raises(OrderSystemUnavailable):
        await client.get_order("XG1001")
    assert time.monotonic() - started < 1.5
    await client.aclose()


async def test_a_wrong_token_is_unavailable_not_not_found(shop_api: ShopApi) -> None:
    client = HttpOrderSystem(shop_api.url, "wrong", retries=0)
    with pytest.raises(OrderSystemUnavailable):
        await client.get_order("XG1001")
    await client.aclose()


async def test_a_closed_port_is_unavailable() -> None:
    client = HttpOrderSystem(f"http://127.0.0.1:{free_port()}", TOKEN, retries=1, backoff=0.01)
    with pytest.raises(OrderSystemUnavailable):
        await client.get_order("XG1001")
    with pytest.raises(OrderSystemUnavailable):
        await client.create_invoice_request("XG1001", "个人", "", "a@b.cn")
    await client.aclose()
