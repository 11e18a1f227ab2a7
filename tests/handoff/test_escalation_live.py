"""Each trigger, end to end: a shopper talks to the real server, an agent is online."""

from __future__ import annotations

import httpx

from tests.handoff.clients import AgentClient, escalate_by_misses, shopper_frame
from tests.handoff.conftest import ServerFactory
from tests.shopper import Shopper


async def test_two_misses_in_a_row_bring_an_agent_who_talks_with_the_shopper(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    agent = await AgentClient(server, "xiaomei").connect()
    shopper = Shopper(server.ws_url)
    await shopper.connect()

    queued = await escalate_by_misses(shopper)
    assert queued["reason"] == "repeated_failure" and queued["position"] == 1
    assert queued["eta_seconds"] == 0
    joined = await shopper_frame(shopper, "agent_joined")
    assert joined["agent"] == {"name": "小美"}

    chat = await agent.assigned_chat()
    assert chat["reason"] == "repeated_failure" and chat["state"] == "agent"
    bot_turns = [m for m in chat["transcript"] if m["sender"] == "bot"]
    assert bot_turns[-1]["explanation"]["handoff"]["reason"] == "repeated_failure"
    assert bot_turns[-1]["outcome"] == "handoff"

    await shopper.send_frame({"type": "message", "client_id": "m1", "text": "我的橙子坏了三个"})
    await shopper_frame(shopper, "ack")
    relayed = await agent.expect_where("message", lambda f: f["sender"] == "shopper")
    assert relayed["text"] == "我的橙子坏了三个"
    assert relayed["conversation_id"] == chat["conversation_id"]

    ack = await agent.reply(chat["conversation_id"], "非常抱歉，麻烦拍照发我看看")
    assert ack["seq"] > relayed["seq"]
    answer = await shopper_frame(shopper, "message")
    assert (answer["sender"], answer["text"]) == ("agent", "非常抱歉，麻烦拍照发我看看")
    # the bot stayed silent: no bot message after the agent joined
    later = [m for m in shopper.seen.values() if m["seq"] > relayed["seq"] - 1]
    assert all(m["sender"] != "bot" for m in later)
    metrics = httpx.get(f"{server.http_url}/metrics").text
    assert 'cs_handoffs_total{reason="repeated_failure"} 1.0' in metrics
    assert "cs_queue_length 0.0" in metrics
    await shopper.close()
    await agent.close()


async def test_an_insult_shouted_goes_to_the_front_as_a_dispute(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    agent = await AgentClient(server, "xiaomei").connect()
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    _, reply = await shopper.say("垃圾客服???")
    assert "转接人工客服" in reply["text"]
    queued = await shopper_frame(shopper, "queue")
    assert queued["reason"] == "anger"
    chat = await agent.assigned_chat()
    assert (chat["reason"], chat["priority_class"]) == ("anger", "dispute")
    await shopper.close()
    await agent.close()


async def test_the_same_question_asked_again_hands_off(handoff_server: ServerFactory) -> None:
    server = handoff_server()
    agent = await AgentClient(server, "xiaomei").connect()
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    await shopper.say("我的快递到哪了？")
    _, reply = await shopper.say("我的快递到哪了啊")
    assert reply["text"].startswith("看来我的回答没能解决您的问题")
    queued = await shopper_frame(shopper, "queue")
    assert queued["reason"] == "repeated_question"
    await agent.assigned_chat()
    await shopper.close()
    await agent.close()


async def test_with_nobody_online_the_shopper_is_told_and_can_leave_a_message(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    await shopper.say("你好")
    await shopper.say("榴莲能做成披萨吗")
    _, reply = await shopper.say("你们卖不卖椰青")
    assert "人工客服暂时都不在线" in reply["text"]
    offline = await shopper_frame(shopper, "offline")
    assert offline["message"] == reply["text"]

    _, bot = await shopper.say("还有别的水果吗")  # the bot keeps answering
    assert bot["sender"] == "bot"

    await shopper.send_frame(
        {"type": "leave_message", "contact": "13800001111", "text": "想订十箱芒果送客户"}
    )
    confirmed = await shopper_frame(shopper, "message")
    assert confirmed["sender"] == "system" and "13800001111" in confirmed["text"]

    agent = await AgentClient(server, "xiaomei").connect()
    left = agent.welcome["left_messages"]
    assert [(m["contact"], m["text"]) for m in left] == [("13800001111", "想订十箱芒果送客户")]
    await shopper.close()
    await agent.close()


async def test_outside_business_hours_the_shopper_learns_when_we_open(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server(CS_HANDOFF_HOURS="never")
    agent = await AgentClient(server, "xiaomei").connect()
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    _, reply = await shopper.say("垃圾客服???")
    assert "非工作时间" in reply["text"]
    offline = await shopper_frame(shopper, "offline")
    assert offline["next_opening"] is None
    await shopper.close()
    await agent.close()
