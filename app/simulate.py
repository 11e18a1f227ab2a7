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

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Tally:
    conversations: int = 0
    messages: int = 0
    replies: int = 0
    queued: int = 0
    ratings: int = 0
    errors: list[str] = field(default_factory=list)


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


async def play(url: str, plan: dict[str, Any], rng: random.Random, tally: Tally) -> None:
    scenarios = plan["scenarios"]
    scenario = rng.choices(scenarios, weights=[s.get("weight", 1) for s in scenarios])[0]
    async with connect(url, open_timeout=10) as socket:
        await socket.send(orjson.dumps({"type": "hello", "v": 1}).decode())
        await next_of(socket, {"welcome"}, 10)
        tally.conversations += 1
        for text in scenario["turns"]:
            frame = {"type": "message", "client_id": uuid.uuid4().hex, "text": text}
            await socket.send(orjson.dumps(frame).decode())
            await next_of(socket, {"ack"}, 10)
            tally.messages += 1
            reply = await next_of(socket, {"message", "queue", "offline"}, 10)
            tally.replies += reply["type"] == "message"
            if reply["type"] == "queue":
                tally.queued += 1
                break
            await asyncio.sleep(rng.uniform(0.2, 1.5))  # a shopper reads and types
        if rng.random() < 0.5:
            score = rng.choice(plan.get("ratings", [5]))
            comment = rng.choice(plan.get("comments", [""]))
            await socket.send(
                orjson.dumps({"type": "rate", "score": score, "comment": comment}).decode()
            )
            tally.ratings += 1


async def simulate(
    url: str, shoppers: int, concurrency: int, max_seconds: float, seed: int
) -> Tally:
    host = urlparse(url).hostname or ""
    if host not in LOOPBACK:
        raise SystemExit(f"refusing to send traffic to {host!r}: loopback only")
    plan = load_plan(Settings().shop_dir / "simulation.yaml")
    rng = random.Random(seed)
    tally = Tally()
    gate = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with gate:
            try:
                await play(url, plan, random.Random(rng.random()), tally)
            except Exception as error:  # counted and reported, the others go on
                tally.errors.append(f"{error.__class__.__name__}: {error}")

    tasks = [asyncio.ensure_future(one()) for _ in range(shoppers)]
    _, pending = await asyncio.wait(tasks, timeout=max_seconds)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="ws://127.0.0.1:8000/ws/chat")
    parser.add_argument("--shoppers", type=int, default=30, help="conversations to play (max 5000)")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--max-seconds", type=float, default=60.0, help="stop after this (max 600)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tally = asyncio.run(
        simulate(
            args.url,
            min(args.shoppers, 5000),
            max(1, args.concurrency),
            min(args.max_seconds, 600.0),
            args.seed,
        )
    )
    print(
        f"conversations={tally.conversations} messages={tally.messages} replies={tally.replies} "
        f"queued={tally.queued} ratings={tally.ratings} errors={len(tally.errors)}"
    )
    for error in tally.errors[:5]:
        print("  error:", error)


if __name__ == "__main__":
    main()
