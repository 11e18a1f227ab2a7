"""How busy the agents are: open chats, online capacity, how long chats take.

Plain functions over an engine; blocking (see docs/handoff.md, "Calling convention").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from handoff.enums import Presence
from handoff.models import Agent, Assignment, as_utc


@dataclass(frozen=True, slots=True)
class Capacity:
    online_agents: int
    slots: int  # the sum of max_chats over online agents
    busy: int  # their open chats

    @property
    def free(self) -> int:
        return max(self.slots - self.busy, 0)

    def to_dict(self) -> dict[str, int]:
        return {
            "online_agents": self.online_agents,
            "slots": self.slots,
            "busy": self.busy,
            "free": self.free,
        }


def active_chat_counts(engine: Engine) -> dict[int, int]:
    """Open assignments per agent id (agents without any are absent)."""
    query = (
        select(Assignment.agent_id, func.count())
        .where(col(Assignment.ended_at).is_(None))
        .group_by(col(Assignment.agent_id))
    )
    with Session(engine) as session:
        return {agent_id: count for agent_id, count in session.exec(query)}


def last_activity(engine: Engine) -> dict[int, datetime]:
    """When each agent last got or finished a chat (agents without chats are absent)."""
    query = select(
        Assignment.agent_id,
        func.max(Assignment.started_at),
        func.max(Assignment.ended_at),
    ).group_by(col(Assignment.agent_id))
    with Session(engine) as session:
        rows = session.exec(query).all()
    return {
        agent_id: max(as_utc(moment) for moment in (started, ended) if moment is not None)
        for agent_id, started, ended in rows
    }


def online_capacity(engine: Engine) -> Capacity:
    with Session(engine) as session:
        online = session.exec(select(Agent).where(Agent.presence == Presence.ONLINE)).all()
    counts = active_chat_counts(engine)
    return Capacity(
        online_agents=len(online),
        slots=sum(agent.max_chats for agent in online),
        busy=sum(counts.get(agent.id or 0, 0) for agent in online),
    )


def average_handling_seconds(engine: Engine, last_n: int, default: float) -> float:
    """The mean length of the last ``last_n`` finished chats, or ``default`` without any."""
    query = (
        select(Assignment.started_at, Assignment.ended_at)
        .where(col(Assignment.ended_at).is_not(None))
        .order_by(col(Assignment.ended_at).desc())
        .limit(last_n)
    )
    with Session(engine) as session:
        rows = session.exec(query).all()
    durations = [
        (as_utc(ended) - as_utc(started)).total_seconds()
        for started, ended in rows
        if ended is not None
    ]
    return sum(durations) / len(durations) if durations else default
