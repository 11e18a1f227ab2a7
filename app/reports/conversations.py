"""Facts about one conversation that several KPIs share (definitions: docs/kpis.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from app.reports.config import ReportSettings
from app.reports.periods import as_utc
from app.reports.records import ConversationRow, MessageRow, RatingRow

HANDOFF = "handoff"
UNKNOWN_REASON = "unknown"


def ordered(conversation: ConversationRow) -> list[MessageRow]:
    return sorted(conversation.messages, key=lambda m: m.seq)


def has_shopper_message(conversation: ConversationRow) -> bool:
    return any(m.sender == "shopper" for m in conversation.messages)


def handoff_reason(conversation: ConversationRow) -> str | None:
    """The reason of the conversation's first handoff; None when it never had one."""
    if conversation.handoffs:
        first = min(conversation.handoffs, key=lambda h: as_utc(h.enqueued_at))
        return first.reason or UNKNOWN_REASON
    for message in ordered(conversation):
        if message.sender == "bot" and message.outcome == HANDOFF:
            return message.handoff_reason or UNKNOWN_REASON
    return None


def last_bot_outcome(conversation: ConversationRow) -> str | None:
    bot = [m for m in ordered(conversation) if m.sender == "bot"]
    return bot[-1].outcome if bot else None


def final_rating(conversation: ConversationRow, agent_id: int | None = None) -> RatingRow | None:
    """The shopper's last rating (of ``agent_id`` only, when given)."""
    ratings = [r for r in conversation.ratings if agent_id is None or r.agent_id == agent_id]
    return max(ratings, key=lambda r: as_utc(r.created_at)) if ratings else None


def bot_resolved(conversation: ConversationRow, settings: ReportSettings) -> bool:
    """No handoff, a last bot reply that is not a miss, and no low rating."""
    if handoff_reason(conversation) is not None:
        return False
    outcome = last_bot_outcome(conversation)
    if outcome is None or outcome in settings.unresolved_end_outcomes:
        return False
    return all(r.score > settings.low_rating_max for r in conversation.ratings)


def bot_waits(conversation: ConversationRow) -> Iterator[float]:
    """Seconds from the oldest unanswered shopper message to the bot reply that answers it."""
    waiting_since: datetime | None = None
    for message in ordered(conversation):
        if message.sender == "shopper":
            waiting_since = waiting_since or message.created_at
        elif message.sender == "bot" and waiting_since is not None:
            yield max((as_utc(message.created_at) - as_utc(waiting_since)).total_seconds(), 0.0)
            waiting_since = None
        elif message.sender == "agent":
            waiting_since = None  # agents' reply times come from their own timing rows


def unanswered_texts(conversation: ConversationRow, outcomes: tuple[str, ...]) -> Iterator[str]:
    """Shopper messages whose answer was a miss (by default: a fallback)."""
    pending: list[str] = []
    for message in ordered(conversation):
        if message.sender == "shopper":
            pending.append(message.text)
            continue
        if message.sender == "bot" and message.outcome in outcomes:
            yield from pending
        pending = []


def intents(conversation: ConversationRow) -> Iterator[str]:
    for message in conversation.messages:
        if message.sender == "bot" and message.intent:
            yield message.intent


def is_dispute_handoff(conversation: ConversationRow, settings: ReportSettings) -> bool:
    return any(h.priority_class == settings.dispute_priority_class for h in conversation.handoffs)


def dispute_handoff_closed(conversation: ConversationRow) -> bool:
    """An agent ended it as resolved, or the conversation was closed."""
    resolved = any(a.end == "resolved" for a in conversation.assignments)
    return resolved or conversation.closed_at is not None


def handled_by(conversation: ConversationRow, agent_id: int) -> bool:
    return any(a.agent_id == agent_id for a in conversation.assignments)


def resolved_by_agent(conversation: ConversationRow, agent_id: int | None = None) -> bool:
    """An agent (``agent_id``, when given) resolved it: the shopper was asked for a rating."""
    return any(
        a.end == "resolved" and (agent_id is None or a.agent_id == agent_id)
        for a in conversation.assignments
    )
