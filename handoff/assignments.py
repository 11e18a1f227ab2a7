"""Who owns a conversation: assigning from the queue, transfers, ending, reply timings.

Plain blocking functions over an engine (see docs/handoff.md, "Calling convention").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from handoff.agents import get_agent, has_capacity, has_role, least_loaded_online_agent
from handoff.enums import AgentRole, AssignmentEnd, Presence
from handoff.errors import Conflict, NotFound, PermissionDenied
from handoff.models import Agent, AgentReply, Assignment, as_utc, utcnow
from handoff.queue import AgentQueue


@dataclass(frozen=True, slots=True)
class ServiceLevels:
    """Agent replies slower than these are flagged ``late``."""

    first_response_seconds: float = 30.0
    reply_seconds: float = 60.0


def open_assignment(engine: Engine, conversation_id: int) -> Assignment | None:
    with Session(engine) as session:
        return session.exec(
            select(Assignment)
            .where(Assignment.conversation_id == conversation_id)
            .where(col(Assignment.ended_at).is_(None))
        ).first()


def get_assignment(engine: Engine, assignment_id: int) -> Assignment:
    with Session(engine) as session:
        assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(f"assignment {assignment_id} does not exist")
    return assignment


def assign(
    engine: Engine, queue: AgentQueue, conversation_id: int, agent_id: int
) -> Assignment | None:
    """Give a waiting conversation to an agent. None when someone else claimed it first;
    ``Conflict`` when the agent is offline or full."""
    agent = get_agent(engine, agent_id)
    _check_can_take(engine, agent)
    if not queue.claim(conversation_id, agent_id):
        return None
    return _start(engine, conversation_id, agent_id)


def assign_next(
    engine: Engine,
    queue: AgentQueue,
    *,
    only: Collection[int] | None = None,
    attempts: int = 5,
) -> Assignment | None:
    """Give the next waiting conversation to the least loaded online agent, if both exist
    (``only``: the agents that may take it)."""
    for _ in range(attempts):
        ticket = queue.next_for_assignment()
        agent = least_loaded_online_agent(engine, only=only)
        if ticket is None or agent is None:
            return None
        try:
            assignment = assign(engine, queue, ticket.conversation_id, agent.id or 0)
        except Conflict:  # the agent filled up meanwhile: look again
            continue
        if assignment is not None:
            return assignment
    return None


def end_assignment(
    engine: Engine,
    assignment_id: int,
    end: AssignmentEnd | str,
    *,
    category: str | None = None,
) -> Assignment:
    """Close an open assignment (resolved, handed back to the bot, or requeued)."""
    end = AssignmentEnd(end)
    with Session(engine, expire_on_commit=False) as session:
        ended = (
            session.connection()
            .execute(
                update(Assignment)
                .where(col(Assignment.id) == assignment_id)
                .where(col(Assignment.ended_at).is_(None))
                .values(ended_at=utcnow(), end=end.value, category=category)
            )
            .rowcount
        )
        session.commit()
        assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(f"assignment {assignment_id} does not exist")
    if not ended:
        raise Conflict(f"assignment {assignment_id} has already ended")
    return assignment


def transfer(engine: Engine, assignment_id: int, to_agent_id: int, *, by: Agent) -> Assignment:
    """Hand an open conversation to another online agent with a free slot. The owner or a
    supervisor may do it. Returns the new assignment."""
    current = get_assignment(engine, assignment_id)
    if current.agent_id != by.id and not has_role(by, AgentRole.SUPERVISOR):
        raise PermissionDenied("only the owner or a supervisor can transfer this chat")
    if to_agent_id == current.agent_id:
        raise Conflict("the chat already belongs to that agent")
    target = get_agent(engine, to_agent_id)
    _check_can_take(engine, target, online=True)
    with Session(engine, expire_on_commit=False) as session:
        ended = (
            session.connection()
            .execute(
                update(Assignment)
                .where(col(Assignment.id) == assignment_id)
                .where(col(Assignment.ended_at).is_(None))
                .values(ended_at=utcnow(), end=AssignmentEnd.TRANSFERRED.value)
            )
            .rowcount
        )
        if not ended:
            raise Conflict(f"assignment {assignment_id} has already ended")
        new = Assignment(conversation_id=current.conversation_id, agent_id=to_agent_id)
        session.add(new)
        session.commit()
    return new


def record_agent_reply(
    engine: Engine,
    assignment_id: int,
    *,
    replied_at: datetime | None = None,
    asked_at: datetime | None = None,
    levels: ServiceLevels | None = None,
) -> AgentReply | None:
    """Time an agent's message. The first reply of an assignment is timed from its start;
    a later one from ``asked_at``, the oldest shopper message it answers (None: the agent
    wrote without being asked, nothing to time)."""
    levels = levels or ServiceLevels()
    replied_at = replied_at or utcnow()
    with Session(engine, expire_on_commit=False) as session:
        assignment = session.get(Assignment, assignment_id)
        if assignment is None:
            raise NotFound(f"assignment {assignment_id} does not exist")
        first = assignment.first_response_at is None
        if first:
            asked, target = assignment.started_at, levels.first_response_seconds
            assignment.first_response_at = replied_at
            session.add(assignment)
        elif asked_at is not None:
            asked, target = asked_at, levels.reply_seconds
        else:
            return None
        seconds = max((as_utc(replied_at) - as_utc(asked)).total_seconds(), 0.0)
        reply = AgentReply(
            assignment_id=assignment_id,
            conversation_id=assignment.conversation_id,
            agent_id=assignment.agent_id,
            asked_at=asked,
            replied_at=replied_at,
            response_seconds=seconds,
            first=first,
            late=seconds > target,
        )
        session.add(reply)
        session.commit()
    return reply


def _check_can_take(engine: Engine, agent: Agent, *, online: bool = False) -> None:
    if agent.disabled or agent.presence == Presence.OFFLINE:
        raise Conflict(f"agent {agent.username} is offline")
    if online and agent.presence != Presence.ONLINE:
        raise Conflict(f"agent {agent.username} is not online")
    if not has_capacity(engine, agent):
        raise Conflict(f"agent {agent.username} has no free chat slot")


def _start(engine: Engine, conversation_id: int, agent_id: int) -> Assignment:
    assignment = Assignment(conversation_id=conversation_id, agent_id=agent_id)
    with Session(engine, expire_on_commit=False) as session:
        session.add(assignment)
        try:
            session.commit()
        except IntegrityError:
            raise Conflict(f"conversation {conversation_id} already has an agent") from None
    return assignment


def open_assignments_of(engine: Engine, agent_id: int) -> list[Assignment]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Assignment)
                .where(Assignment.agent_id == agent_id)
                .where(col(Assignment.ended_at).is_(None))
                .order_by(col(Assignment.id))
            ).all()
        )


def agents_with_open_chats(engine: Engine) -> set[int]:
    with Session(engine) as session:
        rows = session.exec(
            select(Assignment.agent_id).where(col(Assignment.ended_at).is_(None))
        ).all()
    return set(rows)
