"""What the KPI computations read: plain rows, loaded by ``service`` from the database.

Times are aware UTC datetimes. The computations in ``kpis`` never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class MessageRow:
    seq: int
    sender: str  # shopper / bot / agent / system
    text: str
    created_at: datetime
    outcome: str | None = None  # bot replies: answer, clarify, fallback, handoff, ask_slot, flow
    intent: str | None = None
    handoff_reason: str | None = None


@dataclass(frozen=True, slots=True)
class HandoffRow:
    reason: str
    priority_class: str
    enqueued_at: datetime


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    agent_id: int
    started_at: datetime
    ended_at: datetime | None
    end: str | None


@dataclass(frozen=True, slots=True)
class RatingRow:
    score: int
    agent_id: int | None
    created_at: datetime


@dataclass(slots=True)
class ConversationRow:
    id: int
    customer_ref: str
    created_at: datetime
    closed_at: datetime | None = None
    messages: list[MessageRow] = field(default_factory=list)
    handoffs: list[HandoffRow] = field(default_factory=list)
    assignments: list[AssignmentRow] = field(default_factory=list)
    ratings: list[RatingRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReplyRow:
    """One timed agent reply (``handoff.models.AgentReply``)."""

    agent_id: int
    conversation_id: int
    replied_at: datetime
    response_seconds: float
    first: bool
    late: bool


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One after-sale ledger row (``app.ledger.models.LedgerEntry``)."""

    id: int
    type: str
    status: str
    created_at: datetime
    closed_at: datetime | None
    conversation_id: int | None = None


@dataclass(frozen=True, slots=True)
class AgentRow:
    id: int
    username: str
    display_name: str


@dataclass(slots=True)
class ReportData:
    """Conversations started in the range, agent replies and ledger cases made in it."""

    conversations: list[ConversationRow] = field(default_factory=list)
    replies: list[ReplyRow] = field(default_factory=list)
    cases: list[CaseRow] = field(default_factory=list)
    agents: list[AgentRow] = field(default_factory=list)
    # customer ref -> times of their orders; None: the order system could not say.
    orders: dict[str, list[datetime]] | None = None
