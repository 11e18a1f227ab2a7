"""The agent console's websocket, ``/ws/agent``: read a frame, parse it, let the desk act,
write. A shopper's token cannot open it (only agent session tokens are accepted)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import orjson
from fastapi import APIRouter, WebSocket
from starlette.websockets import WebSocketDisconnect

from app.chat.hub import Subscription
from handoff import agent_desk, agents, service, timers
from handoff.agent_protocol import error_frame, parse
from handoff.assignments import open_assignments_of
from handoff.desk import HandoffDesk, staff_topic
from handoff.errors import DeskError, HandoffError
from handoff.load import active_chat_counts
from handoff.models import Agent

log = logging.getLogger("handoff.socket")
router = APIRouter()
UNAUTHORIZED_CLOSE = 4401


@router.websocket("/ws/agent")
async def agent_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    connection = AgentConnection(websocket, websocket.app.state.handoff)
    open_connections = websocket.app.state.metrics.agent_connections
    open_connections.inc()
    try:
        await connection.serve()
    finally:
        open_connections.dec()
        await connection.close()


class AgentConnection:
    def __init__(self, websocket: WebSocket, desk: HandoffDesk) -> None:
        self.websocket = websocket
        self.desk = desk
        self.agent: Agent | None = None
        self.subscriptions: dict[str, Subscription] = {}

    async def serve(self) -> None:
        while True:
            try:
                message = await self.websocket.receive()
            except (WebSocketDisconnect, RuntimeError):
                return
            if message["type"] == "websocket.disconnect":
                return
            raw = message.get("text")
            if raw is None:
                raw = message.get("bytes") or b""
            try:
                if not await self.handle(parse(raw)):
                    return
            except DeskError as error:
                await self.send(error_frame(error))
                if error.code == "unauthorized":
                    await self.websocket.close(UNAUTHORIZED_CLOSE)
                    return
            except Exception:
                log.exception("agent frame failed")
                await self.send({"type": "error", "code": "internal_error", "message": "failed"})

    async def send(self, frame: dict[str, Any]) -> None:
        await self.websocket.send_text(orjson.dumps(frame).decode())

    async def handle(self, frame: dict[str, Any]) -> bool:
        kind = frame["type"]
        if kind == "ping":
            await self.send({"type": "pong"})
            return True
        if kind == "hello":
            if self.agent is not None:
                raise DeskError("missing_field", "already said hello")
            await self.hello(frame["token"])
            return True
        if self.agent is None:
            raise DeskError("hello_required", "send hello with your session token first")
        await self.command(self.agent, kind, frame)
        return True

    async def hello(self, token: str) -> None:
        try:
            agent = await asyncio.to_thread(agents.verify_token, self.desk.engine, token)
        except HandoffError:
            raise DeskError("unauthorized", "not an agent session token; log in again") from None
        self.agent = agent
        timers.connected(self.desk, agent)
        self.follow(f"agent:{agent.id}")
        self.follow("agents")
        own = await asyncio.to_thread(open_assignments_of, self.desk.engine, agent.id or 0)
        for assignment in own:
            self.follow(staff_topic(assignment.conversation_id))
        chats = [await self.desk.chat_frame(a.conversation_id) for a in own]
        queue = await self.desk.queue_frame()
        counts = await asyncio.to_thread(active_chat_counts, self.desk.engine)
        left = await asyncio.to_thread(service.open_left_messages, self.desk.engine)
        seat = self.desk.roster.seats[agent.id or 0]
        await self.send(
            {
                "type": "welcome",
                "agent": {
                    "id": agent.id,
                    "username": agent.username,
                    "display_name": agent.display_name,
                    "role": str(agent.role),
                    "presence": seat.presence.value,
                    "max_chats": agent.max_chats,
                },
                "queue": queue["entries"],
                "chats": chats,
                "agents": self.desk.roster.listing(counts),
                "left_messages": [service.left_message_dict(item) for item in left],
            }
        )
        await agent_desk.publish_roster(self.desk)

    async def command(self, agent: Agent, kind: str, frame: dict[str, Any]) -> None:
        desk, cid = self.desk, frame.get("conversation_id", 0)
        if kind == "presence":
            await agent_desk.set_presence(desk, agent, frame["status"])
        elif kind == "claim":
            self.follow(staff_topic(cid))
            try:
                await agent_desk.claim(desk, agent, cid)
            except DeskError:
                self.unfollow(staff_topic(cid))
                raise
        elif kind == "open":
            self.follow(staff_topic(cid))
            await self.send(await agent_desk.open_chat(desk, agent, cid))
        elif kind == "message":
            ack = await agent_desk.send_message(desk, agent, cid, frame["client_id"], frame["text"])
            await self.send(ack)
        elif kind == "note":
            await agent_desk.add_note(desk, agent, cid, frame["text"])
        elif kind == "typing":
            await agent_desk.typing(desk, agent, cid, frame["on"])
        elif kind == "transfer":
            await agent_desk.transfer(desk, agent, cid, frame["agent_id"])
        elif kind == "hand_back":
            await agent_desk.hand_back(desk, agent, cid)
        elif kind == "resolve":
            await agent_desk.resolve(desk, agent, cid, frame["category"])
        elif kind == "search_scripts":
            await self.send(search(desk, frame["q"]))

    def follow(self, topic: str) -> None:
        if topic not in self.subscriptions:
            self.subscriptions[topic] = self.desk.hub.subscribe(topic, self.deliver)

    def unfollow(self, topic: str) -> None:
        subscription = self.subscriptions.pop(topic, None)
        if subscription is not None:
            subscription.cancel()

    async def deliver(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "assigned":
            self.follow(staff_topic(frame["conversation_id"]))
        elif kind == "chat_closed":
            self.unfollow(staff_topic(frame["conversation_id"]))
        await self.send(frame)

    async def close(self) -> None:
        for subscription in self.subscriptions.values():
            subscription.cancel()
        self.subscriptions.clear()
        if self.agent is not None:
            timers.disconnected(self.desk, self.agent.id or 0)
            try:
                await agent_desk.publish_roster(self.desk)
            except Exception:
                log.debug("roster not published after a disconnect")


def search(desk: HandoffDesk, query: str) -> dict[str, Any]:
    scripts = desk.lookups.scripts
    results = scripts.search(query) if scripts is not None else []
    return {"type": "scripts", "q": query, "results": results}
