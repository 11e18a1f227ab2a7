"""Bad fruit, refunds and the wrong item: photos, compensation by policy, the ledger."""

from __future__ import annotations

from app.config import Settings
from app.db import make_engine
from app.flows import FlowEngine
from app.ledger import CaseStatus, CaseType
from app.orders import seed_orders
from tests.flows.conftest import Chat, Clock, member, visitor

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
MANGO_JUST_DELIVERED = {
    "order_no": "XG2511200099",
    "customer": "member:1001",
    "phone": "13800001234",
    "status": "delivered",
    "items": [{"sku": "mango-5jin", "name": "海南贵妃芒 5斤装", "qty": 1, "price": 35.9}],
    "created": "-2d",
    "delivered": "-2h",
}


async def photo(chat: Chat) -> str:
    """Upload an image as this shopper (what POST /api/uploads does) and name it."""
    ref = chat.turn.customer_ref or ""
    upload = await chat.flows.deps.uploads.save(PNG, ref)
    return f"[image:{upload.id}]"


async def test_a_small_claim_inside_the_window_is_approved_automatically(
    flows: FlowEngine,
) -> None:
    chat = member(flows, "1001")
    asked = await chat.start("bad_fruit", "XG2511200007 收到有烂的")
    assert chat.waiting_for == "photos" and "📷" in asked.text
    counted = await chat.reply(await photo(chat))
    assert chat.waiting_for == "bad_count" and "坏了几个" in counted.text
    await chat.reply("坏了3个")
    approved = await chat.reply("一共20个")
    assert approved.outcome == "answer" and "自动审核通过" in approved.text
    assert "¥5.98" in approved.text  # 39.90 × 3/20
    [row] = await chat.ledger(type=CaseType.BAD_FRUIT_COMPENSATION)
    assert row.status == CaseStatus.APPROVED and row.amount_fen == 598
    assert row.customer_ref == "member:1001" and row.order_no == "XG2511200007"
    assert len(row.details["photos"]) == 1 and row.details["case_no"].startswith("AS")
    again = await chat.start("bad_fruit", "XG2511200007 又发现坏的")
    assert "已经有一笔坏果理赔" in again.text


async def test_more_than_half_bad_refunds_the_whole_item(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    await chat.start("bad_fruit", "XG2511200007 坏了")
    await chat.reply(await photo(chat))
    await chat.reply("12")
    reply = await chat.reply("20")
    assert "¥39.90" in reply.text


async def test_no_photo_no_claim_and_someone_elses_photo_does_not_count(
    flows: FlowEngine,
) -> None:
    chat = member(flows, "1001")
    stranger = member(flows, "1002")
    await chat.start("bad_fruit", "XG2511200007 坏果")
    again = await chat.reply("没拍照")
    assert chat.waiting_for == "photos" and "需要照片" in again.text
    stolen = await chat.reply(await photo(stranger))
    assert chat.waiting_for == "photos" and "需要照片" in stolen.text
    await chat.reply("[image:img_000000000000000000000000]")
    assert chat.waiting_for == "photos"
    assert await chat.ledger() == []


async def test_a_large_claim_goes_to_a_person(flows: FlowEngine) -> None:
    chat = member(flows, "1002")
    which = await chat.start("bad_fruit", "XG2511200008 坏了好多")
    assert chat.waiting_for == "item" and len(which.buttons) == 2
    await chat.reply("智利车厘子JJ级 3斤装")
    await chat.reply(await photo(chat))
    await chat.reply("10个")
    reply = await chat.reply("30个")
    assert reply.outcome == "handoff" and reply.handoff_reason == "bad_fruit_review"
    assert "¥43" in reply.text  # 129 × 10/30, above the 30 元 auto-approve limit
    [row] = await chat.ledger(type=CaseType.BAD_FRUIT_COMPENSATION)
    assert row.status == CaseStatus.OPEN and row.amount_fen == 4300


async def test_the_fruit_named_in_the_report_is_the_item(flows: FlowEngine) -> None:
    chat = member(flows, "1002")  # XG2511200008: cherries and blueberries
    asked = await chat.start("bad_fruit", "XG2511200008 蓝莓坏了好几颗")
    assert chat.waiting_for == "photos" and "云南蓝莓" in asked.text


async def test_a_repeated_claim_goes_to_a_person_even_when_small(
    flows: FlowEngine, clock: Clock, settings: Settings
) -> None:
    first = member(flows, "1001")
    await first.start("bad_fruit", "XG2511200007")
    await first.reply(await photo(first))
    await first.reply("1")
    await first.reply("20")
    # the same customer's other order, delivered 2 hours ago this time
    seed_orders(make_engine(settings.sqlalchemy_url), [MANGO_JUST_DELIVERED], clock.now)
    second = member(flows, "1001")
    await second.start("bad_fruit", "XG2511200099 芒果坏了")
    await second.reply(await photo(second))
    await second.reply("1")
    reply = await second.reply("10")
    assert reply.outcome == "handoff" and "近期已有过理赔" in reply.text
    rows = await second.ledger(type=CaseType.BAD_FRUIT_COMPENSATION)
    assert [r.status for r in rows] == [CaseStatus.OPEN, CaseStatus.APPROVED]


async def test_outside_the_report_window_explains_and_offers_a_person(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    reply = await chat.start("bad_fruit", "XG2511200009 芒果坏了")
    assert "48 小时内" in reply.text and reply.buttons[0].label == "转人工"
    assert chat.waiting_for is None and await chat.ledger() == []


async def test_not_yet_delivered(flows: FlowEngine) -> None:
    reply = await member(flows, "1001").start("bad_fruit", "XG2511200003")
    assert "运输途中" in reply.text


async def test_refund_before_shipping_registers_one_request(flows: FlowEngine) -> None:
    chat = visitor(flows)
    first = await chat.start("refund", "XG2511200015 不想要了退款 尾号2468")
    again = await chat.start("refund", "XG2511200015 退款到哪一步了")
    assert "已为您登记退款申请" in first.text and "已经登记过了" in again.text
    assert "退款" in again.text and "待处理" in again.text
    [row] = await chat.ledger(type=CaseType.REFUND)
    assert row.amount_fen == 8790 and row.customer_ref == "member:1003"


async def test_refund_of_a_delivered_order_explains_the_fresh_produce_policy(
    flows: FlowEngine,
) -> None:
    reply = await member(flows, "1003").start("refund", "XG2511200014 能退货吗")
    assert "不支持七天无理由退货" in reply.text
    assert [b.label for b in reply.buttons] == ["坏果理赔", "发错货", "转人工"]
    refunded = await member(flows, "1002").start("refund", "XG2511200010 退款呢")
    assert "已经退款" in refunded.text


async def test_wrong_item_collects_evidence_then_hands_off(flows: FlowEngine) -> None:
    chat = member(flows, "1003")
    await chat.start("exchange", "XG2511200014 发错货了")
    assert chat.waiting_for == "received"
    await chat.reply("收到的是猕猴桃")
    assert chat.waiting_for == "photos"
    reply = await chat.reply(f"{await photo(chat)} 面单也拍了")
    assert reply.outcome == "handoff" and reply.handoff_reason == "wrong_item"
    [row] = await chat.ledger(type=CaseType.WRONG_ITEM)
    assert row.details["received"] == "收到的是猕猴桃" and len(row.details["photos"]) == 1


async def test_a_wrong_item_reported_as_bad_fruit_is_handled_as_a_wrong_item(
    flows: FlowEngine,
) -> None:
    chat = member(flows, "1003")
    await chat.start("bad_fruit", "XG2511200014 发错货了")
    assert chat.waiting_for == "received" and flows.pending(chat.turn) == "exchange"
