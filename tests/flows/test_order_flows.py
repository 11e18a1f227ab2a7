"""Order status, logistics by the handbook, and urging shipment, by a signed-in shopper."""

from __future__ import annotations

from app.flows import FlowEngine
from app.ledger import CaseStatus, CaseType
from tests.flows.conftest import member


async def test_status_without_a_number_offers_the_shoppers_own_orders(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    reply = await chat.start("order_status", "我的订单到哪了")
    assert reply.outcome == "ask_slot" and chat.waiting_for == "order_pick"
    assert {b.text for b in reply.buttons} <= {
        "XG2511200001",
        "XG2511200002",
        "XG2511200003",
        "XG2511200007",
        "XG2511200009",
    }
    picked = await chat.reply(reply.buttons[0].text)
    assert picked.outcome == "answer" and chat.waiting_for is None
    assert picked.cards[0]["kind"] == "order"
    assert picked.cards[0]["order_no"] == reply.buttons[0].text


async def test_each_status_reads_naturally_with_an_order_card(flows: FlowEngine) -> None:
    expectations = {
        "XG2511200001": "已付款",
        "XG2511200003": "到达杭州转运中心",
        "XG2511200007": "已签收",
    }
    chat = member(flows, "1001")
    for order_no, words in expectations.items():
        reply = await chat.start("order_status", f"查下订单{order_no}")
        assert words in reply.text, reply.text
        assert reply.cards[0]["status"] and reply.cards[0]["order_no"] == order_no
    refunded = await member(flows, "1002").start("order_status", order_no="XG2511200010")
    assert "已退款" in refunded.text and refunded.cards[0]["status_code"] == "refunded"


async def test_fresh_tracking_is_normal_and_reassures_with_the_latest_event(
    flows: FlowEngine,
) -> None:
    chat = member(flows, "1001")
    reply = await chat.start("logistics", "物流到哪了", order_no="XG2511200003")
    assert "一切正常" in reply.text and "正在派送途中" in reply.text
    assert await chat.ledger() == []


async def test_tracking_quiet_for_30_hours_is_slow_but_opens_nothing(flows: FlowEngine) -> None:
    chat = member(flows, "1002")
    reply = await chat.start("logistics", "XG2511200004 怎么还没到")
    assert "30 小时没更新" in reply.text
    assert await chat.ledger() == []


async def test_tracking_quiet_for_over_48_hours_opens_one_follow_up_case(
    flows: FlowEngine,
) -> None:
    chat = member(flows, "1002")
    first = await chat.start("logistics", "XG2511200005 物流不动了")
    again = await chat.start("logistics", "XG2511200005 物流还是不动")
    assert "登记了物流跟进" in first.text and "已经在处理中" in again.text
    rows = await chat.ledger(type=CaseType.LOGISTICS_FOLLOWUP)
    assert len(rows) == 1
    row = rows[0]
    assert row.order_no == "XG2511200005" and row.customer_ref == "member:1002"
    assert row.status == CaseStatus.OPEN and row.handler == "bot"
    assert row.details["case_no"].startswith("AS") and row.details["quiet_hours"] == 60


async def test_tracking_quiet_for_over_72_hours_is_lost_and_a_reship_is_approved(
    flows: FlowEngine,
) -> None:
    chat = member(flows, "1002")
    lost = await chat.start("logistics", "XG2511200006 三天多没动静了")
    assert "丢件" in lost.text and chat.waiting_for == "lost_choice"
    assert [b.label for b in lost.buttons] == ["重新发货", "转人工"]
    done = await chat.reply("重新发货吧")
    assert "重新发货" in done.text and done.outcome == "answer"
    [claim] = await chat.ledger(type=CaseType.LOST_PARCEL_CLAIM)
    assert claim.status == CaseStatus.APPROVED and claim.details["remedy"] == "reship"
    assert claim.amount_fen == 7980


async def test_a_lost_parcel_can_go_to_a_person_instead(flows: FlowEngine) -> None:
    chat = member(flows, "1002")
    await chat.start("logistics", "XG2511200006")
    unclear = await chat.reply("嗯？")
    assert chat.waiting_for == "lost_choice" and "重新发货" in unclear.text
    reply = await chat.reply("转人工")
    assert reply.outcome == "handoff" and reply.handoff_reason == "lost_parcel"
    [claim] = await chat.ledger(type=CaseType.LOST_PARCEL_CLAIM)
    assert claim.status == CaseStatus.OPEN and claim.details["remedy"] == "human"


async def test_logistics_of_an_order_not_shipped_offers_to_urge(flows: FlowEngine) -> None:
    reply = await member(flows, "1001").start("logistics", "XG2511200001 的物流")
    assert "还没有发货" in reply.text and reply.buttons[0].label == "催发货"


async def test_urging_within_the_promise_says_when_and_records_it_resolved(
    flows: FlowEngine,
) -> None:
    chat = member(flows, "1001")
    reply = await chat.start("urge_shipping", "XG2511200001 快点发货")
    assert "承诺" in reply.text and "42 小时" in reply.text
    [row] = await chat.ledger(type=CaseType.URGE_SHIPPING)
    assert row.status == CaseStatus.RESOLVED


async def test_urging_an_overdue_order_apologises_and_opens_one_case(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    first = await chat.start("urge_shipping", "XG2511200002 怎么还不发货")
    again = await chat.start("urge_shipping", "XG2511200002 到底什么时候发")
    assert "非常抱歉" in first.text and "已经登记过了" in again.text
    [row] = await chat.ledger(type=CaseType.URGE_SHIPPING)
    assert row.status == CaseStatus.OPEN and row.details["case_no"]


async def test_urging_a_shipped_or_unpaid_order(flows: FlowEngine) -> None:
    shipped = await member(flows, "1001").start("urge_shipping", "XG2511200003")
    assert "已经发货" in shipped.text
    unpaid = await member(flows, "1003").start("urge_shipping", "XG2511200011")
    assert "还没有付款" in unpaid.text


async def test_a_member_picks_an_order_by_the_fruit_in_it(flows: FlowEngine) -> None:
    chat = member(flows, "1003")  # several orders; one of them holds blueberries
    asked = await chat.start("order_status", "查一下订单")
    assert chat.waiting_for == "order_pick" and len(asked.buttons) > 1
    picked = await chat.reply("蓝莓那个")
    assert picked.cards[0]["order_no"] == "XG2511200015"


async def test_a_member_picks_an_order_by_its_place_in_the_list(flows: FlowEngine) -> None:
    chat = member(flows, "1003")
    asked = await chat.start("order_status", "查一下订单")
    second = asked.buttons[1].text
    picked = await chat.reply("第二个")
    assert picked.cards[0]["order_no"] == second
