"""Load what a report needs from the database (and the order system), then compute it.

Blocking functions over an engine; the async entry points run them in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

import app.ledger.models  # noqa: F401  (registers the ledger table for create_schema)
from app.chat.models import Conversation, Customer, Message
from app.ledger.models import LedgerEntry
from app.orders.errors import OrderSystemError
from app.orders.system import OrderSystem
from app.reports import kpis
from app.reports.config import ReportSettings
from app.reports.grouping import Grouper, simple_grouper
from app.reports.periods import DateRange, as_utc
from app.reports.records import (
    AgentRow,
    AssignmentRow,
    CaseRow,
    ConversationRow,
    HandoffRow,
    MessageRow,
    RatingRow,
    ReplyRow,
    ReportData,
)
from handoff.models import Agent, AgentReply, Assignment, QueueEntry, Rating

log = logging.getLogger("app.reports")
ORDERS_PER_CUSTOMER = 50


def load_report_data(engine: Engine, rng: DateRange) -> ReportData:
    start, end = rng.start, rng.end
    started = (
        select(Conversation.id)
        .where(col(Conversation.created_at) >= start)
        .where(col(Conversation.created_at) < end)
    )
    with Session(engine) as session:
        chats = _conversations(session, start, end)
        _attach_messages(session, chats, started)
        _attach_handoffs(session, chats, started)
        replies = session.exec(
            select(AgentReply)
            .where(col(AgentReply.replied_at) >= start)
            .where(col(AgentReply.replied_at) < end)
        ).all()
        cases = session.exec(
            select(LedgerEntry)
            .where(col(LedgerEntry.created_at) >= start)
            .where(col(LedgerEntry.created_at) < end)
        ).all()
        agents = session.exec(select(Agent).order_by(col(Agent.id))).all()
    return ReportData(
        conversations=list(chats.values()),
        replies=[_reply(r) for r in replies],
        cases=[_case(c) for c in cases],
        agents=[AgentRow(a.id or 0, a.username, a.display_name) for a in agents],
    )


def _conversations(session: Session, start: datetime, end: datetime) -> dict[int, ConversationRow]:
    rows = session.exec(
        select(Conversation, Customer.ref)
        .join(Customer, col(Customer.id) == col(Conversation.customer_id))
        .where(col(Conversation.created_at) >= start)
        .where(col(Conversation.created_at) < end)
    ).all()
    return {
        c.id or 0: ConversationRow(
            id=c.id or 0,
            customer_ref=ref,
            created_at=as_utc(c.created_at),
            closed_at=as_utc(c.closed_at) if c.closed_at else None,
        )
        for c, ref in rows
    }


def _attach_messages(session: Session, chats: dict[int, ConversationRow], started: Any) -> None:
    for m in session.exec(select(Message).where(col(Message.conversation_id).in_(started))):
        payload = m.payload if isinstance(m.payload, dict) else {}
        chats[m.conversation_id].messages.append(
            MessageRow(
                seq=m.seq,
                sender=str(m.sender),
                text=m.text,
                created_at=as_utc(m.created_at),
                outcome=_text(payload.get("outcome")),
                intent=_text(payload.get("intent")),
                handoff_reason=_text(payload.get("handoff_reason")),
            )
        )


def _attach_handoffs(session: Session, chats: dict[int, ConversationRow], started: Any) -> None:
    for q in session.exec(select(QueueEntry).where(col(QueueEntry.conversation_id).in_(started))):
        chats[q.conversation_id].handoffs.append(
            HandoffRow(q.reason, str(q.priority_class), as_utc(q.enqueued_at))
        )
    for a in session.exec(select(Assignment).where(col(Assignment.conversation_id).in_(started))):
        ended = as_utc(a.ended_at) if a.ended_at else None
        chats[a.conversation_id].assignments.append(
            AssignmentRow(a.agent_id, as_utc(a.started_at), ended, a.end and str(a.end))
        )
    for r in session.exec(select(Rating).where(col(Rating.conversation_id).in_(started))):
        chats[r.conversation_id].ratings.append(
            RatingRow(r.score, r.agent_id, as_utc(r.created_at))
        )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _reply(r: AgentReply) -> ReplyRow:
    return ReplyRow(
        r.agent_id, r.conversation_id, as_utc(r.replied_at), r.response_seconds, r.first, r.late
    )


def _case(c: LedgerEntry) -> CaseRow:
    closed = as_utc(c.closed_at) if c.closed_at else None
    return CaseRow(c.id or 0, c.type, c.status, as_utc(c.created_at), closed, c.conversation_id)


async def order_times(
    orders: OrderSystem | None, refs: Sequence[str]
) -> dict[str, list[datetime]] | None:
    """When each customer ordered, from the order system; None when it cannot say."""
    if orders is None:
        return None
    found: dict[str, list[datetime]] = {}
    try:
        for ref in dict.fromkeys(refs):
            placed = await orders.list_orders(ref, ORDERS_PER_CUSTOMER)
            found[ref] = [as_utc(order.created_at) for order in placed]
    except OrderSystemError as error:
        log.warning("order system unavailable for reports", extra={"fields": {"error": str(error)}})
        return None
    return found


async def build_report(
    engine: Engine,
    orders: OrderSystem | None,
    rng: DateRange,
    settings: ReportSettings,
    agent_id: int | None = None,
    group: Grouper = simple_grouper,
) -> kpis.Report:
    data = await asyncio.to_thread(load_report_data, engine, rng)
    presale_refs = [
        c.customer_ref
        for c in kpis.counted_conversations(data, rng, agent_id)
        if c.customer_ref.startswith("member:")
        and any(settings.is_presale(m.intent) for m in c.messages)
    ]
    data.orders = await order_times(orders, presale_refs)
    return await asyncio.to_thread(kpis.compute, data, rng, settings, agent_id, group)
