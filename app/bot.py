"""The bot seam: one small interface between the chat gateway and whatever answers.

The gateway calls ``Bot.answer(turn, text)`` for every stored shopper message and sends
the returned ``Reply``. The matching engine (``intents.bot``) and later the order flows
plug in behind it; ``GreetingBot`` is the stub used by the walking skeleton and the
throughput benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Outcome = Literal["answer", "clarify", "fallback", "handoff", "ask_slot", "flow"]


@dataclass(frozen=True, slots=True)
class Button:
    """A suggestion button: ``label`` is shown, ``text`` is sent as the shopper's message."""

    label: str
    text: str

    def to_frame(self) -> dict[str, str]:
        return {"label": self.label, "text": self.text}


@dataclass(slots=True)
class Reply:
    text: str
    outcome: Outcome = "answer"
    buttons: list[Button] = field(default_factory=list)
    cards: list[dict[str, Any]] = field(default_factory=list)
    intent: str | None = None
    handoff_reason: str | None = None
    # Why the bot answered this way (script or rule, scores, tokens). For agents and
    # staff only: stored with the message, never sent to the shopper.
    explanation: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Turn:
    """What the bot may know about the conversation a message belongs to."""

    conversation_id: int
    customer_id: int
    signed_in: bool
    customer_ref: str | None = None
    # Multi-turn memory (pending slot, last order, last product ...). The bot mutates it;
    # the gateway persists it with the conversation.
    memory: dict[str, Any] = field(default_factory=dict)


class Bot(Protocol):
    async def answer(self, turn: Turn, text: str) -> Reply: ...


class Flows(Protocol):
    """The order and after-sale flows, as the matching bot sees them (``app.flows``).

    ``slots`` are what the matcher extracted from the message (``order_no``, ``phone``,
    ``product``, ``products``, ``quantity``, ``date``, ``place`` ...). A flow that asks the
    shopper for something leaves itself pending in ``turn.memory``; the bot then calls
    ``resume`` with the next message unless the shopper clearly changed topic.
    """

    def names(self) -> frozenset[str]: ...

    def pending(self, turn: Turn) -> str | None:
        """The name of the flow waiting for the shopper's answer, if any."""
        ...

    def awaiting(self, turn: Turn) -> str | None:
        """The slot the pending flow asked for (``order_no``, ``phone4``, ``title`` ...)."""
        ...

    def cancel(self, turn: Turn) -> None:
        """Forget the pending flow (the shopper changed topic)."""
        ...

    async def resume_left(self, turn: Turn, text: str) -> Reply | None:
        """The answer to a question the shopper left for another one (the phone's last 4
        digits, sent later), or None when ``text`` is no such answer."""
        ...

    async def start(self, name: str, turn: Turn, text: str, slots: dict[str, Any]) -> Reply: ...

    async def resume(self, turn: Turn, text: str, slots: dict[str, Any]) -> Reply: ...


class GreetingBot:
    """The skeleton's stub: greets, and otherwise falls back politely."""

    def __init__(self, greeting: str, fallback: str) -> None:
        self._greeting = greeting
        self._fallback = fallback

    async def answer(self, turn: Turn, text: str) -> Reply:
        if turn.memory.get("greeted"):
            return Reply(text=self._fallback, outcome="fallback")
        turn.memory["greeted"] = True
        return Reply(text=self._greeting, outcome="answer", intent="greeting_thanks_chitchat")


class EchoBot:
    """Answers every message with its own words: for load tests of the transport alone
    (``CS_BOT=echo``), where matching and escalation would hide the gateway's own cost."""

    async def answer(self, turn: Turn, text: str) -> Reply:
        return Reply(text=text, outcome="answer")
