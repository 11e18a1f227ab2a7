"""A question a flow asked lapses when the shopper goes quiet for longer than the policy's
``flow_answer_wait_minutes``: the next message is understood afresh, not read as the answer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.flows import FlowEngine
from app.flows.policy import FlowPolicy
from app.shop import Shop, ShopDataError
from tests.flows.conftest import Clock, member


async def test_an_answer_inside_the_wait_is_read_as_the_awaited_order(
    flows: FlowEngine, clock: Clock
) -> None:
    chat = member(flows, "1003")
    await chat.start("invoice", "我要开发票")
    assert chat.waiting_for == "order_no"
    clock.now += timedelta(minutes=flows.deps.policy.flow_answer_wait_minutes - 1)
    assert flows.pending(chat.turn) == "invoice"
    reply = await chat.reply("XG2511200014")
    assert "发票抬头" in reply.text and chat.waiting_for == "title"


async def test_after_a_long_silence_the_question_is_forgotten(
    flows: FlowEngine, clock: Clock
) -> None:
    chat = member(flows, "1003")
    await chat.start("invoice", "我要开发票")
    clock.now += timedelta(minutes=flows.deps.policy.flow_answer_wait_minutes + 1)
    assert flows.pending(chat.turn) is None
    assert "flow" not in chat.turn.memory  # nothing left for the bot to resume


async def test_each_new_question_starts_the_wait_again(flows: FlowEngine, clock: Clock) -> None:
    wait = timedelta(minutes=flows.deps.policy.flow_answer_wait_minutes)
    chat = member(flows, "1003")
    await chat.start("invoice", "我要开发票")
    clock.now += wait - timedelta(minutes=1)
    await chat.reply("XG2511200014")  # asks for the title now
    clock.now += wait - timedelta(minutes=1)
    assert flows.pending(chat.turn) == "invoice" and chat.waiting_for == "title"


def test_the_wait_is_required_and_positive(shop: Shop) -> None:
    without = {k: v for k, v in shop.policy.items() if k != "flow_answer_wait_minutes"}
    with pytest.raises(ShopDataError, match="flow_answer_wait_minutes"):
        FlowPolicy.from_policy(without)
    with pytest.raises(ShopDataError, match=r"flow_answer_wait_minutes.*> 0"):
        FlowPolicy.from_policy({**shop.policy, "flow_answer_wait_minutes": 0})
