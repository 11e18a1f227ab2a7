"""One conversation as a supervisor reads it from the ledger: messages, handoffs, ratings."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.chat.models import Conversation, Customer, Message
from app.ledger.models import LedgerEntry
from app.reports.errors import NotFound
from app.reports.periods import as_utc
from handoff.models import Agent, QueueEntry, Rating


def load(engine: Engine, conversation_id: int, tz: ZoneInfo) -> dict[str, Any]:
    def local(moment: datetime | None) -> str | None:
        return as_utc(moment).astimezone(tz).isoformat(timespec="seconds") if moment else None

    with Session(engine) as session:
        found = session.exec(
            select(Conversation, Customer)
            .join(Customer, col(Customer.id) == col(Conversation.customer_id))
            .where(Conversation.id == conversation_id)
        ).first()
        if found is None:
            raise NotFound(f"conversation {conversation_id} does not exist")
        chat, customer = found
        messages = session.exec(
            select(Message)
            .where(Message.conversation_id == conversation_id)
            .order_by(col(Message.seq))
        ).all()
        handoffs = session.exec(
            select(QueueEntry).where(QueueEntry.conversation_id == conversation_id)
        ).all()
        ratings = session.exec(
            select(Rating).where(Rating.conversation_id == conversation_id)
        ).all()
        cases = session.exec(
            select(LedgerEntry).where(LedgerEntry.conversation_id == conversation_id)
        ).all()
        names = {a.id: a.display_name for a in session.exec(select(Agent)).all()}
    return {
        "id": chat.id,
        "customer": {"ref": customer.ref, "name": customer.name, "kind": customer.kind},
        "state": chat.state,
        "created_at": local(chat.created_at),
        "closed_at": local(chat.closed_at),
        "messages": [
            {
                "seq": m.seq,
                "sender": m.sender,
                "text": m.text,
                "at": local(m.created_at),
                "outcome": (m.payload or {}).get("outcome"),
                "intent": (m.payload or {}).get("intent"),
            }
            for m in messages
        ],
        "handoffs": [
            {"reason": q.reason, "priority_class": q.priority_class, "at": local(q.enqueued_at)}
            for q in handoffs
        ],
        "ratings": [
            {"score": r.score, "comment": r.comment, "agent": names.get(r.agent_id)}
            for r in ratings
        ],
        "ledger": [{"id": c.id, "type": c.type, "status": c.status} for c in cases],
    }
