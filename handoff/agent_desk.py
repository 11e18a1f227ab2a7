"""What an agent does through the console: presence, claim, open, reply, note, typing,
transfer, hand back, resolve. Each checks who may do it and raises ``DeskError`` with the
agent protocol's code otherwise (``docs/agent-protocol.md``).
"""

from __future__ import annotations

import asyncio
from typing import Any

from app.chat.enums import ConversationState, Sender
from handoff import agents, assignments, context, service
from handoff.assignments import open_assignment
from handoff.desk import HandoffDesk, staff_topic
from handoff.enums import AgentRole, AssignmentEnd, Presence
from handoff.errors import Conflict, DeskError, HandoffError, desk_error
from handoff.models import Agent, Assignment

MAX_TEXT = 1000
MAX_CATEGORY = 40
MAX_CLIENT_ID = 40


async def set_presence(desk: HandoffDesk, agent: Agent, status: str) -> None:
    try:
        updated = await asyncio.to_thread(agents.set_presence, desk.engine, agent.id or 0, status)
    except HandoffError as error:
        raise desk_error(error) from None
    seat = desk.roster.seats.get(agent.id or 0)
    if seat is not None:
        seat.presence = Presence(updated.presence)
    await publish_roster(desk)
    await desk.dispatch()
    await desk.publish_queue()


async def publish_roster(desk: HandoffDesk) -> None:
    await desk.publish_roster()


async def claim(desk: HandoffDesk, agent: Agent, conversation_id: int) -> None:
    """Take a waiting chat; of agents claiming one chat at once exactly one wins."""
    try:
        async with desk.lock:
            assignment = await asyncio.to_thread(
                assignments.assign, desk.engine, desk.queue, conversation_id, agent.id or 0
            )
    except Conflict as error:
        raise DeskError("agent_unavailable", error.detail) from None
    except HandoffError as error:
        raise desk_error(error) from None
    if assignment is None:
        raise DeskError("claim_lost", f"conversation {conversation_id} was taken or left")
    await desk.joined(assignment)
    await desk.publish_queue()


async def open_chat(desk: HandoffDesk, agent: Agent, conversation_id: int) -> dict[str, Any]:
    """One's own chat, a waiting one (to read before claiming), or any for supervisors."""
    owner = await asyncio.to_thread(open_assignment, desk.engine, conversation_id)
    if owner is not None and owner.agent_id == agent.id:
        return await desk.chat_frame(conversation_id)
    if not agents.has_role(agent, AgentRole.SUPERVISOR):
        facts = await asyncio.to_thread(context.conversation_facts, desk.engine, conversation_id)
        if facts is None:
            raise DeskError("not_found", f"conversation {conversation_id} does not exist")
        if facts.state != ConversationState.QUEUED.value:
            raise DeskError("forbidden", "only supervisors may open other agents' chats")
    frame = await desk.chat_frame(conversation_id)
    if frame["type"] == "error":
        raise DeskError("not_found", f"conversation {conversation_id} does not exist")
    return frame


async def owned(desk: HandoffDesk, agent: Agent, conversation_id: int) -> Assignment:
    assignment = await asyncio.to_thread(open_assignment, desk.engine, conversation_id)
    if assignment is None or assignment.agent_id != agent.id:
        raise DeskError("not_your_chat", f"conversation {conversation_id} is not yours")
    return assignment


async def owned_or_supervised(desk: HandoffDesk, agent: Agent, conversation_id: int) -> Assignment:
    assignment = await asyncio.to_thread(open_assignment, desk.engine, conversation_id)
    if assignment is None:
        raise DeskError("not_found", f"conversation {conversation_id} has no agent")
    if assignment.agent_id != agent.id and not agents.has_role(agent, AgentRole.SUPERVISOR):
        raise DeskError("forbidden", "only the owner or a supervisor may do this")
    return assignment


async def send_message(
    desk: HandoffDesk, agent: Agent, conversation_id: int, client_id: str, text: str
) -> dict[str, Any]:
    """The agent's reply: stored, sent to the shopper, timed; the ``ack`` to return."""
    text = text.strip()
    if not text or len(text) > MAX_TEXT or not 0 < len(client_id) <= MAX_CLIENT_ID:
        raise DeskError("missing_field", f"text: 1-{MAX_TEXT} characters; client_id: 1-40")
    assignment = await owned(desk, agent, conversation_id)
    stored_id = f"agent:{client_id}"
    payload = {"agent": {"id": agent.id, "name": agent.display_name}}
    live = await desk.store.hold(conversation_id)
    ack = {"type": "ack", "conversation_id": conversation_id, "client_id": client_id}
    try:
        async with live.lock:
            known = live.seq_by_client_id.get(stored_id)
            if known is not None:  # a re-sent message: stored once
                return {**ack, "seq": known}
            frame, stored = desk.store.stage(
                live, Sender.AGENT, text, payload=payload, client_id=stored_id
            )
            await stored
    finally:
        desk.store.release(live)
    await desk.publish_message(conversation_id, frame, payload)
    timing = await asyncio.to_thread(
        assignments.record_agent_reply,
        desk.engine,
        assignment.id or 0,
        asked_at=desk.asked_at.pop(conversation_id, None),
        levels=desk.policy.service_levels,
    )
    desk.idle_since[conversation_id] = (asyncio.get_running_loop().time(), False)
    return {**ack, "seq": frame["seq"], "late": bool(timing and timing.late)}


async def add_note(desk: HandoffDesk, agent: Agent, conversation_id: int, text: str) -> None:
    await owned_or_supervised(desk, agent, conversation_id)
    try:
        note = await asyncio.to_thread(
            service.add_note, desk.engine, conversation_id, agent.id or 0, text
        )
    except HandoffError as error:
        raise DeskError("missing_field", error.detail) from None
    frame = context.note_frame(note, desk.roster.names)
    await desk.hub.publish(staff_topic(conversation_id), frame)


async def typing(desk: HandoffDesk, agent: Agent, conversation_id: int, on: bool) -> None:
    await owned(desk, agent, conversation_id)
    await desk.hub.publish(
        f"conversation:{conversation_id}", {"type": "typing", "sender": "agent", "on": on}
    )


async def transfer(desk: HandoffDesk, agent: Agent, conversation_id: int, to_agent: int) -> None:
    current = await owned_or_supervised(desk, agent, conversation_id)
    if to_agent not in desk.roster.connected_ids():
        raise DeskError("agent_unavailable", f"agent {to_agent} is not connected")
    try:
        async with desk.lock:
            new = await asyncio.to_thread(
                assignments.transfer, desk.engine, current.id or 0, to_agent, by=agent
            )
    except HandoffError as error:
        raise desk_error(error) from None
    name = desk.roster.name(to_agent)
    await desk.move(
        conversation_id, ConversationState.AGENT, desk.texts.transferred.format(agent=name)
    )
    await desk.left(current, AssignmentEnd.TRANSFERRED.value)
    await desk.joined(new)


async def hand_back(desk: HandoffDesk, agent: Agent, conversation_id: int) -> None:
    await finish(desk, agent, conversation_id, AssignmentEnd.HANDED_BACK)


async def resolve(desk: HandoffDesk, agent: Agent, conversation_id: int, category: str) -> None:
    category = category.strip()
    if not 0 < len(category) <= MAX_CATEGORY:
        raise DeskError("missing_field", f"category: 1-{MAX_CATEGORY} characters")
    await finish(desk, agent, conversation_id, AssignmentEnd.RESOLVED, category)


async def finish(
    desk: HandoffDesk,
    agent: Agent | None,
    conversation_id: int,
    end: AssignmentEnd,
    category: str | None = None,
    text: str | None = None,
) -> None:
    """End the agent's part: back to the bot, or closed and a rating asked for
    (``agent`` None: the desk itself, e.g. an idle shopper)."""
    if agent is None:
        current = await asyncio.to_thread(open_assignment, desk.engine, conversation_id)
        if current is None:
            return
    else:
        current = await owned_or_supervised(desk, agent, conversation_id)
    try:
        async with desk.lock:
            ended = await asyncio.to_thread(
                assignments.end_assignment, desk.engine, current.id or 0, end, category=category
            )
    except HandoffError as error:
        raise desk_error(error) from None
    if end is AssignmentEnd.RESOLVED:
        await desk.move(conversation_id, ConversationState.CLOSED, text or desk.texts.resolved)
        await desk.left(ended, end.value)
        await desk.hub.publish(f"conversation:{conversation_id}", {"type": "rating_request"})
    else:
        await desk.move(
            conversation_id, ConversationState.BOT, desk.texts.handed_back, reset_signals=True
        )
        await desk.left(ended, end.value)
    await desk.dispatch()
    await desk.publish_queue()


async def requeue_agent(desk: HandoffDesk, agent_id: int) -> None:
    """The agent stayed away past the grace period: their chats go back to the queue,
    keeping their first place in line, and the agent goes offline."""
    async with desk.lock:
        moved = await asyncio.to_thread(_requeue, desk, agent_id)
        seat = desk.roster.seats.get(agent_id)
        if seat is not None and seat.connections == 0:
            seat.presence = Presence.OFFLINE
    for assignment in moved:
        cid = assignment.conversation_id
        await desk.move(cid, ConversationState.QUEUED, desk.texts.requeued)
        await desk.left(assignment, AssignmentEnd.REQUEUED.value)
    await publish_roster(desk)
    await desk.dispatch()
    await desk.publish_queue()


def _requeue(desk: HandoffDesk, agent_id: int) -> list[Assignment]:
    moved = []
    for assignment in assignments.open_assignments_of(desk.engine, agent_id):
        ended = assignments.end_assignment(desk.engine, assignment.id or 0, AssignmentEnd.REQUEUED)
        last = desk.queue.last_entry(assignment.conversation_id)
        desk.queue.enqueue(
            assignment.conversation_id,
            last.reason if last else "requeued",
            last.priority_class if last else "presale",
            last.detail if last else {},
            since=last.enqueued_at if last else assignment.started_at,
        )
        moved.append(ended)
    if not any(seat for seat in [desk.roster.seats.get(agent_id)] if seat and seat.connections):
        agents.set_presence(desk.engine, agent_id, Presence.OFFLINE)
    return moved
