"""The flows on a real SQLite file, the real embedded order system seeded from the demo
shop's orders.yaml, and the real shop data; the clock is fixed so ages are exact."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.bot import Reply, Turn
from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from app.flows import FlowEngine, build_flows
from app.ledger import LedgerEntry, LedgerFilter
from app.shop import Shop, load_shop

NOW = datetime(2025, 11, 20, 8, 0, tzinfo=UTC)
SHOP_DIR = PROJECT_ROOT / "shops" / "demo_fruit"


@pytest.fixture(scope="session")
def shop() -> Shop:
    return load_shop(SHOP_DIR)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, shop_dir=SHOP_DIR, secret_key="flows-test")


@pytest.fixture
def flows(settings: Settings, shop: Shop, clock: Clock) -> Iterator[FlowEngine]:
    engine = make_engine(settings.sqlalchemy_url)
    yield build_flows(settings, engine, shop, clock)
    engine.dispose()


_conversations = iter(range(1, 1_000_000))


@dataclass
class Chat:
    """One shopper talking to the flows the way the matching bot would call them."""

    flows: FlowEngine
    turn: Turn
    replies: list[Reply] = field(default_factory=list)

    async def start(self, name: str, text: str = "", **slots: Any) -> Reply:
        reply = await self.flows.start(name, self.turn, text, slots)
        self.replies.append(reply)
        return reply

    async def reply(self, text: str, **slots: Any) -> Reply:
        assert self.flows.pending(self.turn), "no flow is waiting for an answer"
        reply = await self.flows.resume(self.turn, text, slots)
        self.replies.append(reply)
        return reply

    @property
    def waiting_for(self) -> str | None:
        state = self.turn.memory.get("flow")
        return state["awaiting"] if state else None

    async def ledger(self, **where: Any) -> list[LedgerEntry]:
        return await self.flows.deps.ledger.list_entries(LedgerFilter(**where))


def member(flows: FlowEngine, customer_id: str) -> Chat:
    conversation = next(_conversations)
    turn = Turn(conversation, conversation, True, f"member:{customer_id}")
    return Chat(flows, turn)


def visitor(flows: FlowEngine, name: str = "v1") -> Chat:
    conversation = next(_conversations)
    return Chat(flows, Turn(conversation, conversation, False, f"visitor:{name}"))
