"""The handoff desk: where a conversation goes from the bot to a person and back.

It moves conversations between the states (bot → queued → agent → bot / closed),
keeps the queue and the assignments in step (through ``AgentQueue`` and the
assignment functions), posts what the shopper must be told, and fans frames out over
the ``Hub``: ``conversation:<id>`` reaches the shopper's tabs, ``staff:<id>`` the agents
looking at that chat, ``agent:<id>`` one agent's consoles, ``agents`` every console.

Database work runs in threads; transitions of the queue and assignments run under one
lock so a process never races itself (two workers are kept apart by the database:
claims are atomic updates, an open assignment is unique per conversation).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from app.bot import Reply
from app.chat.enums import ConversationState, Sender
from app.chat.hub import Hub
from app.chat.service import conversation_topic
from app.chat.store import ChatStore, LiveConversation
from handoff import context
from handoff.assignments import assign_next, open_assignment
from handoff.availability import OpeningHours
from handoff.escalation import HANDOFF_KEY, SIGNALS_KEY
from handoff.load import active_chat_counts
from handoff.models import Assignment
from handoff.policy import EscalationPolicy
from handoff.queue import AgentQueue
from handoff.roster import Roster

log = logging.getLogger("handoff.desk")
AGENTS_TOPIC = "agents"


def staff_topic(conversation_id: int) -> str:
    return f"staff:{conversation_id}"


def agent_topic(agent_id: int) -> str:
    return f"agent:{agent_id}"


@dataclass(frozen=True, slots=True)
class DeskTiming:
    grace_seconds: float = 120.0  # an agent's chats wait this long for a reconnect
    idle_reminder_seconds: float = 300.0  # a shopper silent this long is reminded
    idle_close_seconds: float = 600.0  # ... and the chat closes after this long
    sweep_seconds: float = 5.0  # how often idle chats are looked at


@dataclass(slots=True)
class Lookups:
    """The optional neighbours: order system, ledger, canned-response search."""

    orders: context.OrderLookup | None = None
    cases: context.CaseLookup | None = None
    scripts: Any = None  # handoff.scripts.ScriptSearch


@dataclass(eq=False)
class HandoffDesk:
    engine: Engine
    store: ChatStore
    hub: Hub
    queue: AgentQueue
    policy: EscalationPolicy
    hours: OpeningHours
    timing: DeskTiming = field(default_factory=DeskTiming)
    lookups: Lookups = field(default_factory=Lookups)
    roster: Roster = field(default_factory=Roster)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # in memory, per conversation: positions last told, the oldest unanswered shopper
    # message (reply timing), and since when an agent waits on the shopper (idle timer)
    told: dict[int, tuple[int, int | None]] = field(default_factory=dict)
    asked_at: dict[int, Any] = field(default_factory=dict)
    idle_since: dict[int, tuple[float, bool]] = field(default_factory=dict)

    @property
    def texts(self) -> Any:
        return self.policy.texts

    # -- the bot's handoff replies (called by the chat gateway) ----------------------------

    def review(self, live: LiveConversation, reply: Reply) -> Reply:
        """Before a handoff reply is stored: when nobody can take the chat, say so instead."""
        if reply.outcome != "handoff" or live.state is not ConversationState.BOT:
            return reply
        availability = self.hours.check(len(self.roster.online_ids()))
        if availability.open:
            return reply
        offline = getattr(self.texts, availability.why_not or "nobody_online")
        summary = reply.explanation.get("summary")  # a flow's case number, amount ...
        reply.text = f"{summary}\n{offline}" if summary else offline
        info = reply.explanation.setdefault("handoff", {})
        info["offline"] = availability.why_not
        opening = availability.next_opening
        info["next_opening"] = opening.isoformat() if opening else None
        return reply

    async def after_reply(self, conversation_id: int, reply: Reply) -> None:
        """After a handoff reply is stored and sent: queue the chat, or tell the shopper
        nobody can take it (the ``offline`` frame; the bot carries on)."""
        if reply.outcome != "handoff":
            return
        info = reply.explanation.get("handoff", {})
        if info.get("offline"):
            frame = {"type": "offline", "message": reply.text}
            frame["next_opening"] = info.get("next_opening")
            await self.hub.publish(conversation_topic(conversation_id), frame)
            return
        reason = reply.handoff_reason or str(info.get("reason") or "flow")
        priority = info.get("priority_class") or self.policy.priority_for(reason, [reply.intent])
        await self.escalate(conversation_id, reason, str(priority), dict(info.get("detail", {})))

    async def escalate(
        self, conversation_id: int, reason: str, priority_class: str, detail: dict[str, Any]
    ) -> None:
        await self.move(conversation_id, ConversationState.QUEUED)
        async with self.lock:  # no dispatch can take the ticket before its place is told
            await asyncio.to_thread(
                self.queue.enqueue, conversation_id, reason, priority_class, detail
            )
            await self.publish_queue()  # the shopper learns their place, even if taken at once
        await self.dispatch()
        await self.publish_queue()

    # -- moving conversations ---------------------------------------------------------------

    async def move(
        self,
        conversation_id: int,
        state: ConversationState,
        text: str | None = None,
        *,
        reset_signals: bool = False,
    ) -> None:
        """Set the conversation's state (and the bot's view of it in memory); post
        ``text`` as a system message."""
        live = await self.store.hold(conversation_id)
        try:
            async with live.lock:
                if state is ConversationState.QUEUED:
                    live.memory[HANDOFF_KEY] = "queued"
                elif state is ConversationState.AGENT:
                    live.memory[HANDOFF_KEY] = "agent"
                else:
                    live.memory.pop(HANDOFF_KEY, None)
                if reset_signals:
                    self.policy.reset(live.memory.setdefault(SIGNALS_KEY, {}))
                changed = self.store.set_state(live, state)
                frame = None
                if text:
                    frame, stored = self.store.stage(live, Sender.SYSTEM, text)
                    await stored
                await changed
        finally:
            self.store.release(live)
        if state is not ConversationState.QUEUED:
            self.told.pop(conversation_id, None)
        if state is not ConversationState.AGENT:
            self.asked_at.pop(conversation_id, None)
            self.idle_since.pop(conversation_id, None)
        if frame is not None:
            await self.publish_message(conversation_id, frame, {})

    async def publish_message(
        self, conversation_id: int, frame: dict[str, Any], payload: dict[str, Any]
    ) -> None:
        await self.hub.publish(conversation_topic(conversation_id), frame)
        await self.relay(conversation_id, frame, payload)

    async def relay(
        self, conversation_id: int, frame: dict[str, Any], payload: dict[str, Any]
    ) -> None:
        """A stored message, to the agents looking at the chat (with the bot's explanation)."""
        await self.hub.publish(
            staff_topic(conversation_id),
            context.with_staff_fields(conversation_id, frame, payload),
        )

    async def dispatch(self) -> None:
        """Give waiting chats to the least loaded connected online agents while both last."""
        while True:
            async with self.lock:
                assignment = await asyncio.to_thread(
                    assign_next, self.engine, self.queue, only=self.roster.connected_ids()
                )
            if assignment is None:
                return
            await self.joined(assignment)

    async def joined(self, assignment: Assignment) -> None:
        """An agent took the chat: tell the shopper and the agent's consoles."""
        cid, agent_id = assignment.conversation_id, assignment.agent_id
        name = self.roster.name(agent_id)
        await self.move(cid, ConversationState.AGENT, self.texts.agent_joined.format(agent=name))
        await self.hub.publish(
            conversation_topic(cid), {"type": "agent_joined", "agent": {"name": name}}
        )
        await self.hub.publish(agent_topic(agent_id), {"type": "assigned", "conversation_id": cid})
        await self.hub.publish(agent_topic(agent_id), await self.chat_frame(cid))
        await self.publish_roster()

    async def left(self, assignment: Assignment, end: str) -> None:
        cid = assignment.conversation_id
        await self.hub.publish(conversation_topic(cid), {"type": "agent_left", "reason": end})
        await self.hub.publish(
            agent_topic(assignment.agent_id),
            {"type": "chat_closed", "conversation_id": cid, "end": end},
        )
        await self.publish_roster()

    async def publish_roster(self) -> None:
        """Who is on, and how busy, to every console (for transfers)."""
        chats = await asyncio.to_thread(active_chat_counts, self.engine)
        await self.hub.publish(
            AGENTS_TOPIC, {"type": "roster", "agents": self.roster.listing(chats)}
        )

    async def publish_queue(self) -> None:
        """Queue frames to every waiting shopper whose position or ETA changed, and the
        whole queue to every console."""
        pairs = await asyncio.to_thread(self.queue.positions)
        for ticket, place in pairs:
            cid = ticket.conversation_id
            if self.told.get(cid) != (place.position, place.eta_seconds):
                self.told[cid] = (place.position, place.eta_seconds)
                await self.hub.publish(
                    conversation_topic(cid),
                    {
                        "type": "queue",
                        "reason": ticket.reason,
                        "position": place.position,
                        "eta_seconds": place.eta_seconds,
                    },
                )
        await self.hub.publish(AGENTS_TOPIC, await self.queue_frame(pairs))

    async def queue_frame(self, known: list[Any] | None = None) -> dict[str, Any]:
        pairs = known if known is not None else await asyncio.to_thread(self.queue.positions)
        ids = [ticket.conversation_id for ticket, _ in pairs]
        shown = await asyncio.to_thread(context.previews, self.engine, ids)
        entries = [
            {
                "conversation_id": ticket.conversation_id,
                "reason": ticket.reason,
                "priority_class": ticket.priority_class,
                "waited_seconds": round(ticket.waited_seconds),
                "position": place.position,
                **shown.get(ticket.conversation_id, {"customer": {}, "preview": ""}),
            }
            for ticket, place in pairs
        ]
        return {"type": "queue", "entries": entries}

    async def chat_frame(self, conversation_id: int) -> dict[str, Any]:
        """Everything an agent needs to take over a chat."""
        facts = await asyncio.to_thread(context.conversation_facts, self.engine, conversation_id)
        if facts is None:
            return {"type": "error", "code": "not_found", "message": "no such conversation"}
        transcript = await asyncio.to_thread(context.transcript, self.engine, conversation_id)
        notes = await asyncio.to_thread(
            context.notes, self.engine, conversation_id, self.roster.names
        )
        owner = await asyncio.to_thread(open_assignment, self.engine, conversation_id)
        entry = await asyncio.to_thread(self.queue.last_entry, conversation_id)
        return {
            "type": "chat",
            "conversation_id": conversation_id,
            "state": facts.state,
            "customer": facts.customer(),
            "reason": entry.reason if entry else None,
            "priority_class": entry.priority_class if entry else None,
            "agent": None
            if owner is None
            else {"id": owner.agent_id, "name": self.roster.name(owner.agent_id)},
            "transcript": transcript,
            "notes": notes,
            "orders": await context.order_cards(self.lookups.orders, facts),
            "cases": await context.open_cases(self.lookups.cases, facts),
        }
