"""A shopper sees only their own orders; guessing numbers tells nothing and gets locked."""

from __future__ import annotations

from app.flows import FlowEngine
from tests.flows.conftest import member, visitor

NOT_FOUND = "没有查到对应的订单"


async def test_a_visitor_must_give_the_last_4_digits_of_the_orders_phone(
    flows: FlowEngine,
) -> None:
    chat = visitor(flows)
    asked = await chat.start("order_status", "XG2511200014 到哪了")
    assert chat.waiting_for == "phone4" and "后4位" in asked.text and not asked.cards
    shown = await chat.reply("2468")
    assert shown.cards[0]["order_no"] == "XG2511200014"
    again = await chat.start("logistics", "XG2511200014 物流")
    assert again.cards, "a verified order is not asked for twice"


async def test_number_and_digits_in_one_message_are_enough(flows: FlowEngine) -> None:
    reply = await visitor(flows).start("order_status", "订单XG2511200011 手机尾号2468")
    assert reply.cards[0]["order_no"] == "XG2511200011"


async def test_a_wrong_pair_answers_exactly_like_an_unknown_order(flows: FlowEngine) -> None:
    wrong = visitor(flows, "a")
    await wrong.start("order_status", "XG2511200014")
    wrong_reply = await wrong.reply("1111")
    unknown = visitor(flows, "b")
    await unknown.start("order_status", "XG2511209999")
    unknown_reply = await unknown.reply("1111")
    assert NOT_FOUND in wrong_reply.text
    assert wrong_reply.text.replace("XG2511200014", "#") == unknown_reply.text.replace(
        "XG2511209999", "#"
    )
    assert wrong_reply.cards == unknown_reply.cards == []


async def test_a_member_cannot_read_another_members_order(flows: FlowEngine) -> None:
    mine = await member(flows, "1001").start("order_status", "XG2511200007")
    theirs = await member(flows, "1001").start("order_status", "XG2511200008")
    nobody = await member(flows, "1001").start("order_status", "XG2511299999")
    assert mine.cards and not theirs.cards and not nobody.cards
    assert theirs.text.replace("XG2511200008", "#") == nobody.text.replace("XG2511299999", "#")


async def test_a_member_cannot_use_another_orders_phone_digits_either(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    reply = await chat.start("order_status", "XG2511200008 尾号5678")
    assert not reply.cards and "没有在您的账号下找到" in reply.text


async def test_guessing_order_numbers_is_locked_after_repeated_failures(
    flows: FlowEngine,
) -> None:
    chat = visitor(flows, "guesser")
    replies = [await chat.start("order_status", f"XG25112000{n:02d} 尾号0000") for n in range(1, 8)]
    assert all(not r.cards for r in replies)
    assert "分钟后再试" in replies[-1].text
    locked = await chat.start("order_status", "XG2511200014 尾号2468")
    assert not locked.cards and "分钟后再试" in locked.text, "even the right pair waits"


async def test_the_lock_follows_the_shopper_not_the_conversation(flows: FlowEngine) -> None:
    for n in range(5):
        await visitor(flows, "same-person").start("order_status", f"XG25112000{n:02d} 0000")
    fresh_conversation = visitor(flows, "same-person")
    reply = await fresh_conversation.start("order_status", "XG2511200014 2468")
    assert "分钟后再试" in reply.text


async def test_the_lock_lifts_after_the_window(flows: FlowEngine, clock: object) -> None:
    from datetime import timedelta

    chat = visitor(flows, "patient")
    for n in range(5):
        await chat.start("order_status", f"XG25112000{n:02d} 0000")
    clock.now += timedelta(minutes=11)  # type: ignore[attr-defined]
    reply = await chat.start("order_status", "XG2511200014 2468")
    assert reply.cards and reply.cards[0]["order_no"] == "XG2511200014"


async def test_a_remembered_number_that_failed_is_not_tried_again(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    await chat.start("order_status", "XG2511209999")
    assert chat.waiting_for == "order_no"
    for _ in range(6):  # the bot passes the remembered number along with each message
        reply = await chat.reply("我不记得了", order_no="XG2511209999")
        assert chat.waiting_for in ("order_no", "order_pick") and "分钟后再试" not in reply.text
    found = await chat.reply("XG2511200007")
    assert found.cards[0]["order_no"] == "XG2511200007"


async def test_a_new_phone_in_a_change_is_not_taken_for_the_proof_of_ownership(
    flows: FlowEngine,
) -> None:
    chat = visitor(flows)
    asked = await chat.start(
        "change_order", "XG2511200015 电话改成13612345678", phone="13612345678"
    )
    assert chat.waiting_for == "phone4" and "后4位" in asked.text
    confirm = await chat.reply("2468")
    assert chat.waiting_for == "confirm" and "13612345678" in confirm.text


async def test_naming_another_order_while_asked_for_digits_moves_to_that_order(
    flows: FlowEngine,
) -> None:
    chat = visitor(flows)
    await chat.start("refund", "XG2511200015 能退款吗")
    asked = await chat.reply("XG2511200014 能退货吗")
    assert "XG2511200014" in asked.text and chat.waiting_for == "phone4"
    shown = await chat.reply("2468")
    assert shown.cards[0]["order_no"] == "XG2511200014"
