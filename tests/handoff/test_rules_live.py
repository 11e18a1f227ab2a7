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
