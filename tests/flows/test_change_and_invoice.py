"""Changing an order before and after shipping; invoices."""

from __future__ import annotations

from app.flows import FlowEngine
from app.ledger import CaseStatus, CaseType
from tests.flows.conftest import member, visitor

VALID_TAX_ID = "91350100M000100Y43"


async def test_a_new_address_is_confirmed_back_then_changed_and_recorded(
    flows: FlowEngine,
) -> None:
    chat = member(flows, "1001")
    asked = await chat.start("change_order", "XG2511200001 我要改地址")
    assert chat.waiting_for == "value" and "新的收货地址" in asked.text
    confirm = await chat.reply("江苏省南京市鼓楼区中山路8号")
    assert chat.waiting_for == "confirm" and "中山路8号" in confirm.text
    done = await chat.reply("确认")
    assert "已改好" in done.text and chat.waiting_for is None
    order = await flows.deps.orders.get_order("XG2511200001")
    assert order.address.province == "江苏" and order.address.city == "南京"
    assert order.address.recipient == "王丽"
    [row] = await chat.ledger(type=CaseType.ADDRESS_CHANGE)
    assert row.status == CaseStatus.RESOLVED and row.details["new"] == "江苏省南京市鼓楼区中山路8号"


async def test_an_address_outside_the_delivery_area_is_asked_again(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    await chat.start("change_order", "XG2511200001 改收货地址")
    again = await chat.reply("香港九龙弥敦道1号")
    assert chat.waiting_for == "value" and "配送范围" in again.text


async def test_saying_no_keeps_the_order_unchanged(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    await chat.start("change_order", "XG2511200001 改手机号")
    await chat.reply("13612345678")
    kept = await chat.reply("不改了")
    assert "保持不变" in kept.text
    assert (await flows.deps.orders.get_order("XG2511200001")).phone == "13800001234"
    assert await chat.ledger() == []


async def test_phone_in_the_first_message_and_a_bad_number_first(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    confirm = await chat.start("change_order", "XG2511200001 电话改成13612345678")
    assert chat.waiting_for == "confirm" and "13612345678" in confirm.text
    done = await chat.reply("对的")
    assert "136****5678" in done.text
    other = member(flows, "1001")
    await other.start("change_order", "XG2511200001 改电话")
    bad = await other.reply("12345")
    assert "11位" in bad.text and other.waiting_for == "value"


async def test_a_note_is_added(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    asked = await chat.start("change_order", "XG2511200001 想改一下")
    assert chat.waiting_for == "field" and [b.label for b in asked.buttons] == [
        "改地址",
        "改电话",
        "加备注",
    ]
    await chat.reply("加备注")
    await chat.reply("放门卫室，谢谢")
    await chat.reply("确认")
    assert (await flows.deps.orders.get_order("XG2511200001")).note == "放门卫室，谢谢"
    [row] = await chat.ledger(type=CaseType.NOTE_CHANGE)
    assert row.status == CaseStatus.RESOLVED


async def test_shipped_orders_change_only_the_address_through_an_intercept(
    flows: FlowEngine,
) -> None:
    chat = member(flows, "1001")
    phone = await chat.start("change_order", "XG2511200003 改电话")
    assert "已经发货" in phone.text and chat.waiting_for is None
    asked = await chat.start("change_order", "XG2511200003 改地址")
    assert "快递拦截" in asked.text and chat.waiting_for == "value"
    handed = await chat.reply("浙江省宁波市鄞州区天童路1号")
    assert handed.outcome == "handoff" and handed.handoff_reason == "intercept"
    [row] = await chat.ledger(type=CaseType.COURIER_INTERCEPT)
    assert row.status == CaseStatus.OPEN and "天童路1号" in row.details["new_address"]
    order = await flows.deps.orders.get_order("XG2511200003")
    assert order.address.city == "杭州", "the order itself changes only once a person confirms"


async def test_delivered_orders_cannot_be_changed(flows: FlowEngine) -> None:
    reply = await member(flows, "1001").start("change_order", "XG2511200007 改地址")
    assert "不能修改" in reply.text


async def test_a_company_invoice_collects_title_tax_id_and_email(flows: FlowEngine) -> None:
    chat = visitor(flows)
    await chat.start("invoice", "XG2511200014 开发票 2468")
    assert chat.waiting_for == "title"
    await chat.reply("福州某某科技有限公司")
    assert chat.waiting_for == "tax_id"
    bad = await chat.reply("123456")
    assert "税号好像不对" in bad.text and chat.waiting_for == "tax_id"
    await chat.reply(VALID_TAX_ID)
    assert chat.waiting_for == "email"
    bad_mail = await chat.reply("我的邮箱是abc")
    assert "邮箱格式" in bad_mail.text
    done = await chat.reply("zhang@example.com")
    assert "3 个工作日" in done.text and "zhang@example.com" in done.text
    [row] = await chat.ledger(type=CaseType.INVOICE)
    assert row.details["tax_id"] == VALID_TAX_ID and row.details["request_no"].startswith("INV")
    assert row.customer_ref == "member:1003" and row.status == CaseStatus.IN_PROGRESS
    again = await chat.start("invoice", "XG2511200014 发票开了吗")
    assert "已经申请过了" in again.text


async def test_a_personal_invoice_needs_no_tax_id(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    await chat.start("invoice", "XG2511200007 要发票")
    await chat.reply("个人")
    assert chat.waiting_for == "email"
    done = await chat.reply("wl@example.com")
    assert "申请号" in done.text


async def test_unpaid_orders_get_no_invoice(flows: FlowEngine) -> None:
    reply = await member(flows, "1003").start("invoice", "XG2511200011 开票")
    assert "还不能开发票" in reply.text


async def test_cancel_words_stop_a_pending_flow(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    await chat.start("invoice", "XG2511200007 要发票")
    reply = await chat.reply("算了不用了")
    assert "取消" in reply.text and flows.pending(chat.turn) is None
