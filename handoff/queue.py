"""The queue of conversations waiting for a person.

``AgentQueue`` is the seam: ``DatabaseQueue`` keeps the queue in the database (it
survives restarts and is shared by every worker on the same database); a Redis-backed
queue can replace it behind the same methods.

Order: the highest effective priority first, where
``effective = weight[priority_class] + waited_seconds / aging_seconds``, and first come
first served within equal priority. Because every entry ages at the same rate, the order
never changes while entries wait: a class's weight is a head start of
``weight * aging_seconds`` seconds, so nobody waits forever behind later disputes.

Calls block (one short transaction each); async callers wrap them in
``asyncio.to_thread``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from handoff.enums import PriorityClass, QueueStatus
from handoff.load import Capacity, average_handling_seconds, online_capacity
from handoff.models import QueueEntry, as_utc, utcnow

DEFAULT_WEIGHTS = {
    PriorityClass.DISPUTE.value: 3.0,
    PriorityClass.AFTERSALE.value: 2.0,
    PriorityClass.PRESALE.value: 1.0,
}


@dataclass(frozen=True, slots=True)
class QueueTuning:
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    aging_seconds: float = 300.0
    default_handling_seconds: float = 300.0
    recent_assignments: int = 20


@dataclass(frozen=True, slots=True)
class Ticket:
    """A waiting conversation, as of the moment it was read."""

    conversation_id: int
    reason: str
    priority_class: str
    enqueued_at: datetime
    waited_seconds: float
    priority: float  # the effective priority at that moment
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversation_id": self.conversation_id,
            "reason": self.reason,
            "priority_class": self.priority_class,
            "enqueued_at": self.enqueued_at.isoformat(),
            "waited_seconds": round(self.waited_seconds),
            "priority": round(self.priority, 3),
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class QueuePosition:
    position: int  # 1 = next in line
    waiting: int  # everyone waiting
    eta_seconds: int | None  # None: nobody online to take it

    def to_dict(self) -> dict[str, Any]:
        return {"position": self.position, "waiting": self.waiting, "eta_seconds": self.eta_seconds}


class AgentQueue(Protocol):
    def enqueue(
        self,
        conversation_id: int,
        reason: str,
        priority_class: str,
        detail: dict[str, Any] | None = None,
        *,
        since: datetime | None = None,
    ) -> Ticket: ...

    def last_entry(self, conversation_id: int) -> Ticket | None: ...

    def positions(self) -> list[tuple[Ticket, QueuePosition]]: ...

    def cancel(self, conversation_id: int) -> bool: ...

    def position(self, conversation_id: int) -> QueuePosition | None: ...

    def snapshot(self) -> list[Ticket]: ...

    def claim(self, conversation_id: int, agent_id: int) -> bool: ...

    def next_for_assignment(self) -> Ticket | None: ...


class DatabaseQueue:
    def __init__(
        self,
        engine: Engine,
        tuning: QueueTuning | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._engine = engine
        self.tuning = tuning or QueueTuning()
        self._clock = clock

    def enqueue(
        self,
        conversation_id: int,
        reason: str,
        priority_class: str,
        detail: dict[str, Any] | None = None,
        *,
        since: datetime | None = None,
    ) -> Ticket:
        """Put a conversation in the queue; if it already waits, keep its place and raise
        its priority class when the new one is higher. ``since``: when it started waiting
        (a chat coming back to the queue keeps its first place in line)."""
        priority_class = PriorityClass(priority_class).value
        for _attempt in range(3):
            with Session(self._engine, expire_on_commit=False) as session:
                entry = self._waiting(session, conversation_id)
                if entry is None:
                    entry = QueueEntry(
                        conversation_id=conversation_id,
                        reason=str(reason),
                        priority_class=PriorityClass(priority_class),
                        detail=detail or {},
                        enqueued_at=since or self._clock(),
                    )
                elif self._weight(priority_class) > self._weight(entry.priority_class):
                    entry.priority_class = PriorityClass(priority_class)
                    entry.reason = str(reason)
                    entry.detail = detail or {}
                else:
                    return self._ticket(entry, self._clock())
                session.add(entry)
                try:
                    session.commit()
                except IntegrityError:  # another worker queued it meanwhile: read theirs
                    session.rollback()
                    continue
                return self._ticket(entry, self._clock())
        raise RuntimeError(f"could not enqueue conversation {conversation_id}")

    def cancel(self, conversation_id: int) -> bool:
        """Take a waiting conversation out of the queue (the shopper left, or left a message)."""
        statement = (
            update(QueueEntry)
            .where(col(QueueEntry.conversation_id) == conversation_id)
            .where(col(QueueEntry.status) == QueueStatus.WAITING.value)
            .values(status=QueueStatus.CANCELLED.value, cancelled_at=self._clock())
        )
        with self._engine.begin() as connection:
            return connection.execute(statement).rowcount == 1

    def claim(self, conversation_id: int, agent_id: int) -> bool:
        """Atomically take a waiting conversation for ``agent_id``: of agents claiming the
        same conversation at once, exactly one gets True."""
        statement = (
            update(QueueEntry)
            .where(col(QueueEntry.conversation_id) == conversation_id)
            .where(col(QueueEntry.status) == QueueStatus.WAITING.value)
            .values(status=QueueStatus.ASSIGNED.value, agent_id=agent_id, assigned_at=self._clock())
        )
        with self._engine.begin() as connection:
            return connection.execute(statement).rowcount == 1

    def snapshot(self) -> list[Ticket]:
        """Everyone waiting, next in line first."""
        now = self._clock()
        with Session(self._engine) as session:
            entries = session.exec(
                select(QueueEntry).where(QueueEntry.status == QueueStatus.WAITING)
            ).all()
        ranked = sorted(
            ((self._ticket(entry, now), entry.id or 0) for entry in entries),
            key=lambda pair: (-pair[0].priority, pair[0].enqueued_at, pair[1]),
        )
        return [ticket for ticket, _ in ranked]

    def next_for_assignment(self) -> Ticket | None:
        tickets = self.snapshot()
        return tickets[0] if tickets else None

    def last_entry(self, conversation_id: int) -> Ticket | None:
        """The conversation's latest queue entry, waiting or not."""
        with Session(self._engine) as session:
            entry = session.exec(
                select(QueueEntry)
                .where(QueueEntry.conversation_id == conversation_id)
                .order_by(col(QueueEntry.id).desc())
            ).first()
        return None if entry is None else self._ticket(entry, self._clock())

    def positions(self) -> list[tuple[Ticket, QueuePosition]]:
        """Everyone waiting with their position and ETA, in one pass."""
        tickets = self.snapshot()
        capacity = online_capacity(self._engine)
        handling = average_handling_seconds(
            self._engine, self.tuning.recent_assignments, self.tuning.default_handling_seconds
        )
        return [
            (ticket, QueuePosition(index + 1, len(tickets), _eta(index + 1, capacity, handling)))
            for index, ticket in enumerate(tickets)
        ]

    def position(self, conversation_id: int) -> QueuePosition | None:
        """Where a conversation stands, and roughly how long until an agent takes it:
        the chats ahead that free slots cannot take at once, times the average chat
        length, shared among the online agents' slots."""
        tickets = self.snapshot()
        index = next(
            (i for i, t in enumerate(tickets) if t.conversation_id == conversation_id), None
        )
        if index is None:
            return None
        position = index + 1
        capacity = online_capacity(self._engine)
        if capacity.slots == 0:
            eta: int | None = None
        elif position <= capacity.free:
            eta = 0
        else:
            handling = average_handling_seconds(
                self._engine, self.tuning.recent_assignments, self.tuning.default_handling_seconds
            )
            eta = math.ceil((position - capacity.free) * handling / capacity.slots)
        return QueuePosition(position=position, waiting=len(tickets), eta_seconds=eta)

    def _waiting(self, session: Session, conversation_id: int) -> QueueEntry | None:
        return session.exec(
            select(QueueEntry)
            .where(QueueEntry.conversation_id == conversation_id)
            .where(QueueEntry.status == QueueStatus.WAITING)
        ).first()

    def _weight(self, priority_class: str) -> float:
        return float(self.tuning.weights.get(str(priority_class), 0.0))

    def _ticket(self, entry: QueueEntry, now: datetime) -> Ticket:
        enqueued = as_utc(entry.enqueued_at)
        waited = max((as_utc(now) - enqueued).total_seconds(), 0.0)
        return Ticket(
            conversation_id=entry.conversation_id,
            reason=entry.reason,
            priority_class=str(entry.priority_class),
            enqueued_at=enqueued,
            waited_seconds=waited,
            priority=self._weight(entry.priority_class) + waited / self.tuning.aging_seconds,
            detail=dict(entry.detail or {}),
        )


def _eta(position: int, capacity: Capacity, handling_seconds: float) -> int | None:
    if capacity.slots == 0:
        return None
    if position <= capacity.free:
        return 0
    return math.ceil((position - capacity.free) * handling_seconds / capacity.slots)
