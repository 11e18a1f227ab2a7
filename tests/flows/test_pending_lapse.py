"""A question a flow asked lapses when the shopper goes quiet for longer than the policy's
``flow_answer_wait_minutes``: the next message is understood afresh, not read as the answer."""

from __future__ import annotations

import asyncio
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.flows import FlowEngine
from app.flows.policy import FlowPolicy
from app.security import customer_token
from app.shop import Shop, ShopDataError
from tests.flows.conftest import Clock, member
from tests.flows.live import say
from tests.server import LiveServer
from tests.shopper import Shopper


async def test_an_answer_inside_the_wait_is_read_as_the_awaited_order(
    flows: FlowEngine, clock: Clock
) -> None:
    chat = member(flows, "1003")
    await chat.start("invoice", "我要开发票")
    assert chat.waiting_for == "order_pick"  # from the list of the shopper's orders
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


async def test_over_the_websocket_a_late_order_number_is_not_taken_as_the_answer(
    tmp_path: Path,
) -> None:
    shop_dir = tmp_path / "shop"
    shutil.copytree(PROJECT_ROOT / "shops" / "demo_fruit", shop_dir)
    policy = shop_dir / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    quick = re.sub(r"(?m)^flow_answer_wait_minutes:.*$", "flow_answer_wait_minutes: 0.02", text)
    assert quick != text
    policy.write_text(quick, encoding="utf-8")
    env = {"CS_SHOP_DIR": str(shop_dir), "CS_UNPAID_REMINDER_EVERY_SECONDS": "0"}
    server = LiveServer(tmp_path / "server", env=env).start()
    try:
        token = customer_token(server.secret, "1003", "张敏")
        shopper = Shopper(server.ws_url, token=token)
        await shopper.connect()
        asked = await say(shopper, "我要开发票")
        assert "哪一笔" in asked["text"]
        await asyncio.sleep(2)  # longer than the 1.2 s this shop waits for an answer
        late = await say(shopper, "XG2511200014")
        assert "发票抬头" not in late["text"]
        await shopper.close()
    finally:
        server.stop()
