"""Agents at work: transfer, hand back, resolve and rating, notes, reconnecting, idle
shoppers, canned responses, and who may do what."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import httpx

from app.security import customer_token
from tests.handoff.clients import (
    AgentClient,
    escalate_by_misses,
    login,
    message_from,
    shopper_frame,
    taken_over,
)
from tests.handoff.conftest import ServerFactory
from tests.server import ROOT
from tests.shopper import Shopper


async def test_transfer_hand_back_then_resolve_and_rate(handoff_server: ServerFactory) -> None:
    server = handoff_server()
    xiaomei = await AgentClient(server, "xiaomei").connect()
    shopper, conversation_id = await taken_over(server, xiaomei)
    aqiang = await AgentClient(server, "aqiang").connect()
    aqiang_id = aqiang.welcome["agent"]["id"]

    await xiaomei.send(
        {"type": "transfer", "conversation_id": conversation_id, "agent_id": aqiang_id}
    )
    closed = await xiaomei.expect("chat_closed")
    assert (closed["conversation_id"], closed["end"]) == (conversation_id, "transferred")
    assert (await shopper_frame(shopper, "agent_left"))["reason"] == "transferred"
    assert (await shopper_frame(shopper, "agent_joined"))["agent"]["name"] == "阿强"
    assert (await aqiang.assigned_chat())["agent"]["name"] == "阿强"

    await aqiang.send({"type": "hand_back", "conversation_id": conversation_id})
    assert (await aqiang.expect("chat_closed"))["end"] == "handed_back"
    assert (await shopper_frame(shopper, "agent_left"))["reason"] == "handed_back"
    assert any("智能客服继续为您服务" in m["text"] for m in shopper.seen.values())
    _, reply = await shopper.say("你们发什么快递")
    assert reply["sender"] == "bot"  # the bot answers again

    await shopper.say("榴莲能做成披萨吗")  # a second miss in a row: back to a person
    await shopper_frame(shopper, "agent_joined")
    chat = await xiaomei.assigned_chat()
    await xiaomei.send(
        {"type": "resolve", "conversation_id": chat["conversation_id"], "category": "售后-坏果"}
    )
    assert (await shopper_frame(shopper, "agent_left"))["reason"] == "resolved"
    await shopper_frame(shopper, "rating_request")
    await shopper.send_frame({"type": "rate", "score": 5, "comment": "小美很耐心"})
    assert (await shopper_frame(shopper, "rated"))["message"]
    await shopper.send_frame({"type": "rate", "score": 4})
    assert (await shopper_frame(shopper, "error"))["code"] == "no_rating_due"
    await shopper.send_frame({"type": "message", "client_id": "late", "text": "还在吗"})
    assert (await shopper_frame(shopper, "error"))["code"] == "conversation_closed"
    for client in (shopper, xiaomei, aqiang):
        await client.close()


async def test_an_agent_who_drops_gets_the_chat_back_with_what_was_missed(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server(CS_AGENT_GRACE_SECONDS="60")
    agent = await AgentClient(server, "xiaomei").connect()
    shopper, conversation_id = await taken_over(server, agent)
    await agent.close()
    await shopper.send_frame({"type": "message", "client_id": "gap", "text": "你还在吗？"})
    await shopper_frame(shopper, "ack")

    back = await AgentClient(server, "xiaomei").connect()
    [chat] = back.welcome["chats"]
    assert chat["conversation_id"] == conversation_id
    assert chat["transcript"][-1]["text"] == "你还在吗？"
    await back.reply(conversation_id, "在的，刚才网络断了")
    assert (await message_from(shopper, "agent"))["text"] == "在的，刚才网络断了"
    await shopper.close()
    await back.close()


async def test_an_agent_gone_past_the_grace_period_sends_the_chat_back_to_the_queue(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server(CS_AGENT_GRACE_SECONDS="1")
    agent = await AgentClient(server, "xiaomei").connect()
    shopper, conversation_id = await taken_over(server, agent)
    await agent.close()
    assert (await shopper_frame(shopper, "agent_left"))["reason"] == "requeued"
    assert (await shopper_frame(shopper, "queue"))["position"] == 1

    other = await AgentClient(server, "aqiang").connect()
    chat = await other.assigned_chat()
    assert chat["conversation_id"] == conversation_id
    assert (await shopper_frame(shopper, "agent_joined"))["agent"]["name"] == "阿强"
    late = await AgentClient(server, "xiaomei").connect()
    assert late.welcome["chats"] == []
    for client in (shopper, other, late):
        await client.close()


async def test_notes_stay_among_agents(handoff_server: ServerFactory) -> None:
    server = handoff_server()
    agent = await AgentClient(server, "xiaomei").connect()
    shopper, conversation_id = await taken_over(server, agent)
    await agent.send({"type": "note", "conversation_id": conversation_id, "text": "老客户，语气急"})
    note = await agent.expect("note")
    assert (note["agent"], note["text"]) == ("小美", "老客户，语气急")
    supervisor = await AgentClient(server, "wang").connect(online=False)
    await supervisor.send({"type": "open", "conversation_id": conversation_id})
    opened = await supervisor.expect("chat")
    assert [n["text"] for n in opened["notes"]] == ["老客户，语气急"]
    await shopper.close()
    again = Shopper(server.ws_url)
    again.visitor = shopper.visitor
    welcome = await again.connect()
    assert all("老客户" not in m["text"] for m in welcome["history"])
    assert welcome["state"] == "agent"
    assert (await shopper_frame(again, "agent_joined"))["agent"]["name"] == "小美"
    for client in (again, agent, supervisor):
        await client.close()


async def test_typing_reaches_the_other_side(handoff_server: ServerFactory) -> None:
    server = handoff_server()
    agent = await AgentClient(server, "xiaomei").connect()
    shopper, conversation_id = await taken_over(server, agent)
    await agent.send({"type": "typing", "conversation_id": conversation_id, "on": True})
    typing = await shopper_frame(shopper, "typing")
    assert (typing["sender"], typing["on"]) == ("agent", True)
    await shopper.send_frame({"type": "typing", "on": True})
    seen = await agent.expect_where("typing", lambda f: f["sender"] == "shopper")
    assert seen["conversation_id"] == conversation_id
    await shopper.close()
    await agent.close()


async def test_an_idle_shopper_is_reminded_then_the_chat_closes(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server(CS_IDLE_REMINDER_SECONDS="1", CS_IDLE_CLOSE_SECONDS="2")
    agent = await AgentClient(server, "xiaomei").connect()
    shopper, conversation_id = await taken_over(server, agent)
    await agent.reply(conversation_id, "请问还有什么可以帮您？")
    await message_from(shopper, "agent")
    assert "您还在吗" in (await message_from(shopper, "system"))["text"]
    assert "长时间未收到您的回复" in (await message_from(shopper, "system"))["text"]
    assert (await shopper_frame(shopper, "agent_left"))["reason"] == "resolved"
    assert (await agent.expect("chat_closed"))["conversation_id"] == conversation_id
    await shopper.close()
    await agent.close()


async def test_canned_responses_are_found_with_the_shops_variables_filled(
    handoff_server: ServerFactory, tmp_path: Path
) -> None:
    scripts = tmp_path / "scripts"
    shutil.copytree(ROOT / "quick_replies" / "library", scripts)  # the rules refer to them
    (scripts / "handoff_test.yaml").write_text(
        "category: 测试\n"
        "scripts:\n"
        "  - id: handoff-test-ship-time\n"
        "    intent: urge_shipping\n"
        "    questions: [下单后几天发出, 最快几天能发出]\n"
        "    answer: '{shop.name}下单后48小时内发货'\n"
        "  - id: handoff-test-track\n"
        "    intent: order_status\n"
        "    questions: [测试订单到哪了, 测试查一下订单]\n"
        "    answer: 请提供订单号\n",
        encoding="utf-8",
    )
    server = handoff_server(CS_SCRIPTS_DIR=str(scripts))
    agent = await AgentClient(server, "xiaomei").connect()
    await agent.send({"type": "search_scripts", "q": "下单后几天发出"})
    found = await agent.expect("scripts")
    assert found["results"][0]["id"] == "handoff-test-ship-time"
    assert found["results"][0]["answer"] == "鲜果时光下单后48小时内发货"
    await agent.close()


async def test_the_agent_sees_a_signed_in_customers_orders(handoff_server: ServerFactory) -> None:
    server = handoff_server()
    agent = await AgentClient(server, "xiaomei").connect()
    shopper = Shopper(server.ws_url, token=customer_token(server.secret, "1001", "王丽"))
    await shopper.connect()
    await escalate_by_misses(shopper)
    chat = await agent.assigned_chat()
    assert chat["customer"] == {"name": "王丽", "signed_in": True}
    assert chat["orders"] and all(order["order_no"] for order in chat["orders"])
    assert isinstance(chat["cases"], list)
    await shopper.close()
    await agent.close()


async def test_presence_set_over_http_reaches_the_desk(handoff_server: ServerFactory) -> None:
    server = handoff_server()
    agent = await AgentClient(server, "xiaomei").connect(online=False)
    token = await asyncio.to_thread(login, server, "xiaomei")
    async with httpx.AsyncClient(
        base_url=server.http_url, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        response = await client.put("/api/agents/me/presence", json={"presence": "online"})
        assert response.status_code == 200 and response.json()["presence"] == "online"
        bad = await client.put("/api/agents/me/presence", json={"presence": "asleep"})
        assert bad.status_code == 422
    me = agent.welcome["agent"]["id"]
    await agent.expect_where(
        "roster", lambda f: any(a["id"] == me and a["presence"] == "online" for a in f["agents"])
    )
    shopper, _ = await taken_over(server, agent)
    await shopper.close()
    await agent.close()


async def test_a_transfer_needs_a_connected_agent_with_room(handoff_server: ServerFactory) -> None:
    server = handoff_server()
    agent = await AgentClient(server, "xiaomei").connect()
    shopper, conversation_id = await taken_over(server, agent)
    wang = await AgentClient(server, "wang").connect(online=False)
    wang_id = wang.welcome["agent"]["id"]
    await wang.close()  # gone: cannot take it
    await agent.send({"type": "transfer", "conversation_id": conversation_id, "agent_id": wang_id})
    assert (await agent.expect("error"))["code"] == "agent_unavailable"
    await agent.reply(conversation_id, "还是我来为您处理")  # still the owner
    assert (await message_from(shopper, "agent"))["text"] == "还是我来为您处理"
    await shopper.close()
    await agent.close()
