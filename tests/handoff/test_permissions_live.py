"""Who may do what: shoppers never reach the agents' side, agents not the supervisors'."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from app.security import customer_token
from tests.handoff.clients import AgentClient, login, taken_over
from tests.handoff.conftest import ServerFactory


async def test_a_shopper_token_opens_neither_the_agent_socket_nor_the_api(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    token = customer_token(server.secret, "c-1001", "李女士")
    agent = AgentClient(server, "xiaomei")
    agent.socket = await connect(f"ws://127.0.0.1:{server.port}/ws/agent")
    await agent.send({"type": "hello", "v": 1, "token": token})
    refused = await agent.recv()
    assert refused["code"] == "unauthorized"
    with pytest.raises(ConnectionClosed) as closed:
        await agent.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401

    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=server.http_url, headers=headers) as client:
        assert (await client.get("/api/agents/me")).status_code == 401
        assert (await client.get("/api/queue")).status_code == 401


async def test_an_agent_cannot_do_what_only_a_supervisor_may(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    xiaomei_token = await asyncio.to_thread(login, server, "xiaomei")
    async with httpx.AsyncClient(
        base_url=server.http_url, headers={"Authorization": f"Bearer {xiaomei_token}"}
    ) as client:
        assert (await client.get("/api/agents")).status_code == 403
        created = await client.post(
            "/api/agents", json={"username": "sneaky", "password": "sneaky-password"}
        )
        assert created.status_code == 403

    aqiang = await AgentClient(server, "aqiang").connect()
    shopper, conversation_id = await taken_over(server, aqiang)
    xiaomei = await AgentClient(server, "xiaomei").connect()
    for frame in (
        {"type": "open", "conversation_id": conversation_id},
        {"type": "transfer", "conversation_id": conversation_id, "agent_id": 1},
        {"type": "resolve", "conversation_id": conversation_id, "category": "x"},
    ):
        await xiaomei.send(frame)
        assert (await xiaomei.expect("error"))["code"] == "forbidden"
    await xiaomei.send(
        {"type": "message", "conversation_id": conversation_id, "client_id": "c", "text": "hi"}
    )
    assert (await xiaomei.expect("error"))["code"] == "not_your_chat"

    wang = await AgentClient(server, "wang").connect(online=False)
    await wang.send({"type": "open", "conversation_id": conversation_id})
    assert (await wang.expect("chat"))["agent"]["name"] == "阿强"
    for client in (shopper, aqiang, xiaomei, wang):
        await client.close()


async def test_the_agent_socket_refuses_what_it_cannot_read(handoff_server: ServerFactory) -> None:
    server = handoff_server()
    agent = AgentClient(server, "xiaomei")
    agent.socket = await connect(f"ws://127.0.0.1:{server.port}/ws/agent")
    await agent.send({"type": "claim", "conversation_id": 1})
    assert (await agent.recv())["code"] == "hello_required"
    await agent.socket.send("{not json")
    assert (await agent.recv())["code"] == "bad_json"
    await agent.send({"type": "dance"})
    assert (await agent.recv())["code"] == "unknown_type"
    await agent.send({"type": "hello", "v": 1})
    assert (await agent.recv())["code"] == "missing_field"
    await agent.send({"type": "ping"})
    assert (await agent.recv())["type"] == "pong"  # still open
    await agent.close()
