"""The queue of waiting shoppers: order, aging, persistence, claims and ETA."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from handoff.assignments import assign, end_assignment
from handoff.enums import AssignmentEnd, PriorityClass, QueueStatus
from handoff.models import Assignment, QueueEntry
from handoff.queue import DatabaseQueue, QueueTuning
from tests.handoff.conftest import AgentMaker, database

START = datetime(2026, 5, 6, 10, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def queue_with_clock(engine: Engine) -> tuple[DatabaseQueue, Clock]:
    clock = Clock()
    return DatabaseQueue(engine, QueueTuning(aging_seconds=300), clock=clock), clock


def order(queue: DatabaseQueue) -> list[int]:
    return [ticket.conversation_id for ticket in queue.snapshot()]


def test_disputes_go_first_then_aftersale_then_presale_fifo_within(
    engine: Engine, conversations: Callable[[int], list[int]]
) -> None:
    queue, clock = queue_with_clock(engine)
    presale_1, aftersale, presale_2, dispute = conversations(4)
    for conversation, priority in [
        (presale_1, PriorityClass.PRESALE),
        (aftersale, PriorityClass.AFTERSALE),
        (presale_2, PriorityClass.PRESALE),
        (dispute, PriorityClass.DISPUTE),
    ]:
        queue.enqueue(conversation, "asked_for_human", priority)
        clock.advance(10)
    assert order(queue) == [dispute, aftersale, presale_1, presale_2]
    ticket = queue.next_for_assignment()
    assert ticket is not None and ticket.conversation_id == dispute


def test_a_long_wait_overtakes_a_newer_higher_class(
    engine: Engine, conversations: Callable[[int], list[int]]
) -> None:
    queue, clock = queue_with_clock(engine)
    presale, dispute = conversations(2)
    queue.enqueue(presale, "asked_for_human", "presale")
    # Dispute weighs 2 more: 2 × 300 s of aging. Just under that, the dispute still wins.
    clock.advance(590)
    queue.enqueue(dispute, "complaint", "dispute")
    assert order(queue) == [dispute, presale]
    late, newer_dispute = conversations(2)
    queue.enqueue(late, "asked_for_human", "presale")
    clock.advance(610)
    queue.enqueue(newer_dispute, "complaint", "dispute")
    assert order(queue) == [dispute, presale, late, newer_dispute]
    first = queue.snapshot()[0]
    assert first.waited_seconds == 610 and first.priority > 3


def test_enqueue_is_idempotent_and_only_raises_the_class(
    engine: Engine, conversations: Callable[[int], list[int]]
) -> None:
    queue, clock = queue_with_clock(engine)
    (conversation,) = conversations(1)
    first = queue.enqueue(conversation, "asked_for_human", "presale")
    clock.advance(30)
    queue.enqueue(conversation, "asked_for_human", "presale")
    assert len(queue.snapshot()) == 1
    raised = queue.enqueue(conversation, "complaint", "dispute", {"matched": "投诉"})
    assert raised.priority_class == "dispute" and raised.reason == "complaint"
    assert raised.enqueued_at == first.enqueued_at  # keeps its place in time
    kept = queue.enqueue(conversation, "asked_for_human", "presale")
    assert kept.priority_class == "dispute"


def test_cancel_takes_a_conversation_out(
    engine: Engine, conversations: Callable[[int], list[int]]
) -> None:
    queue, _ = queue_with_clock(engine)
    a, b = conversations(2)
    queue.enqueue(a, "asked_for_human", "presale")
    queue.enqueue(b, "asked_for_human", "presale")
    assert queue.cancel(a) is True
    assert queue.cancel(a) is False
    assert order(queue) == [b]
    assert queue.position(a) is None
    queue.enqueue(a, "asked_for_human", "presale")  # may wait again later
    assert order(queue) == [b, a]


def test_the_queue_survives_a_restart(
    db_path: Path, engine: Engine, conversations: Callable[[int], list[int]]
) -> None:
    queue, clock = queue_with_clock(engine)
    a, b = conversations(2)
    queue.enqueue(a, "asked_for_human", "presale", {"matched": "转人工"})
    clock.advance(5)
    queue.enqueue(b, "complaint", "dispute")
    engine.dispose()

    reopened = database(db_path)
    after = DatabaseQueue(reopened, clock=clock).snapshot()
    assert [t.conversation_id for t in after] == [b, a]
    assert after[1].detail == {"matched": "转人工"}
    reopened.dispose()


def test_two_agents_claiming_at_once_exactly_one_wins(
    engine: Engine, conversations: Callable[[int], list[int]], make_agent: AgentMaker
) -> None:
    queue = DatabaseQueue(engine)
    (conversation,) = conversations(1)
    queue.enqueue(conversation, "asked_for_human", "presale")
    agents = [make_agent(f"agent{i}") for i in range(6)]
    barrier = threading.Barrier(len(agents))
    results: dict[int, bool] = {}

    def claim(agent_id: int) -> None:
        barrier.wait()
        results[agent_id] = queue.claim(conversation, agent_id)

    threads = [threading.Thread(target=claim, args=(a.id,)) for a in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [agent_id for agent_id, won in results.items() if won]
    assert len(results) == len(agents) and len(winners) == 1
    with Session(engine) as session:
        entry = session.exec(select(QueueEntry)).one()
    assert entry.status == QueueStatus.ASSIGNED and entry.agent_id == winners[0]
    assert queue.snapshot() == []


def test_position_and_eta_follow_online_capacity(
    engine: Engine, conversations: Callable[[int], list[int]], make_agent: AgentMaker
) -> None:
    queue = DatabaseQueue(engine, QueueTuning(default_handling_seconds=240))
    waiting = conversations(4)
    for conversation in waiting:
        queue.enqueue(conversation, "asked_for_human", "presale")
    position = queue.position(waiting[2])
    assert position is not None
    assert (position.position, position.waiting, position.eta_seconds) == (3, 4, None)

    make_agent("xiaomei", max_chats=1)
    make_agent("aqiang", max_chats=1)
    # Two free slots take the first two at once; the 3rd waits one chat shared by 2 slots.
    assert queue.position(waiting[0]).eta_seconds == 0  # type: ignore[union-attr]
    assert queue.position(waiting[2]).eta_seconds == 120  # type: ignore[union-attr]
    assert queue.position(waiting[3]).eta_seconds == 240  # type: ignore[union-attr]


def test_eta_learns_from_recent_chat_lengths(
    engine: Engine, conversations: Callable[[int], list[int]], make_agent: AgentMaker
) -> None:
    queue = DatabaseQueue(engine, QueueTuning(default_handling_seconds=999))
    agent = make_agent("xiaomei", max_chats=1)
    done, waiting = conversations(2)
    queue.enqueue(done, "asked_for_human", "presale")
    assignment = assign(engine, queue, done, agent.id or 0)
    assert assignment is not None
    end_assignment(engine, assignment.id or 0, AssignmentEnd.RESOLVED)
    with Session(engine) as session:  # that chat took 90 seconds
        row = session.get(Assignment, assignment.id)
        assert row is not None and row.ended_at is not None
        row.started_at = row.ended_at - timedelta(seconds=90)
        session.add(row)
        session.commit()
    queue.enqueue(waiting, "asked_for_human", "presale")
    busy = conversations(1)[0]
    queue.enqueue(busy, "complaint", "dispute")
    assert assign(engine, queue, busy, agent.id or 0) is not None  # the one slot is taken
    assert queue.position(waiting).eta_seconds == 90  # type: ignore[union-attr]
