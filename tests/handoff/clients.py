"""An agent console client speaking the real agent protocol over a real websocket, and a
few shopper moves and look-ups the handoff tests share."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import httpx
import orjson
from sqlmodel import Session, select
from websockets.asyncio.client import ClientConnection, connect

from app.db import make_engine
from handoff.models import Rating
from tests.pages.handoff_widget import ESCALATING_MESSAGES
from tests.server import LiveServer
from tests.shopper import Shopper

DEMO_PASSWORDS = {
    "xiaomei": "xiaomei-demo",
    "aqiang": "aqiang-demo",
    "wang": "wang-demo",
    "admin": "admin-demo",
}
HANDOFF_ENV = {
    "CS_BOT": "greeting",
    "CS_HANDOFF_HOURS": "always",
    "CS_AGENT_GRACE_SECONDS": "1",
    "CS_RATE_BURST": "50",
}


def login(server: LiveServer, username: str, password: str | None = None) -> str:
    response = httpx.post(
        f"{server.http_url}/api/agents/login",
        json={"username": username, "password": password or DEMO_PASSWORDS[username]},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def create_agent(
    server: LiveServer,
    username: str,
    max_chats: int,
    role: str = "agent",
    display_name: str | None = None,
) -> None:
    admin = login(server, "admin")
    response = httpx.post(
        f"{server.http_url}/api/agents",
        headers={"Authorization": f"Bearer {admin}"},
        json={
            "username": username,
            "password": f"{username}-password",
            "display_name": display_name or username,
            "role": role,
            "max_chats": max_chats,
        },
    )
    assert response.status_code == 201, response.text


def ratings_of(server: LiveServer, conversation_id: int) -> list[tuple[int, str]]:
    """The ratings stored for a conversation, read from the server's own database."""
    engine = make_engine(f"sqlite:///{Path(server.data_dir) / 'xianguo.db'}")
    try:
        with Session(engine) as session:
            rows = session.exec(select(Rating).where(Rating.conversation_id == conversation_id))
            return [(row.score, row.comment) for row in rows]
    finally:
        engine.dispose()


class AgentClient:
    def __init__(self, server: LiveServer, username: str, password: str | None = None) -> None:
        self.server = server
        self.username = username
        self.password = password or DEMO_PASSWORDS.get(username, f"{username}-password")
        self.socket: ClientConnection | None = None
        self.welcome: dict[str, Any] = {}

    async def connect(self, *, online: bool = True) -> AgentClient:
        token = await asyncio.to_thread(login, self.server, self.username, self.password)
        self.socket = await connect(f"ws://127.0.0.1:{self.server.port}/ws/agent")
        await self.send({"type": "hello", "v": 1, "token": token})
        self.welcome = await self.expect("welcome")
        if online:
            await self.set_presence("online")
        return self

    async def set_presence(self, status: str) -> None:
        me = self.welcome["agent"]["id"]
        await self.send({"type": "presence", "status": status})
        await self.expect_where(
            "roster", lambda f: any(a["id"] == me and a["presence"] == status for a in f["agents"])
        )

    async def send(self, frame: dict[str, Any]) -> None:
        assert self.socket is not None
        await self.socket.send(orjson.dumps(frame).decode())

    async def recv(self, timeout: float = 10.0) -> dict[str, Any]:
        assert self.socket is not None
        return orjson.loads(await asyncio.wait_for(self.socket.recv(), timeout))  # type: ignore[no-any-return]

    async def expect(self, kind: str, timeout: float = 10.0) -> dict[str, Any]:
        """The next frame of ``kind``, skipping the broadcasts (queue, roster, typing)."""
        return await self.expect_where(kind, lambda _: True, timeout)

    async def expect_where(self, kind: str, match: Any, timeout: float = 10.0) -> dict[str, Any]:
        while True:
            frame = await self.recv(timeout)
            if frame["type"] == kind and match(frame):
                return frame
            if frame["type"] == "error" and kind != "error":
                raise AssertionError(f"expected {kind}, got {frame}")

    async def assigned_chat(self) -> dict[str, Any]:
        assigned = await self.expect("assigned")
        return await self.expect_where(
            "chat", lambda f: f["conversation_id"] == assigned["conversation_id"]
        )

    async def reply(self, conversation_id: int, text: str) -> dict[str, Any]:
        client_id = uuid.uuid4().hex[:16]
        await self.send(
            {
                "type": "message",
                "conversation_id": conversation_id,
                "client_id": client_id,
                "text": text,
            }
        )
        return await self.expect_where("ack", lambda f: f["client_id"] == client_id)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            self.socket = None


async def shopper_frame(shopper: Shopper, kind: str, timeout: float = 10.0) -> dict[str, Any]:
    """The shopper's next frame of ``kind``, skipping everything else."""
    while True:
        frame = await shopper.recv(timeout)
        if frame["type"] == kind:
            return frame


async def message_from(shopper: Shopper, sender: str, timeout: float = 10.0) -> dict[str, Any]:
    while True:
        frame = await shopper.recv(timeout)
        if frame["type"] == "message" and frame["sender"] == sender:
            return frame


async def miss_twice(shopper: Shopper) -> dict[str, Any]:
    """The greeting bot greets once and then misses: the second miss in a row hands off (or,
    with the desk closed, offers the 留言 form). Returns the bot's last reply."""
    for text in ESCALATING_MESSAGES:
        _, reply = await shopper.say(text)
    return reply


async def escalate_by_misses(shopper: Shopper) -> dict[str, Any]:
    """Two misses in a row: returns the first ``queue`` frame."""
    reply = await miss_twice(shopper)
    assert reply["sender"] == "bot"
    return await shopper_frame(shopper, "queue")


async def taken_over(server: LiveServer, agent: AgentClient) -> tuple[Shopper, int]:
    """A new shopper escalates and ``agent`` gets the chat: the shopper and its id."""
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    await escalate_by_misses(shopper)
    await shopper_frame(shopper, "agent_joined")
    chat = await agent.assigned_chat()
    return shopper, int(chat["conversation_id"])
