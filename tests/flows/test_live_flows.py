"""The flows over the real websocket, routed by the real matcher, writing the real ledger.

Each test is skipped until the matcher's rules route to its flows (``tests/flows/live.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from app.ledger import CaseStatus, CaseType
from app.security import customer_token
from tests.flows.live import ledger_rows, member, routed, say, visitor
from tests.server import LiveServer
from tests.shopper import Shopper

PNG = b"\x89PNG\r\n\x1a\n" + bytes(300)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(
        tmp_path_factory.mktemp("live-flows"), env={"CS_UNPAID_REMINDER_EVERY_SECONDS": "0"}
    ).start()
    yield live
    live.stop()


@routed("order_status")
async def test_a_visitor_reads_an_order_with_number_and_phone_digits(server: LiveServer) -> None:
    shopper = await visitor(server)
    asked = await say(shopper, "帮我查下订单XG2511200014")
    assert "后4位" in asked["text"] and not asked.get("cards")
    shown = await say(shopper, "2468")
    assert shown["cards"][0]["kind"] == "order"
    assert shown["cards"][0]["order_no"] == "XG2511200014"
    await shopper.close()


@routed("order_status")
async def test_guessing_other_shoppers_order_numbers_reveals_nothing(server: LiveServer) -> None:
    shopper = await visitor(server)
    replies = [await say(shopper, f"查下订单XG25112000{n:02d} 尾号0000") for n in range(1, 8)]
    assert not any(r.get("cards") for r in replies)
    assert "分钟后再试" in replies[-1]["text"]
    right_pair = await say(shopper, "查下订单XG2511200014 尾号2468")
    assert not right_pair.get("cards") and "分钟后再试" in right_pair["text"]
    await shopper.close()


@routed("logistics")
async def test_a_lost_parcel_is_claimed_and_reshipped(server: LiveServer) -> None:
    shopper = await member(server, "1002")
    lost = await say(shopper, "订单XG2511200006的物流三天多没更新了")
    assert "丢件" in lost["text"]
    done = await say(shopper, "重新发货")
    assert "重新发货" in done["text"]
    [claim] = await ledger_rows(server, type=CaseType.LOST_PARCEL_CLAIM)
    assert claim.status == CaseStatus.APPROVED and claim.customer_ref == "member:1002"
    await shopper.close()


@routed("urge_shipping")
async def test_urging_an_overdue_order_opens_a_case(server: LiveServer) -> None:
    shopper = await member(server, "1001")
    reply = await say(shopper, "订单XG2511200002怎么还不发货，催一下")
    assert "超过承诺的发货时间" in reply["text"]
    assert await ledger_rows(server, type=CaseType.URGE_SHIPPING, order_no="XG2511200002")
    await shopper.close()


@routed("change_order")
async def test_changing_an_address_before_shipping(server: LiveServer) -> None:
    shopper = await member(server, "1001")
    await say(shopper, "订单XG2511200001我要改收货地址")
    confirm = await say(shopper, "江苏省南京市鼓楼区中山路8号")
    assert "中山路8号" in confirm["text"]
    done = await say(shopper, "确认")
    assert "已改好" in done["text"]
    assert await ledger_rows(server, type=CaseType.ADDRESS_CHANGE)
    await shopper.close()


@routed("invoice")
async def test_a_personal_invoice(server: LiveServer) -> None:
    shopper = await member(server, "1001")
    await say(shopper, "订单XG2511200007要开发票")
    await say(shopper, "个人")
    done = await say(shopper, "wl@example.com")
    assert "申请号" in done["text"]
    assert await ledger_rows(server, type=CaseType.INVOICE, order_no="XG2511200007")
    await shopper.close()


@routed("bad_fruit")
async def test_bad_fruit_with_an_uploaded_photo_is_compensated(server: LiveServer) -> None:
    token = customer_token(server.secret, "1001", "王丽")
    shopper = Shopper(server.ws_url, token=token)
    await shopper.connect()
    asked = await say(shopper, "订单XG2511200007收到的沃柑有坏的")
    assert "📷" in asked["text"]
    upload = httpx.post(
        f"{server.http_url}/api/uploads",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("a.png", PNG, "image/png")},
    ).json()
    await say(shopper, f"📷 {upload['marker']}")
    await say(shopper, "3个")
    approved = await say(shopper, "一共20个")
    assert "¥5.98" in approved["text"]
    [row] = await ledger_rows(server, type=CaseType.BAD_FRUIT_COMPENSATION)
    assert row.status == CaseStatus.APPROVED and row.details["photos"] == [upload["id"]]
    await shopper.close()


@routed("refund")
async def test_refund_policy_for_fresh_fruit(server: LiveServer) -> None:
    shopper = await member(server, "1003")
    reply = await say(shopper, "订单XG2511200014可以退货退款吗")
    assert "不支持七天无理由退货" in reply["text"]
    await shopper.close()


@routed("compare_products", "shipping_quote", "presale_product")
async def test_pre_sale_questions_are_answered_from_the_shop_data(server: LiveServer) -> None:
    shopper = await visitor(server)
    assert "丑橘更甜" in (await say(shopper, "沃柑和丑橘哪个甜"))["text"]
    assert "¥25" in (await say(shopper, "寄到新疆运费多少"))["text"]
    assert "39.90" in (await say(shopper, "沃柑多少钱一箱"))["text"]
    await shopper.close()


@routed("presale_product", "promotions")  # either hands ≥ 5 boxes over to large_order
async def test_ten_boxes_go_to_a_person_for_approval(server: LiveServer) -> None:
    shopper = await visitor(server)
    reply = await say(shopper, "沃柑要买10箱")
    assert "9 折" in reply["text"]
    assert await ledger_rows(server, type=CaseType.LARGE_ORDER_APPROVAL)
    await shopper.close()
