"""The handoff domain's states and kinds, stored as plain VARCHAR values."""

from enum import StrEnum


class AgentRole(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Presence(StrEnum):
    ONLINE = "online"  # takes new chats
    AWAY = "away"  # keeps the chats it has, takes no new ones
    OFFLINE = "offline"


class PriorityClass(StrEnum):
    DISPUTE = "dispute"
    AFTERSALE = "aftersale"
    PRESALE = "presale"


class QueueStatus(StrEnum):
    WAITING = "waiting"
    ASSIGNED = "assigned"
    CANCELLED = "cancelled"


class AssignmentEnd(StrEnum):
    RESOLVED = "resolved"
    TRANSFERRED = "transferred"  # another agent carries on
    HANDED_BACK = "handed_back"  # back to the bot
    REQUEUED = "requeued"  # back to the queue (the agent went away, or gave it up)


class LeftMessageStatus(StrEnum):
    OPEN = "open"
    HANDLED = "handled"


class EscalationReason(StrEnum):
    """The policy's own reasons and the intent rules' two; flows add theirs (large_order,
    lost_parcel ...), so a queue entry's reason is a plain string."""

    ASKED_FOR_HUMAN = "asked_for_human"  # from the intent rules
    COMPLAINT = "complaint"  # from the intent rules
    ANGER = "anger"
    REPEATED_FAILURE = "repeated_failure"
    REPEATED_QUESTION = "repeated_question"
