"""The queue as shoppers and agents live it: positions, capacity, claims, cancel, restart."""

from __future__ import annotations

import asyncio

import httpx

from tests.handoff.clients import (
    AgentClient,
    create_agent,
    escalate_by_misses,
    login,
    message_from,
    shopper_frame,
)
from tests.handoff.conftest import ServerFactory
from tests.server import LiveServer
from tests.shopper import Shopper


async def busy_agent(server: LiveServer, name: str = "solo") -> tuple[AgentClient, Shopper]:
    """An online agent with one slot, taken by a first shopper: later chats must wait."""
    await asyncio.to_thread(create_agent, server, name, 1)
    agent = await AgentClient(server, name).connect()
    first = Shopper(server.ws_url)
    await first.connect()
    await escalate_by_misses(first)
    await shopper_frame(first, "agent_joined")
    await agent.assigned_chat()
    return agent, first


async def test_waiting_shoppers_see_their_place_move_up(handoff_server: ServerFactory) -> None:
    server = handoff_server()
    agent, first = await busy_agent(server)
    second, third = Shopper(server.ws_url), Shopper(server.ws_url)
    await second.connect()
    await third.connect()
    assert (await escalate_by_misses(second))["position"] == 1
    placed = await escalate_by_misses(third)
    assert placed["position"] == 2 and placed["eta_seconds"] > 0
    console_queue = await agent.expect_where("queue", lambda f: len(f["entries"]) == 2)
    assert [e["position"] for e in console_queue["entries"]] == [1, 2]
    assert console_queue["entries"][0]["preview"] == "你们卖不卖椰青"
    token = await asyncio.to_thread(login, server, "solo", "solo-password")
    listed = httpx.get(f"{server.http_url}/api/queue", headers={"Authorization": f"Bearer {token}"})
    assert [e["conversation_id"] for e in listed.json()["entries"]] == [
        e["conversation_id"] for e in console_queue["entries"]
    ]

    await agent.send(
        {"type": "resolve", "conversation_id": first.welcome["conversation_id"], "category": "咨询"}
    )
    assert (await shopper_frame(second, "agent_joined"))["agent"]["name"] == "solo"
    places = [2]
    while places[-1] != 1:  # the estimate may change first (a chat length is now known)
        places.append((await shopper_frame(third, "queue"))["position"])
    assert places == sorted(places, reverse=True)
    for shopper in (first, second, third):
        await shopper.close()
    await agent.close()


async def test_chats_go_to_the_least_loaded_agent_with_room(handoff_server: ServerFactory) -> None:
    server = handoff_server()
    await asyncio.to_thread(create_agent, server, "one", 1)
    await asyncio.to_thread(create_agent, server, "two", 2)
    one = await AgentClient(server, "one").connect()
    two = await AgentClient(server, "two").connect()
    owners = []
    shoppers = [Shopper(server.ws_url) for _ in range(4)]
    for shopper in shoppers[:3]:
        await shopper.connect()
        await escalate_by_misses(shopper)
        owners.append((await shopper_frame(shopper, "agent_joined"))["agent"]["name"])
    # both empty: the one idle longest (never had a chat, lower id); then the other twice
    assert sorted(owners) == ["one", "two", "two"]
    await shoppers[3].connect()
    assert (await escalate_by_misses(shoppers[3]))["position"] == 1  # no room anywhere
    for shopper in shoppers:
        await shopper.close()
    await one.close()
    await two.close()


async def test_two_agents_claiming_one_chat_at_once_exactly_one_wins(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    agent, first = await busy_agent(server)
    waiting = Shopper(server.ws_url)
    await waiting.connect()
    await escalate_by_misses(waiting)
    conversation_id = waiting.welcome["conversation_id"]
    xiaomei = await AgentClient(server, "xiaomei").connect(online=False)
    aqiang = await AgentClient(server, "aqiang").connect(online=False)
    for claimer in (xiaomei, aqiang):  # away: they take no chats unless they claim one
        await claimer.set_presence("away")

    claim = {"type": "claim", "conversation_id": conversation_id}
    await asyncio.gather(xiaomei.send(claim), aqiang.send(claim))

    async def outcome(client: AgentClient) -> str:
        while True:
            frame = await client.recv()
            if frame["type"] == "error":
                return str(frame["code"])
            if frame["type"] == "chat" and frame["conversation_id"] == conversation_id:
                return "won"

    results = sorted(await asyncio.gather(outcome(xiaomei), outcome(aqiang)))
    assert results == ["claim_lost", "won"]
    joined = await shopper_frame(waiting, "agent_joined")
    assert joined["agent"]["name"] in ("小美", "阿强")
    for client in (agent, xiaomei, aqiang):
        await client.close()
    await first.close()
    await waiting.close()


async def test_a_waiting_shopper_can_still_ask_the_bot_and_can_cancel(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    agent, first = await busy_agent(server)
    waiting = Shopper(server.ws_url)
    await waiting.connect()
    await escalate_by_misses(waiting)
    _, reply = await waiting.say("你们几点下班")
    assert reply["sender"] == "bot"  # answers, and does not queue the shopper twice

    await waiting.send_frame({"type": "cancel_queue"})
    cancelled = await message_from(waiting, "system")
    assert "取消排队" in cancelled["text"]
    await waiting.send_frame({"type": "cancel_queue"})
    assert (await shopper_frame(waiting, "error"))["code"] == "not_waiting"
    emptied = await agent.expect_where("queue", lambda f: f["entries"] == [])
    assert emptied["entries"] == []
    await waiting.close()
    await first.close()
    await agent.close()


async def test_a_restart_with_shoppers_waiting_loses_nobody(handoff_server: ServerFactory) -> None:
    server = handoff_server(CS_AGENT_GRACE_SECONDS="60")
    agent, first = await busy_agent(server)
    waiting = Shopper(server.ws_url)
    await waiting.connect()
    await escalate_by_misses(waiting)
    for client in (agent, first, waiting):
        await client.close()

    server.restart()

    welcome = await waiting.connect()
    assert welcome["state"] == "queued"
    place = await shopper_frame(waiting, "queue")
    assert (place["reason"], place["position"]) == ("repeated_failure", 1)
    solo = await AgentClient(server, "solo").connect()
    assert [c["conversation_id"] for c in solo.welcome["chats"]] == [
        first.welcome["conversation_id"]
    ]
    assert [e["conversation_id"] for e in solo.welcome["queue"]] == [
        waiting.welcome["conversation_id"]
    ]
    helper = await AgentClient(server, "xiaomei").connect()
    chat = await helper.assigned_chat()
    assert chat["conversation_id"] == waiting.welcome["conversation_id"]
    assert (await shopper_frame(waiting, "agent_joined"))["agent"]["name"] == "小美"
    for client in (solo, helper, waiting):
        await client.close()
