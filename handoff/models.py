"""Tables of the handoff domain: agents and their sessions, the queue, assignments and
their reply timings, internal notes, ratings and left messages (留言).

States are plain VARCHAR (see ``enums``) so Alembic can take over without surprises.
Timestamps are UTC; SQLite hands them back naive, ``as_utc`` makes them aware again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, String, text
from sqlmodel import Field, SQLModel

import app.chat.models  # noqa: F401  (the conversation and customer tables we refer to)
from handoff.enums import (
    AgentRole,
    AssignmentEnd,
    LeftMessageStatus,
    Presence,
    PriorityClass,
    QueueStatus,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """The same instant, timezone-aware (naive values read back from SQLite are UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Agent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=40)
    display_name: str = Field(max_length=40)
    role: AgentRole = Field(default=AgentRole.AGENT, sa_type=String(16))
    password_hash: str = Field(max_length=255)
    max_chats: int = Field(default=3)
    presence: Presence = Field(default=Presence.OFFLINE, sa_type=String(16))
    presence_changed_at: datetime = Field(default_factory=utcnow)
    disabled: bool = Field(default=False)  # a disabled agent cannot log in
    created_at: datetime = Field(default_factory=utcnow)


class AgentSession(SQLModel, table=True):
    """A login. Only the SHA-256 of the opaque token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    agent_id: int = Field(foreign_key="agent.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class QueueEntry(SQLModel, table=True):
    __table_args__ = (
        # At most one waiting entry per conversation: enqueue is idempotent even when
        # two workers race.
        Index(
            "uq_queue_waiting_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=text("status = 'waiting'"),
            postgresql_where=text("status = 'waiting'"),
        ),
        Index("ix_queue_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id")
    reason: str = Field(max_length=32)  # an EscalationReason, or the lead's own
    # What triggered it (matched phrase, scores, the flow's handoff_reason): agents only.
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    priority_class: PriorityClass = Field(default=PriorityClass.PRESALE, sa_type=String(16))
    enqueued_at: datetime = Field(default_factory=utcnow)
    status: QueueStatus = Field(default=QueueStatus.WAITING, sa_type=String(16))
    agent_id: int | None = Field(default=None, foreign_key="agent.id")
    assigned_at: datetime | None = None
    cancelled_at: datetime | None = None


class Assignment(SQLModel, table=True):
    """One agent owning one conversation for a while."""

    __table_args__ = (
        # A conversation has at most one open assignment.
        Index(
            "uq_assignment_open_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index("ix_assignment_agent_ended", "agent_id", "ended_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id")
    agent_id: int = Field(foreign_key="agent.id")
    started_at: datetime = Field(default_factory=utcnow)
    first_response_at: datetime | None = None
    ended_at: datetime | None = None
    end: AssignmentEnd | None = Field(default=None, sa_type=String(16))
    category: str | None = Field(default=None, max_length=40)  # the agent's wrap-up tag


class AgentReply(SQLModel, table=True):
    """How long the shopper waited for one agent reply (the KPI rows)."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    conversation_id: int = Field(foreign_key="conversation.id")
    agent_id: int = Field(foreign_key="agent.id", index=True)
    asked_at: datetime  # the assignment's start for the first reply, else the shopper's message
    replied_at: datetime
    response_seconds: float
    first: bool = False
    late: bool = False


class AgentNote(SQLModel, table=True):
    """An internal note on a conversation: for agents only, never shown to shoppers."""

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True)
    agent_id: int = Field(foreign_key="agent.id")
    text: str
    created_at: datetime = Field(default_factory=utcnow)


class Rating(SQLModel, table=True):
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="ck_rating_score"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True)
    agent_id: int | None = Field(default=None, foreign_key="agent.id")  # None: the bot
    score: int
    comment: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class LeftMessage(SQLModel, table=True):
    """留言: what a shopper leaves when no agent is available (closed, or nobody online)."""

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id")
    customer_id: int = Field(foreign_key="customer.id", index=True)
    contact: str = Field(default="", max_length=80)
    text: str
    created_at: datetime = Field(default_factory=utcnow)
    status: LeftMessageStatus = Field(default=LeftMessageStatus.OPEN, sa_type=String(16))
    handled_by: int | None = Field(default=None, foreign_key="agent.id")
    handled_at: datetime | None = None
