"""What the chat gateway asks of the desk on the shopper's behalf: the state frame after
``hello`` (and a rating or a 留言 offer still open), relaying messages to agents,
cancelling the wait, rating, leaving a message.

Errors are the shopper protocol's codes (``not_waiting``, ``no_rating_due``), raised as
``DeskError`` and turned into ``error`` frames by the gateway.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from app.chat.enums import ConversationState
from app.chat.store import LiveConversation
from handoff import service
from handoff.assignments import open_assignment
from handoff.desk import HandoffDesk, staff_topic
from handoff.errors import DeskError
from handoff.models import utcnow

Send = Callable[[dict[str, Any]], Awaitable[None]]


async def greet(desk: HandoffDesk, live: LiveConversation, send: Send) -> None:
    """After ``welcome``: where the shopper stands in the queue, or who is serving them."""
    if live.state is ConversationState.QUEUED:
        place = await asyncio.to_thread(desk.queue.position, live.id)
        entry = await asyncio.to_thread(desk.queue.last_entry, live.id)
        if place is not None and entry is not None:
            frame = {"type": "queue", "reason": entry.reason, "position": place.position}
            await send({**frame, "eta_seconds": place.eta_seconds})
    elif live.state is ConversationState.AGENT:
        owner = await asyncio.to_thread(open_assignment, desk.engine, live.id)
        if owner is not None:
            name = desk.roster.name(owner.agent_id)
            await send({"type": "agent_joined", "agent": {"name": name}})
    elif live.next_seq == 1:  # nothing said since a resolved chat: its rating is still asked
        owed = await asyncio.to_thread(service.rating_owed, desk.engine, live.id, live.customer_id)
        if owed is not None:
            await send({"type": "rating_request"})
    else:
        await offer_message_again(desk, live, send)


async def offer_message_again(desk: HandoffDesk, live: LiveConversation, send: Send) -> None:
    """The ``offline`` frame again, while the bot's "nobody can take it" reply is still the
    last word (no 留言 confirmation or other answer since) and still true."""
    text = await asyncio.to_thread(service.open_offline_reply, desk.engine, live.id)
    if text is None:
        return
    availability = desk.hours.check(len(desk.roster.online_ids()))
    if availability.open:
        return
    opening = availability.next_opening
    next_opening = opening.isoformat() if opening else None
    await send({"type": "offline", "message": text, "next_opening": next_opening})


async def shopper_message(
    desk: HandoffDesk,
    live: LiveConversation,
    frame: dict[str, Any],
    payload: dict[str, Any],
) -> None:
    """A stored shopper or bot message: to the agents looking at it; a shopper's message
    to an agent's chat starts the reply timer and stops the idle timer."""
    await desk.relay(live.id, frame, payload)
    if frame.get("sender") == "shopper" and live.state is ConversationState.AGENT:
        desk.asked_at.setdefault(live.id, utcnow())
        desk.idle_since.pop(live.id, None)


async def shopper_typing(desk: HandoffDesk, live: LiveConversation, on: bool) -> None:
    if live.state is ConversationState.AGENT:
        await desk.hub.publish(
            staff_topic(live.id),
            {"type": "typing", "conversation_id": live.id, "sender": "shopper", "on": on},
        )


async def cancel_queue(desk: HandoffDesk, live: LiveConversation) -> None:
    async with desk.lock:
        cancelled = await asyncio.to_thread(desk.queue.cancel, live.id)
    if not cancelled:
        raise DeskError("not_waiting", "not waiting for an agent")
    await desk.move(live.id, ConversationState.BOT, desk.texts.queue_cancelled)
    await desk.publish_queue()


async def rate(desk: HandoffDesk, live: LiveConversation, score: int, comment: str) -> None:
    owed = await asyncio.to_thread(service.rating_owed, desk.engine, live.id, live.customer_id)
    if owed is None:
        raise DeskError("no_rating_due", "no resolved chat awaits a rating")
    conversation_id, due = owed
    await asyncio.to_thread(
        service.rate, desk.engine, conversation_id, score, agent_id=due.agent_id, comment=comment
    )


async def leave_message(desk: HandoffDesk, live: LiveConversation, contact: str, text: str) -> str:
    """留言: a case for the next shift; every console hears of it. Returns the
    confirmation the shopper is shown (also stored as a system message)."""
    left = await asyncio.to_thread(
        service.leave_message,
        desk.engine,
        live.customer_id,
        text,
        contact=contact,
        conversation_id=live.id,
    )
    confirmation: str = desk.texts.left_message.format(contact=left.contact)
    await desk.move(live.id, live.state, confirmation)
    await desk.hub.publish("agents", {"type": "left_message", **service.left_message_dict(left)})
    return confirmation
