"""Internal notes, shopper ratings (and the one still owed), left messages (留言), the bot's
"nobody can take it" reply still open, and the reply-time KPIs.

Plain blocking functions over an engine (see docs/handoff.md, "Calling convention").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from app.chat.enums import Sender
from app.chat.models import Conversation, Message
from app.chat.protocol import MAX_LEFT_MESSAGE
from handoff.enums import AssignmentEnd, LeftMessageStatus
from handoff.errors import InvalidInput, NotFound
from handoff.models import AgentNote, AgentReply, Assignment, LeftMessage, Rating, as_utc, utcnow

MAX_NOTE_CHARS = 2000
Row = TypeVar("Row", AgentNote, Rating, LeftMessage)
MAX_LEFT_MESSAGE_CHARS = MAX_LEFT_MESSAGE


def add_note(engine: Engine, conversation_id: int, agent_id: int, text: str) -> AgentNote:
    """An internal note on a conversation: agents see it, shoppers never do."""
    text = text.strip()
    if not 1 <= len(text) <= MAX_NOTE_CHARS:
        raise InvalidInput(f"text: 1-{MAX_NOTE_CHARS} characters")
    note = AgentNote(conversation_id=conversation_id, agent_id=agent_id, text=text)
    return _save(engine, note)


def notes_for(engine: Engine, conversation_id: int) -> list[AgentNote]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(AgentNote)
                .where(AgentNote.conversation_id == conversation_id)
                .order_by(col(AgentNote.created_at))
            ).all()
        )


def rate(
    engine: Engine,
    conversation_id: int,
    score: int,
    *,
    agent_id: int | None = None,
    comment: str = "",
) -> Rating:
    """The shopper's 1-5 rating of the agent (``agent_id``) or of the bot (None)."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise InvalidInput("score: a whole number from 1 to 5")
    rating = Rating(
        conversation_id=conversation_id, agent_id=agent_id, score=score, comment=comment.strip()
    )
    return _save(engine, rating)


def leave_message(
    engine: Engine,
    customer_id: int,
    text: str,
    *,
    contact: str = "",
    conversation_id: int | None = None,
) -> LeftMessage:
    text = text.strip()
    if not 1 <= len(text) <= MAX_LEFT_MESSAGE_CHARS:
        raise InvalidInput(f"text: 1-{MAX_LEFT_MESSAGE_CHARS} characters")
    message = LeftMessage(
        customer_id=customer_id,
        conversation_id=conversation_id,
        contact=contact.strip()[:80],
        text=text,
    )
    return _save(engine, message)


def open_left_messages(engine: Engine) -> list[LeftMessage]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(LeftMessage)
                .where(LeftMessage.status == LeftMessageStatus.OPEN)
                .order_by(col(LeftMessage.created_at))
            ).all()
        )


def mark_handled(engine: Engine, left_message_id: int, agent_id: int) -> None:
    with Session(engine) as session:
        changed = (
            session.connection()
            .execute(
                update(LeftMessage)
                .where(col(LeftMessage.id) == left_message_id)
                .values(
                    status=LeftMessageStatus.HANDLED.value, handled_by=agent_id, handled_at=utcnow()
                )
            )
            .rowcount
        )
        session.commit()
    if not changed:
        raise NotFound(f"left message {left_message_id} does not exist")


def response_stats(
    engine: Engine, *, agent_id: int | None = None, since: datetime | None = None
) -> dict[str, Any]:
    """Reply-time KPIs: how many replies, how many late, mean first and later reply times."""
    query = select(AgentReply)
    if agent_id is not None:
        query = query.where(AgentReply.agent_id == agent_id)
    if since is not None:
        query = query.where(col(AgentReply.replied_at) >= since)
    with Session(engine) as session:
        replies = session.exec(query).all()
    firsts = [r.response_seconds for r in replies if r.first]
    laters = [r.response_seconds for r in replies if not r.first]
    late = sum(r.late for r in replies)
    return {
        "replies": len(replies),
        "late": late,
        "late_ratio": round(late / len(replies), 3) if replies else 0.0,
        "mean_first_response_seconds": _mean(firsts),
        "mean_reply_seconds": _mean(laters),
    }


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _save(engine: Engine, row: Row) -> Row:
    with Session(engine, expire_on_commit=False) as session:
        session.add(row)
        session.commit()
    return row


def rating_due(engine: Engine, conversation_id: int) -> Assignment | None:
    """The resolved assignment a shopper may still rate: the conversation's last one, if
    it was resolved and no rating came after it."""
    with Session(engine) as session:
        last = session.exec(
            select(Assignment)
            .where(Assignment.conversation_id == conversation_id)
            .order_by(col(Assignment.id).desc())
        ).first()
        if last is None or last.end != AssignmentEnd.RESOLVED or last.ended_at is None:
            return None
        rated = session.exec(
            select(Rating)
            .where(Rating.conversation_id == conversation_id)
            .where(col(Rating.created_at) >= last.ended_at)
        ).first()
    return None if rated is not None else last


def open_offline_reply(engine: Engine, conversation_id: int) -> str | None:
    """The text of the conversation's last bot, agent or system message, when it is the
    bot's reply that no agent could take the chat."""
    with Session(engine) as session:
        last = session.exec(
            select(Message)
            .where(Message.conversation_id == conversation_id)
            .where(Message.sender != Sender.SHOPPER)
            .order_by(col(Message.seq).desc())
        ).first()
    if last is None or last.sender != Sender.BOT:
        return None
    handoff = (last.payload.get("explanation") or {}).get("handoff") or {}
    return last.text if handoff.get("offline") else None


def rating_owed(
    engine: Engine, conversation_id: int, customer_id: int
) -> tuple[int, Assignment] | None:
    """The resolved chat the shopper may still rate, as (conversation id, assignment): this
    conversation's, or the one just before it (a reconnect after ``resolve`` opens a new
    conversation, since the rated one is closed)."""
    due = rating_due(engine, conversation_id)
    if due is not None:
        return conversation_id, due
    with Session(engine) as session:
        previous = session.exec(
            select(Conversation.id)
            .where(Conversation.customer_id == customer_id)
            .where(col(Conversation.id) < conversation_id)
            .order_by(col(Conversation.id).desc())
        ).first()
    if previous is None:
        return None
    due = rating_due(engine, previous)
    return None if due is None else (previous, due)


def left_message_dict(left: LeftMessage) -> dict[str, Any]:
    return {
        "id": left.id,
        "conversation_id": left.conversation_id,
        "contact": left.contact,
        "text": left.text,
        "at": as_utc(left.created_at).isoformat(timespec="seconds"),
    }
