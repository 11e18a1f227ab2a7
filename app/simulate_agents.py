"""Simulated human agents for ``python -m app.simulate --agents N``: they log in with the demo
accounts, go online, answer every chat assigned to them after a human-like pause, and
resolve it (the shopper is then asked for a rating). Bounded by the caller's stop event."""

from __future__ import annotations

import asyncio
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
import yaml
from websockets.asyncio.client import ClientConnection, connect

DEMO_AGENTS = Path(__file__).resolve().parent.parent / "handoff" / "demo_agents.yaml"


@dataclass
class AgentTally:
    logged_in: int = 0
    chats: int = 0
    replies: int = 0
    errors: list[str] = field(default_factory=list)


def demo_accounts(usernames: list[str], path: Path = DEMO_AGENTS) -> list[tuple[str, str]]:
    """(username, password) of the named demo accounts, in that order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    passwords = {a["username"]: a["password"] for a in data.get("agents", [])}
    missing = [name for name in usernames if name not in passwords]
    if missing:
        raise SystemExit(f"{path}: no demo account {', '.join(missing)}")
    return [(name, passwords[name]) for name in usernames]


async def _send(socket: ClientConnection, frame: dict[str, Any]) -> None:
    await socket.send(orjson.dumps(frame).decode())


async def _answer(
    socket: ClientConnection,
    conversation_id: int,
    plan: dict[str, Any],
    rng: random.Random,
    tally: AgentTally,
) -> None:
    low, high = plan.get("reply_seconds", [1, 5])
    replies = plan.get("replies") or ["您好，我来为您处理。"]
    for text in replies[: plan.get("replies_per_chat", 2)]:
        await asyncio.sleep(rng.uniform(low, high))
        frame = {"conversation_id": conversation_id, "client_id": uuid.uuid4().hex, "text": text}
        await _send(socket, {"type": "message", **frame})
        tally.replies += 1
    await asyncio.sleep(rng.uniform(low, high))
    category = plan.get("category", "simulated")
    await _send(
        socket, {"type": "resolve", "conversation_id": conversation_id, "category": category}
    )


async def run_agent(
    http_url: str,
    ws_url: str,
    account: tuple[str, str],
    plan: dict[str, Any],
    rng: random.Random,
    tally: AgentTally,
    stop: asyncio.Event,
) -> None:
    username, password = account
    async with httpx.AsyncClient(base_url=http_url, timeout=10) as client:
        response = await client.post(
            "/api/agents/login", json={"username": username, "password": password}
        )
        response.raise_for_status()
        token = response.json()["token"]
    async with connect(ws_url, open_timeout=10) as socket:
        await _send(socket, {"type": "hello", "v": 1, "token": token})
        await _send(socket, {"type": "presence", "status": "online"})
        tally.logged_in += 1
        handling: set[asyncio.Task[None]] = set()
        answered: set[int] = set()
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(socket.recv(), 0.5)
            except TimeoutError:
                continue
            frame = orjson.loads(raw)
            conversation_id = frame.get("conversation_id")
            if frame.get("type") == "assigned" and conversation_id not in answered:
                answered.add(conversation_id)
                tally.chats += 1
                task = asyncio.ensure_future(_answer(socket, conversation_id, plan, rng, tally))
                handling.add(task)
                task.add_done_callback(handling.discard)
        for task in handling:
            task.cancel()
        await _send(socket, {"type": "presence", "status": "offline"})
