"""Operations metrics, served at ``/metrics`` in the Prometheus text format.

Each app has its own registry (several apps in one process, as in tests, do not clash).
Rates such as messages per second are Prometheus' ``rate()`` over the counters.
"""

from __future__ import annotations

import inspect
import time
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from app.orders.errors import OrderSystemUnavailable
from handoff.models import QueueEntry, as_utc

# Matching runs in tens to hundreds of microseconds; flows that call the order system longer.
LATENCY_BUCKETS = (5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 0.01, 0.05, 0.25, 1.0, 5.0)
WAIT_BUCKETS = (5, 15, 30, 60, 120, 300, 600, 1800, 3600)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.open_connections = Gauge(
            "cs_open_connections", "Open websocket connections", ["kind"], registry=self.registry
        )
        self.messages = Counter(
            "cs_messages", "Messages stored, by sender", ["sender"], registry=self.registry
        )
        self.bot_answer_seconds = Histogram(
            "cs_bot_answer_seconds",
            "Time the bot took to answer one message (normalise, match, flow)",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.match_seconds = Histogram(
            "cs_match_seconds",
            "Time to normalise and match one message (the matching engine alone, no flow)",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.queue_length = Gauge(
            "cs_queue_length", "Conversations waiting for a human agent", registry=self.registry
        )
        self.queue_oldest_wait_seconds = Gauge(
            "cs_queue_oldest_wait_seconds",
            "How long the longest-waiting conversation has waited so far",
            registry=self.registry,
        )
        self.queue_wait_seconds = Histogram(
            "cs_queue_wait_seconds",
            "How long conversations waited in the queue before an agent took them",
            buckets=WAIT_BUCKETS,
            registry=self.registry,
        )
        self.handoffs = Counter(
            "cs_handoffs",
            "Conversations handed to humans, by reason",
            ["reason"],
            registry=self.registry,
        )
        self.order_system_errors = Counter(
            "cs_order_system_errors",
            "Order-system calls that failed, by operation",
            ["operation"],
            registry=self.registry,
        )
        self.shopper_connections = self.open_connections.labels("shopper")
        self.agent_connections = self.open_connections.labels("agent")

        # Queue waits are read from the queue table at scrape time (see refresh_queue):
        # assignments made since this process started, each observed once.
        self._started = datetime.now(UTC)
        self._waits_since = self._started
        self._waits_seen: set[int] = set()
        self._last_handoff_id: int | None = None  # handoffs: queue entries after this id

    def message_stored(self, sender: str) -> None:
        self.messages.labels(sender).inc()

    def refresh_queue(self, engine: Engine, now: datetime | None = None) -> None:
        """Queue length, the oldest wait, and the waits of new assignments, from the queue
        table: right whichever worker (or process) moved the queue. Blocking: run it in a
        thread."""
        now = now or datetime.now(UTC)
        with Session(engine) as session:
            waiting = session.exec(
                select(func.count(), func.min(QueueEntry.enqueued_at)).where(
                    QueueEntry.status == "waiting"
                )
            ).one()
            assigned = session.exec(
                select(QueueEntry).where(col(QueueEntry.assigned_at) >= self._waits_since)
            ).all()
            self._count_handoffs(session)
        count, oldest = waiting
        self.queue_length.set(count)
        self.queue_oldest_wait_seconds.set(
            max((now - as_utc(oldest)).total_seconds(), 0.0) if oldest else 0.0
        )
        self._observe_waits(assigned)

    def _count_handoffs(self, session: Session) -> None:
        """``cs_handoffs_total{reason}``: queue entries made since the process started."""
        query = select(QueueEntry.id, QueueEntry.reason)
        if self._last_handoff_id is None:  # first scrape: those since the process started
            query = query.where(col(QueueEntry.enqueued_at) >= self._started)
            self._last_handoff_id = session.exec(select(func.max(QueueEntry.id))).one() or 0
        else:
            query = query.where(col(QueueEntry.id) > self._last_handoff_id)
        for entry_id, reason in session.exec(query).all():
            self.handoffs.labels(reason).inc()
            self._last_handoff_id = max(self._last_handoff_id, entry_id or 0)

    def _observe_waits(self, entries: Any) -> None:
        fresh = [e for e in entries if e.id not in self._waits_seen]
        for entry in fresh:
            wait = (as_utc(entry.assigned_at) - as_utc(entry.enqueued_at)).total_seconds()
            self.queue_wait_seconds.observe(max(wait, 0.0))
        if fresh:
            latest = max(as_utc(e.assigned_at) for e in fresh)
            self._waits_seen = {e.id for e in entries if as_utc(e.assigned_at) == latest}
            self._waits_since = latest


class MeteredOrderSystem:
    """An order system whose failed calls (``OrderSystemUnavailable``) are counted in
    ``cs_order_system_errors_total{operation=...}``. Wrap the app's order system in it."""

    def __init__(self, orders: Any, metrics: Metrics) -> None:
        self._orders = orders
        self._metrics = metrics

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._orders, name)
        if not inspect.iscoroutinefunction(target) or name.startswith("_"):
            return target  # attributes and plain methods pass through unchanged

        async def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return await target(*args, **kwargs)
            except OrderSystemUnavailable:
                self._metrics.order_system_errors.labels(name).inc()
                raise

        return call


class MeteredMatching:
    """A matching engine whose ``match`` calls are timed into ``cs_match_seconds``; every other
    attribute is the engine's own. The bot's composition (``app.brain``) wraps each engine the
    library holder loads, so a reloaded library stays timed."""

    def __init__(self, engine: Any, metrics: Metrics) -> None:
        self._engine = engine
        self._observe = metrics.match_seconds.observe

    def match(self, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return self._engine.match(*args, **kwargs)
        finally:
            self._observe(time.perf_counter() - started)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)
