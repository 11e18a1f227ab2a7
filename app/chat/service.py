"""The chat service: what the gateway needs, passed in explicitly."""

from __future__ import annotations

from dataclasses import dataclass

from app.bot import Bot
from app.chat.hub import Hub
from app.chat.protocol import Limits
from app.chat.store import ChatStore
from app.metrics import Metrics


@dataclass(frozen=True, slots=True)
class ChatService:
    store: ChatStore
    hub: Hub
    bot: Bot
    limits: Limits
    signing_key: bytes
    history_limit: int
    allowed_origins: tuple[str, ...]
    metrics: Metrics

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """Pages may connect from our own origin or a listed one; non-browser clients send none."""
        if origin is None or "*" in self.allowed_origins:
            return True
        origin = origin.rstrip("/")
        if origin in self.allowed_origins:
            return True
        return host is not None and origin.split("://", 1)[-1] == host


def conversation_topic(conversation_id: int) -> str:
    return f"conversation:{conversation_id}"
