"""The desk's clocks: an agent's grace period after a dropped connection, and idle
shoppers (a reminder, then the chat closes). Bounded by the settings; one sweeper task."""

from __future__ import annotations

import asyncio
import logging

from app.chat.enums import ConversationState
from handoff import agent_desk, agents
from handoff.assignments import agents_with_open_chats
from handoff.desk import HandoffDesk
from handoff.enums import AssignmentEnd, Presence
from handoff.models import Agent

log = logging.getLogger("handoff.timers")


async def start(desk: HandoffDesk) -> asyncio.Task[None]:
    """After a restart nobody is connected: every agent is offline, and those with open
    chats get the grace period to come back. Returns the idle sweeper."""
    everyone = await asyncio.to_thread(agents.list_agents, desk.engine)
    desk.roster.names.update({agent.id or 0: agent.display_name for agent in everyone})
    for agent in everyone:
        if agent.presence != Presence.OFFLINE:
            await asyncio.to_thread(agents.set_presence, desk.engine, agent.id or 0, "offline")
    for agent_id in await asyncio.to_thread(agents_with_open_chats, desk.engine):
        agent = next(a for a in everyone if a.id == agent_id)
        seat = desk.roster.connect(agent)
        seat.connections = 0
        seat.presence = Presence.OFFLINE
        start_grace(desk, agent_id)
    return asyncio.create_task(sweep_idle(desk))


def connected(desk: HandoffDesk, agent: Agent) -> None:
    desk.roster.connect(agent)


def disconnected(desk: HandoffDesk, agent_id: int) -> None:
    if desk.roster.disconnect(agent_id) is not None:
        start_grace(desk, agent_id)


def start_grace(desk: HandoffDesk, agent_id: int) -> None:
    seat = desk.roster.seats[agent_id]
    seat.cancel_grace()
    seat.grace = asyncio.create_task(_grace(desk, agent_id))


async def _grace(desk: HandoffDesk, agent_id: int) -> None:
    await asyncio.sleep(desk.timing.grace_seconds)
    seat = desk.roster.seats.get(agent_id)
    if seat is None or seat.connections > 0:
        return
    seat.grace = None
    try:
        await agent_desk.requeue_agent(desk, agent_id)
    except Exception:
        log.exception(
            "requeue after the grace period failed", extra={"fields": {"agent": agent_id}}
        )


async def sweep_idle(desk: HandoffDesk) -> None:
    while True:
        await asyncio.sleep(desk.timing.sweep_seconds)
        try:
            await _sweep_once(desk)
        except Exception:
            log.exception("idle sweep failed")


async def _sweep_once(desk: HandoffDesk) -> None:
    now = asyncio.get_running_loop().time()
    for conversation_id, (since, reminded) in list(desk.idle_since.items()):
        idle = now - since
        if idle >= desk.timing.idle_close_seconds:
            desk.idle_since.pop(conversation_id, None)
            await agent_desk.finish(
                desk,
                None,
                conversation_id,
                AssignmentEnd.RESOLVED,
                category="idle",
                text=desk.texts.idle_closed,
            )
        elif idle >= desk.timing.idle_reminder_seconds and not reminded:
            desk.idle_since[conversation_id] = (since, True)
            await desk.move(conversation_id, ConversationState.AGENT, desk.texts.idle_reminder)
