"""What shoppers asked that the bot could not answer, grouped and ranked.

A bot reply whose stored payload says ``fallback`` or ``clarify``, or a handoff for lack
of an answer (``tuning.yaml`` names the outcomes and reasons), marks the shopper message
just before it (``seq - 1``) as unanswered. Those messages are grouped by ``clustering``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, and_, or_
from sqlmodel import Session, col, select

from app.admin.clustering import Group, Message, Tokenise, cluster
from app.admin.models import utcnow
from app.admin.tuning import UnansweredTuning
from app.chat.enums import Sender
from app.chat.models import Message as ChatMessage


@dataclass(frozen=True, slots=True)
class Unanswered:
    text: str
    conversation_id: int
    seq: int
    outcome: str


def unanswered_messages(db: Engine, tuning: UnansweredTuning) -> list[Unanswered]:
    """The shopper messages the bot did not answer, newest first."""
    since = utcnow() - timedelta(days=tuning.days)
    outcome = ChatMessage.payload["outcome"].as_string()  # type: ignore[index]
    reason = ChatMessage.payload["handoff_reason"].as_string()  # type: ignore[index]
    with Session(db) as session:
        misses = session.exec(
            select(ChatMessage)
            .where(ChatMessage.sender == Sender.BOT, col(ChatMessage.created_at) >= since)
            .where(
                or_(
                    outcome.in_(sorted(tuning.outcomes)),
                    and_(outcome == "handoff", reason.in_(sorted(tuning.handoff_reasons))),
                )
            )
            .order_by(col(ChatMessage.id).desc())
            .limit(tuning.max_messages)
        ).all()
        asked = _shopper_messages(session, {m.conversation_id for m in misses})
    found = []
    for reply in misses:
        text = asked.get((reply.conversation_id, reply.seq - 1))
        if text:
            said = str((reply.payload or {}).get("outcome"))
            found.append(Unanswered(text, reply.conversation_id, reply.seq - 1, said))
    return found


def _shopper_messages(session: Session, conversations: Iterable[int]) -> dict[tuple[int, int], str]:
    ids = list(conversations)
    texts: dict[tuple[int, int], str] = {}
    for start in range(0, len(ids), 500):
        rows = session.exec(
            select(ChatMessage.conversation_id, ChatMessage.seq, ChatMessage.text).where(
                ChatMessage.sender == Sender.SHOPPER,
                col(ChatMessage.conversation_id).in_(ids[start : start + 500]),
            )
        ).all()
        texts.update({(conversation, seq): text for conversation, seq, text in rows})
    return texts


def unanswered_groups(
    db: Engine, tokenise: Tokenise, tuning: UnansweredTuning
) -> tuple[list[Group], int]:
    """The groups, largest first, and how many messages they were made from."""
    messages = unanswered_messages(db, tuning)
    refs = [Message(m.text, (m.conversation_id, m.seq)) for m in messages]
    return cluster(refs, tokenise, threshold=tuning.similarity), len(messages)
