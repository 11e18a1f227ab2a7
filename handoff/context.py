"""What an agent sees of a conversation: the transcript with the bot's explanations, the
customer, internal notes, and — when the order system and the ledger are there — the
customer's orders and open cases. Both are optional: a missing or failing one leaves
its list empty and the chat still opens.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine, func, select
from sqlmodel import Session, col
from sqlmodel import select as sqlmodel_select

from app.chat.models import Conversation, Customer, Message
from app.chat.store import message_frame
from handoff.models import AgentNote, as_utc

log = logging.getLogger(__name__)

MESSAGES = Message.__table__  # type: ignore[attr-defined]
CONVERSATIONS = Conversation.__table__  # type: ignore[attr-defined]
CUSTOMERS = Customer.__table__  # type: ignore[attr-defined]
TRANSCRIPT_LIMIT = 200


class OrderLookup(Protocol):
    async def list_orders(self, customer_ref: str, limit: int = 10) -> list[Any]: ...


class CaseLookup(Protocol):
    async def list_entries(self, where: Any = None) -> list[Any]: ...


@dataclass(frozen=True, slots=True)
class ConversationFacts:
    conversation_id: int
    state: str
    customer_ref: str
    customer_name: str
    signed_in: bool

    def customer(self) -> dict[str, Any]:
        return {"name": self.customer_name, "signed_in": self.signed_in}


def conversation_facts(engine: Engine, conversation_id: int) -> ConversationFacts | None:
    query = (
        select(CONVERSATIONS.c.state, CUSTOMERS.c.ref, CUSTOMERS.c.name, CUSTOMERS.c.kind)
        .join(CUSTOMERS, CUSTOMERS.c.id == CONVERSATIONS.c.customer_id)
        .where(CONVERSATIONS.c.id == conversation_id)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    state, ref, name, kind = row
    return ConversationFacts(conversation_id, str(state), ref, name or "", kind == "member")


def transcript(engine: Engine, conversation_id: int) -> list[dict[str, Any]]:
    """The latest messages, oldest first; bot messages with ``intent`` and ``explanation``."""
    query = (
        select(MESSAGES)
        .where(MESSAGES.c.conversation_id == conversation_id)
        .order_by(MESSAGES.c.seq.desc())
        .limit(TRANSCRIPT_LIMIT)
    )
    with engine.connect() as connection:
        rows = sorted(connection.execute(query).all(), key=lambda row: row.seq)
    return [staff_frame(conversation_id, row) for row in rows]


def staff_frame(conversation_id: int, row: Any) -> dict[str, Any]:
    frame = message_frame(row.seq, row.sender, row.text, row.created_at, row.payload, row.client_id)
    return with_staff_fields(conversation_id, frame, row.payload or {})


def with_staff_fields(
    conversation_id: int, frame: dict[str, Any], payload: dict[str, Any]
) -> dict[str, Any]:
    """A shopper-protocol message frame as agents get it: with the conversation and the
    fields shoppers never see."""
    staff = {**frame, "conversation_id": conversation_id}
    for hidden in ("intent", "explanation", "outcome", "handoff_reason", "agent"):
        if payload.get(hidden):
            staff[hidden] = payload[hidden]
    return staff


def previews(engine: Engine, conversation_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Customer and the last shopper message of each conversation, for the queue list."""
    if not conversation_ids:
        return {}
    last = (
        select(MESSAGES.c.conversation_id, func.max(MESSAGES.c.seq).label("seq"))
        .where(MESSAGES.c.conversation_id.in_(conversation_ids))
        .where(MESSAGES.c.sender == "shopper")
        .group_by(MESSAGES.c.conversation_id)
        .subquery()
    )
    texts = select(MESSAGES.c.conversation_id, MESSAGES.c.text).join(
        last,
        (MESSAGES.c.conversation_id == last.c.conversation_id) & (MESSAGES.c.seq == last.c.seq),
    )
    people = (
        select(CONVERSATIONS.c.id, CUSTOMERS.c.name, CUSTOMERS.c.kind)
        .join(CUSTOMERS, CUSTOMERS.c.id == CONVERSATIONS.c.customer_id)
        .where(CONVERSATIONS.c.id.in_(conversation_ids))
    )
    with engine.connect() as connection:
        text_by_id = {row[0]: row[1] for row in connection.execute(texts)}
        result = {
            row[0]: {
                "customer": {"name": row[1] or "", "signed_in": row[2] == "member"},
                "preview": text_by_id.get(row[0], "")[:80],
            }
            for row in connection.execute(people)
        }
    return result


def notes(engine: Engine, conversation_id: int, names: dict[int, str]) -> list[dict[str, Any]]:
    with Session(engine) as session:
        rows = session.exec(
            sqlmodel_select(AgentNote)
            .where(AgentNote.conversation_id == conversation_id)
            .order_by(col(AgentNote.id))
        ).all()
    return [note_frame(row, names) for row in rows]


def note_frame(note: AgentNote, names: dict[int, str]) -> dict[str, Any]:
    return {
        "type": "note",
        "conversation_id": note.conversation_id,
        "id": note.id,
        "agent": names.get(note.agent_id, str(note.agent_id)),
        "text": note.text,
        "at": as_utc(note.created_at).isoformat(timespec="seconds"),
    }


async def order_cards(orders: OrderLookup | None, facts: ConversationFacts) -> list[dict]:
    if orders is None or not facts.signed_in:
        return []
    try:
        found = await orders.list_orders(facts.customer_ref, 5)
    except Exception as error:  # the order system is someone else's: never fail the chat
        log.info("orders unavailable for the console: %s", error.__class__.__name__)
        return []
    return [_order_card(order) for order in found]


def _order_card(order: Any) -> dict[str, Any]:
    status = getattr(order, "status", "")
    return {
        "kind": "order",
        "order_no": str(getattr(order, "order_no", "")),
        "title": str(getattr(order, "title", "")),
        "status": str(getattr(status, "value", status)),
        "total_fen": int(getattr(order, "total_fen", 0) or 0),
        "tracking_no": getattr(order, "tracking_no", None),
    }


async def open_cases(cases: CaseLookup | None, facts: ConversationFacts) -> list[dict]:
    if cases is None:
        return []
    try:
        from app.ledger.service import LedgerFilter

        entries = await cases.list_entries(
            LedgerFilter(customer_ref=facts.customer_ref, open_only=True, limit=20)
        )
    except Exception as error:  # the ledger is someone else's: never fail the chat
        log.info("cases unavailable for the console: %s", error.__class__.__name__)
        return []
    return [
        {
            "id": entry.id,
            "type": entry.type,
            "order_no": entry.order_no,
            "status": entry.status,
            "reason": entry.reason,
        }
        for entry in entries
    ]
