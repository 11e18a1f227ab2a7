"""A question a flow asked lapses when the shopper goes quiet for longer than the policy's
``flow_answer_wait_minutes``: the next message is understood afresh, not read as the answer."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.flows import FlowEngine
from app.flows.policy import FlowPolicy
from app.security import customer_token
from app.shop import Shop, ShopDataError
from tests.flows.conftest import Clock, member, visitor
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


async def test_a_left_phone_check_lapses_with_the_wait_and_leaves_other_numbers_alone(
    flows: FlowEngine, clock: Clock
) -> None:
    wait = timedelta(minutes=flows.deps.policy.flow_answer_wait_minutes)
    chat = visitor(flows)
    await chat.start("order_status", "XG2511200014到哪了")
    assert chat.waiting_for == "phone4"
    flows.cancel(chat.turn)  # the shopper asked about something else
    assert await flows.resume_left(chat.turn, "要2468箱") is None  # not the digits alone
    await chat.start("large_order", "我要团购沃柑")
    assert chat.waiting_for == "quantity"
    assert await flows.resume_left(chat.turn, "2468") is None  # the boxes asked for now
    flows.cancel(chat.turn)
    clock.now += wait + timedelta(minutes=1)
    assert await flows.resume_left(chat.turn, "2468") is None
    assert "flow_left" not in chat.turn.memory


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The demo shop, locking order lookups after 2 wrong phone checks."""
    env = {"CS_UNPAID_REMINDER_EVERY_SECONDS": "0", "CS_ORDER_LOOKUP_MAX_FAILURES": "2"}
    live = LiveServer(tmp_path_factory.mktemp("left-phone-check"), env=env).start()
    yield live
    live.stop()


async def leave_a_phone_check(server: LiveServer) -> Shopper:
    """A visitor asks where order XG2511200014 is, is asked for the phone's last 4 digits,
    and asks about something else instead."""
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    asked = await say(shopper, "订单XG2511200014到哪了")
    assert "XG2511200014" in asked["text"] and "后4位" in asked["text"]
    other = await say(shopper, "西瓜有吗")
    assert "后4位" not in other["text"]
    return shopper


@pytest.mark.parametrize("digits", ["2468", "13700002468"])  # the last 4, or the whole phone
async def test_the_phone_sent_after_another_question_completes_the_left_check(
    strict_server: LiveServer, digits: str
) -> None:
    shopper = await leave_a_phone_check(strict_server)
    answer = await say(shopper, digits)
    assert [card.get("order_no") for card in answer["cards"]] == ["XG2511200014"]
    await shopper.close()


async def test_wrong_digits_for_a_left_phone_check_still_lock_the_lookup(
    strict_server: LiveServer,
) -> None:
    shopper = await leave_a_phone_check(strict_server)
    for wrong in ("1357", "9753"):
        refused = await say(shopper, wrong)
        assert "没有查到" in refused["text"] and not refused.get("cards")
    locked = await say(shopper, "2468")  # the right digits, too late: the lookup is locked
    assert "分钟后再试" in locked["text"] and not locked.get("cards")
    await shopper.close()
