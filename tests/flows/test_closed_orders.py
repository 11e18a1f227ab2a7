"""The quieter branches: closed orders, repeats, ties — each answers in plain words."""

from __future__ import annotations

import pytest

from app.flows import FlowEngine
from tests.flows.conftest import member, visitor


@pytest.mark.parametrize(
    ("flow", "words"),
    [
        ("order_status", "已取消"),
        ("logistics", "没有在途的物流"),
        ("urge_shipping", "已经关闭"),
        ("change_order", "不能修改"),
        ("invoice", "还不能开发票"),
        ("bad_fruit", "不涉及坏果理赔"),
        ("refund", "没有扣款"),
        ("exchange", "还没有发货"),
    ],
)
async def test_a_cancelled_order(flows: FlowEngine, flow: str, words: str) -> None:
    reply = await member(flows, "1003").start(flow, "XG2511200013")
    assert words in reply.text, reply.text
    assert reply.cards[0]["status"] == "已取消"


async def test_an_unpaid_order_needs_no_refund(flows: FlowEngine) -> None:
    reply = await member(flows, "1003").start("refund", "XG2511200011 退款")
    assert "还没有付款" in reply.text


async def test_a_shipped_order_refund_explains_the_policy(flows: FlowEngine) -> None:
    reply = await member(flows, "1001").start("refund", "XG2511200003 退款")
    assert "不支持七天无理由退货" in reply.text and reply.buttons[0].label == "查物流"


async def test_a_lost_parcel_with_a_remedy_is_not_claimed_twice(flows: FlowEngine) -> None:
    chat = member(flows, "1002")
    await chat.start("logistics", "XG2511200006")
    await chat.reply("重新发货")
    again = await chat.start("logistics", "XG2511200006 到哪了")
    assert "已经在处理中" in again.text and chat.waiting_for is None


async def test_a_wrong_item_reported_twice(flows: FlowEngine) -> None:
    chat = member(flows, "1003")
    await chat.start("exchange", "XG2511200014")
    await chat.reply("收到的是芒果")
    upload = await flows.deps.uploads.save(b"\xff\xd8\xff" + bytes(50), "member:1003")
    await chat.reply(f"[image:{upload.id}]")
    again = await chat.start("exchange", "XG2511200014 发错了")
    assert "已经登记过了" in again.text


async def test_two_equally_sweet_fruits(flows: FlowEngine) -> None:
    reply = await visitor(flows).start("compare_products", "丑橘和车厘子哪个甜")
    assert reply.text.startswith("这几款甜度差不多")
