"""/metrics reads the queue from the database: length, oldest wait, waits of assignments;
order-system failures are counted by operation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.chat.models import Conversation, Customer
from app.metrics import MeteredOrderSystem, Metrics
from app.orders.errors import OrderNotFound, OrderSystemUnavailable
from handoff.models import QueueEntry
from tests.reports.seed import seed_march
from tests.server import LiveServer
from tests.test_operations import metric


def add_queue_entries(engine: Engine, now: datetime) -> None:
    with Session(engine) as session:
        customer = Customer(ref="visitor:queue-test", kind="visitor")
        session.add(customer)
        session.flush()
        chats = [Conversation(customer_id=customer.id or 0) for _ in range(3)]
        session.add_all(chats)
        session.flush()
        session.add_all(
            [
                QueueEntry(
                    conversation_id=chats[0].id or 0,
                    reason="complaint",
                    enqueued_at=now - timedelta(seconds=90),
                ),
                QueueEntry(
                    conversation_id=chats[1].id or 0,
                    reason="anger",
                    enqueued_at=now - timedelta(seconds=30),
                ),
                QueueEntry(
                    conversation_id=chats[2].id or 0,
                    reason="explicit_request",
                    enqueued_at=now - timedelta(seconds=42),
                    status="assigned",
                    assigned_at=now,  # after the server started: a new assignment
                ),
            ]
        )
        session.commit()


def test_the_queue_figures_come_from_the_queue_table(tmp_path: Path):
    seeded = seed_march(tmp_path)
    server = LiveServer(tmp_path).start()
    try:
        before = httpx.get(f"{server.http_url}/metrics").text
        assert metric(before, "cs_queue_length") == 0
        add_queue_entries(seeded.engine, datetime.now(UTC))
        body = httpx.get(f"{server.http_url}/metrics").text
        assert metric(body, 'cs_handoffs_total{reason="complaint"}') == 1
        assert metric(body, 'cs_handoffs_total{reason="explicit_request"}') == 1
        assert metric(body, "cs_queue_length") == 2
        assert 85 <= metric(body, "cs_queue_oldest_wait_seconds") < 3600
        assert metric(body, "cs_queue_wait_seconds_count") == 1
        assert metric(body, "cs_queue_wait_seconds_sum") == pytest.approx(42, abs=0.01)
        again = httpx.get(f"{server.http_url}/metrics").text
        assert metric(again, "cs_queue_wait_seconds_count") == 1  # each assignment once
        assert metric(again, 'cs_handoffs_total{reason="anger"}') == 1
    finally:
        server.stop()
        seeded.engine.dispose()


class FlakyOrders:
    async def get_order(self, order_no: str) -> None:
        if order_no == "down":
            raise OrderSystemUnavailable("timeout")
        raise OrderNotFound(order_no)


async def test_order_system_failures_are_counted_by_operation():
    metrics = Metrics()
    orders = MeteredOrderSystem(FlakyOrders(), metrics)
    with pytest.raises(OrderSystemUnavailable):
        await orders.get_order("down")
    with pytest.raises(OrderNotFound):  # a missing order is an answer, not a failure
        await orders.get_order("T-1")
    assert metrics.order_system_errors.labels("get_order")._value.get() == 1


class OrdersWithPlainParts:
    name = "demo"

    def describe(self) -> str:
        return "plain"

    async def list_orders(self, customer_ref: str) -> list[str]:
        raise OrderSystemUnavailable("down")


async def test_only_the_order_systems_calls_are_metered():
    metrics = Metrics()
    orders = MeteredOrderSystem(OrdersWithPlainParts(), metrics)
    assert orders.name == "demo" and orders.describe() == "plain"  # not turned into coroutines
    with pytest.raises(OrderSystemUnavailable):
        await orders.list_orders("member:1")
    assert (
        metrics.registry.get_sample_value(
            "cs_order_system_errors_total", {"operation": "list_orders"}
        )
        == 1
    )
