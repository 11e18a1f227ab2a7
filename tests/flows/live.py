"""Talking to the flows through the real server: a shopper on a real websocket."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from app.config import PROJECT_ROOT
from app.db import make_engine
from app.ledger import LedgerEntry, LedgerFilter, LedgerService
from app.security import customer_token
from tests.server import LiveServer
from tests.shopper import Shopper

RULES = PROJECT_ROOT / "intents" / "rules"


def routed(*flows: str) -> pytest.MarkDecorator:
    """Skip until the matcher's rules (``intents/rules``) send messages to these flows."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(RULES.glob("**/*.yaml")))
    missing = [f for f in flows if not re.search(rf"flow\W+{f}\b", text)]
    return pytest.mark.skipif(bool(missing), reason=f"no rule routes to {missing} yet")


async def visitor(server: LiveServer) -> Shopper:
    """An anonymous shopper, connected."""
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    return shopper


async def member(server: LiveServer, customer: str) -> Shopper:
    """A signed-in shopper (the storefront's token names ``customer``), connected."""
    shopper = Shopper(server.ws_url, token=customer_token(server.secret, customer, "顾客"))
    await shopper.connect()
    return shopper


async def say(shopper: Shopper, text: str) -> dict[str, Any]:
    """Send a message and return the bot's answer, past acks, typing and queue frames."""
    client_id = uuid.uuid4().hex
    await shopper.send_frame({"type": "message", "client_id": client_id, "text": text})
    while True:
        frame = await shopper.recv(timeout=15)
        if frame["type"] == "error":
            raise AssertionError(frame)
        if frame["type"] == "message" and frame["sender"] == "bot":
            return frame


HANDOFF_FRAMES = frozenset({"queue", "offline"})


async def exchange(shopper: Shopper, text: str) -> tuple[dict[str, Any], set[str]]:
    """The bot's answer to ``text`` and the kinds of every frame up to the answer of a
    following 谢谢 (a handoff's queue/offline frame comes right after the answer)."""
    answer = await say(shopper, text)
    await shopper.send_frame({"type": "message", "client_id": uuid.uuid4().hex, "text": "谢谢"})
    kinds: set[str] = set()
    while True:
        frame = await shopper.recv(timeout=15)
        kinds.add(frame["type"])
        if frame["type"] == "message" and frame["sender"] == "bot":
            return answer, kinds


async def handed_off(shopper: Shopper, text: str) -> dict[str, Any]:
    answer, kinds = await exchange(shopper, text)
    assert kinds & HANDOFF_FRAMES, f"{text!r} was not handed to a person: {answer['text']}"
    return answer


async def ledger_rows(server: LiveServer, **where: Any) -> list[LedgerEntry]:
    engine = make_engine(f"sqlite:///{Path(server.data_dir) / 'xianguo.db'}")
    try:
        return await LedgerService(engine).list_entries(LedgerFilter(**where))
    finally:
        engine.dispose()
