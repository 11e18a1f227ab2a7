"""More branches over the real websocket: logistics ages, promises, ownership between
members, evidence for wrong items, refunds, invoices and pre-sale edge cases."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from app.ledger import CaseStatus, CaseType
from app.security import customer_token
from tests.flows.live import ledger_rows, member, routed, say
from tests.server import LiveServer
from tests.shopper import Shopper

PNG = b"\x89PNG\r\n\x1a\n" + bytes(300)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(
        tmp_path_factory.mktemp("live-branches"),
        env={"CS_UNPAID_REMINDER_EVERY_SECONDS": "0", "CS_RATE_BURST": "30"},
    ).start()
    yield live
    live.stop()


@routed("logistics")
async def test_logistics_by_the_age_of_the_last_event(server: LiveServer) -> None:
    wang, li = await member(server, "1001"), await member(server, "1002")
    fresh = await say(wang, "订单XG2511200003的物流到哪了")  # order_status or logistics
    assert "正在派送途中" in fresh["text"] and "登记" not in fresh["text"]
    slow = await say(li, "XG2511200004 物流怎么不动了")
    assert "30 小时没更新" in slow["text"]
    # (the same words twice in a conversation read as a repeated question: other words)
    stuck = await say(li, "XG2511200005 物流三天都没动了")
    assert "登记了物流跟进" in stuck["text"]
    [row] = await ledger_rows(server, type=CaseType.LOGISTICS_FOLLOWUP)
    assert row.order_no == "XG2511200005" and row.status == CaseStatus.OPEN


@routed("urge_shipping")
async def test_urging_within_the_promise(server: LiveServer) -> None:
    wang = await member(server, "1001")
    reply = await say(wang, "订单XG2511200001什么时候发货，催一下")
    assert "承诺" in reply["text"] and reply["cards"][0]["order_no"] == "XG2511200001"


@routed("order_status")
async def test_a_member_cannot_read_another_members_order(server: LiveServer) -> None:
    wang = await member(server, "1001")
    reply = await say(wang, "帮我查一下订单XG2511200008")
    assert not reply.get("cards") and "没有在您的账号下找到" in reply["text"]
    mine = await say(wang, "帮我查一下订单XG2511200007")
    assert mine["cards"][0]["order_no"] == "XG2511200007"


@routed("bad_fruit")
async def test_bad_fruit_outside_the_window_offers_a_person(server: LiveServer) -> None:
    wang = await member(server, "1001")
    reply = await say(wang, "订单XG2511200009的芒果坏了")
    assert "48 小时内" in reply["text"] and reply["buttons"][0]["label"] == "转人工"


@routed("bad_fruit")
async def test_a_large_bad_fruit_claim_is_kept_for_a_person(server: LiveServer) -> None:
    token = customer_token(server.secret, "1002", "李明")
    li = Shopper(server.ws_url, token=token)
    await li.connect()
    await say(li, "订单XG2511200008的车厘子坏了好多")
    await say(li, "智利车厘子JJ级 3斤装")
    upload = httpx.post(
        f"{server.http_url}/api/uploads",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("a.png", PNG, "image/png")},
    ).json()
    await say(li, f"📷 {upload['marker']}")
    await say(li, "10个")
    reply = await say(li, "一共30个")
    assert "¥43" in reply["text"]
    [row] = await ledger_rows(server, type=CaseType.BAD_FRUIT_COMPENSATION)
    assert row.status == CaseStatus.OPEN and row.amount_fen == 4300


@routed("exchange", "bad_fruit")
async def test_a_wrong_item_is_handed_to_a_person_with_the_evidence(server: LiveServer) -> None:
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    await say(shopper, "订单XG2511200014发错货了")
    await say(shopper, "2468")
    await say(shopper, "收到的是猕猴桃")
    upload = httpx.post(
        f"{server.http_url}/api/uploads",
        data={"token": shopper.visitor or ""},
        files={"file": ("a.png", PNG, "image/png")},
    ).json()
    reply = await say(shopper, f"📷 {upload['marker']}")
    assert "已登记发错货" in reply["text"]
    [row] = await ledger_rows(server, type=CaseType.WRONG_ITEM)
    assert row.details["photos"] == [upload["id"]] and row.customer_ref == "member:1003"


@routed("refund")
async def test_a_refund_before_shipping_is_registered(server: LiveServer) -> None:
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    reply = await say(shopper, "订单XG2511200015不想要了能退款吗 尾号2468")
    assert "已为您登记退款申请" in reply["text"]
    assert await ledger_rows(server, type=CaseType.REFUND, order_no="XG2511200015")


@routed("invoice")
async def test_a_company_invoice_with_a_wrong_tax_id_first(server: LiveServer) -> None:
    li = await member(server, "1002")
    await say(li, "订单XG2511200008开发票")
    await say(li, "北京某某科技有限公司")
    wrong = await say(li, "91350100M000100Y44")
    assert "税号好像不对" in wrong["text"]
    await say(li, "91350100M000100Y43")
    done = await say(li, "li@example.com")
    assert "申请号" in done["text"]


@routed("shipping_quote")
async def test_places_the_cold_chain_or_the_shop_does_not_reach(server: LiveServer) -> None:
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    assert "冷链暂时到不了" in (await say(shopper, "车厘子能寄新疆吗"))["text"]
    assert "不在我们的配送范围" in (await say(shopper, "能寄香港吗"))["text"]


@routed("promotions")
async def test_promotions_come_from_the_shop_file(server: LiveServer) -> None:
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    assert "满199减20" in (await say(shopper, "最近有什么活动"))["text"]
