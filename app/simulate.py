"""Play many shoppers chatting against a running server, so dashboards fill with data.

    python -m app.simulate --url ws://127.0.0.1:8000/ws/chat --shoppers 30 --max-seconds 60

Scenarios come from the shop's ``simulation.yaml``. Every loop is bounded in count and
time, and only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import orjson
import yaml
from websockets.asyncio.client import ClientConnection, connect

from app.config import Settings
from app.security import customer_token
from app.simulate_agents import AgentTally, demo_accounts, run_agent

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_SHOPPERS = 5000
MAX_CONCURRENCY = 500
MAX_SECONDS = 600.0
MAX_AGENTS = 4


@dataclass
class Tally:
    conversations: int = 0
    messages: int = 0
    replies: int = 0
    queued: int = 0
    agent_messages: int = 0
    ratings: int = 0
    errors: list[str] = field(default_factory=list)
    agents: AgentTally = field(default_factory=AgentTally)


def load_plan(path: Path) -> dict[str, Any]:
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(plan, dict) or not plan.get("scenarios"):
        raise SystemExit(f"{path}: no scenarios")
    return plan


async def next_of(socket: ClientConnection, kinds: set[str], timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no {kinds} frame")
        frame = orjson.loads(await asyncio.wait_for(socket.recv(), remaining))
        if frame.get("type") in kinds:
            return frame  # type: ignore[no-any-return]


def hello_frame(plan: dict[str, Any], rng: random.Random, key: bytes) -> dict[str, Any]:
    """A visitor, or (``members.share`` of the time) a signed-in demo customer."""
    members = plan.get("members") or {}
    if members.get("ids") and rng.random() < float(members.get("share", 0)):
        customer = str(rng.choice(members["ids"]))
        return {"type": "hello", "v": 1, "token": customer_token(key, customer, "")}
    return {"type": "hello", "v": 1}


async def wait_for_agent(socket: ClientConnection, plan: dict[str, Any], tally: Tally) -> bool:
    """After queueing: read agent messages until the agent resolves and asks for a rating."""
    deadline = time.monotonic() + float(plan.get("agents", {}).get("wait_seconds", 60))
    while (remaining := deadline - time.monotonic()) > 0:
        frame = await next_of(socket, {"message", "rating_request", "offline"}, remaining)
        if frame["type"] == "offline":
            return False
        if frame["type"] == "rating_request":
            return True
        tally.agent_messages += frame.get("sender") == "agent"
    return False


async def rate(socket: ClientConnection, plan: dict[str, Any], rng: random.Random) -> bool:
    """Answer a rating request; True once the server confirms it."""
    score = rng.choice(plan.get("ratings", [5]))
    comment = rng.choice(plan.get("comments", [""]))
    await socket.send(orjson.dumps({"type": "rate", "score": score, "comment": comment}).decode())
    return (await next_of(socket, {"rated", "error"}, 5))["type"] == "rated"


async def queued_after(socket: ClientConnection, reply: dict[str, Any]) -> bool:
    """Did this turn put the shopper in the queue? (The bot's handoff words come first.)"""
    if reply["type"] != "message":
        return reply["type"] == "queue"
    try:
        return (await next_of(socket, {"queue"}, 0.3))["type"] == "queue"
    except TimeoutError:
        return False


async def play(
    url: str, plan: dict[str, Any], rng: random.Random, tally: Tally, key: bytes, agents: bool
) -> None:
    scenarios = plan["scenarios"]
    scenario = rng.choices(scenarios, weights=[s.get("weight", 1) for s in scenarios])[0]
    async with connect(url, open_timeout=10) as socket:
        await socket.send(orjson.dumps(hello_frame(plan, rng, key)).decode())
        await next_of(socket, {"welcome"}, 10)
        tally.conversations += 1
        queued = False
        for text in scenario["turns"]:
            frame = {"type": "message", "client_id": uuid.uuid4().hex, "text": text}
            await socket.send(orjson.dumps(frame).decode())
            await next_of(socket, {"ack"}, 10)
            tally.messages += 1
            reply = await next_of(socket, {"message", "queue", "offline"}, 10)
            tally.replies += reply["type"] == "message"
            if await queued_after(socket, reply):
                tally.queued += 1
                queued = True
                break
            await asyncio.sleep(rng.uniform(0.2, 1.5))  # a shopper reads and types
        asked = queued and agents and await wait_for_agent(socket, plan, tally)
        if asked and rng.random() < float(plan.get("rating_share", 0.8)):
            tally.ratings += await rate(socket, plan, rng)


async def simulate(
    url: str,
    shoppers: int,
    concurrency: int,
    max_seconds: float,
    seed: int,
    agents: int = 0,
    settings: Settings | None = None,
) -> Tally:
    parts = urlparse(url)
    if (parts.hostname or "") not in LOOPBACK:
        raise SystemExit(f"refusing to send traffic to {parts.hostname!r}: loopback only")
    check_bounds(shoppers, concurrency, max_seconds, agents)
    settings = settings or Settings()
    plan = load_plan(settings.shop_dir / "simulation.yaml")
    rng = random.Random(seed)
    tally = Tally()
    gate = asyncio.Semaphore(concurrency)
    stop = asyncio.Event()
    staff = start_agents(parts, plan, agents, rng, tally, stop)
    started = time.monotonic()

    async def one() -> None:
        async with gate:
            try:
                shopper_rng = random.Random(rng.random())
                await play(url, plan, shopper_rng, tally, settings.signing_key, bool(staff))
            except Exception as error:  # counted and reported, the others go on
                tally.errors.append(f"{error.__class__.__name__}: {error}")

    tasks = [asyncio.ensure_future(one()) for _ in range(shoppers)]
    _, pending = await asyncio.wait(tasks, timeout=max_seconds)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    stop.set()
    left = max(max_seconds - (time.monotonic() - started), 0) + 5
    await asyncio.wait(staff, timeout=left) if staff else None
    for task in staff:
        task.cancel()
    return tally


def check_bounds(shoppers: int, concurrency: int, max_seconds: float, agents: int) -> None:
    """Every run is bounded in count and time, whoever calls it."""
    for name, value, low, high in (
        ("shoppers", shoppers, 1, MAX_SHOPPERS),
        ("concurrency", concurrency, 1, MAX_CONCURRENCY),
        ("max-seconds", max_seconds, 1, MAX_SECONDS),
        ("agents", agents, 0, MAX_AGENTS),
    ):
        if not low <= value <= high:
            raise SystemExit(f"--{name}: from {low} to {high:g}, not {value:g}")


def start_agents(
    parts: Any,
    plan: dict[str, Any],
    count: int,
    rng: random.Random,
    tally: Tally,
    stop: asyncio.Event,
) -> list[asyncio.Task[None]]:
    """``count`` simulated agents (the accounts of ``simulation.yaml`` ``agents``)."""
    if count <= 0:
        return []
    agent_plan = plan.get("agents") or {}
    accounts = demo_accounts(list(agent_plan.get("accounts", []))[:count])
    http_url = f"http://{parts.netloc}"
    ws_url = f"ws://{parts.netloc}/ws/agent"

    async def one(account: tuple[str, str]) -> None:
        try:
            await run_agent(http_url, ws_url, account, agent_plan, rng, tally.agents, stop)
        except Exception as error:
            tally.errors.append(f"agent {account[0]}: {error.__class__.__name__}: {error}")

    return [asyncio.ensure_future(one(account)) for account in accounts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="ws://127.0.0.1:8000/ws/chat")
    parser.add_argument("--shoppers", type=int, default=30, help="conversations to play (max 5000)")
    parser.add_argument("--concurrency", type=int, default=10, help="shoppers at once (max 500)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="stop after this (max 600)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--agents", type=int, default=0, help="simulated agents answering the queue (max 4)"
    )
    args = parser.parse_args()
    tally = asyncio.run(
        simulate(
            args.url, args.shoppers, args.concurrency, args.max_seconds, args.seed, args.agents
        )
    )
    print(
        f"conversations={tally.conversations} messages={tally.messages} replies={tally.replies} "
        f"queued={tally.queued} agent_messages={tally.agent_messages} ratings={tally.ratings} "
        f"agents={tally.agents.logged_in} agent_chats={tally.agents.chats} "
        f"errors={len(tally.errors)}"
    )
    for error in tally.errors[:5]:
        print("  error:", error)


if __name__ == "__main__":
    main()
