"""Human handoff: the escalation policy, the queue of waiting shoppers, agents and their
accounts, assignments, business hours, and the agents' HTTP API (``handoff.views``).

Blocking calls take an ``Engine`` and run one short transaction each; async code wraps
them in ``asyncio.to_thread``. See docs/handoff.md.
"""

from handoff.agents import (
    create_agent,
    least_loaded_online_agent,
    login,
    logout,
    require_role,
    seed_demo_agents,
    set_presence,
    verify_token,
)
from handoff.assignments import (
    ServiceLevels,
    assign,
    assign_next,
    end_assignment,
    open_assignment,
    record_agent_reply,
    transfer,
)
from handoff.enums import (
    AgentRole,
    AssignmentEnd,
    EscalationReason,
    Presence,
    PriorityClass,
    QueueStatus,
)
from handoff.errors import HandoffError
from handoff.escalation import EscalatingBot
from handoff.hours import BusinessHours, is_open, next_opening, parse_hours
from handoff.load import Capacity, online_capacity
from handoff.models import Agent, Assignment
from handoff.policy import Escalation, EscalationPolicy
from handoff.queue import AgentQueue, DatabaseQueue, QueuePosition, QueueTuning, Ticket

__all__ = [
    "Agent",
    "AgentQueue",
    "AgentRole",
    "Assignment",
    "AssignmentEnd",
    "BusinessHours",
    "Capacity",
    "DatabaseQueue",
    "EscalatingBot",
    "Escalation",
    "EscalationPolicy",
    "EscalationReason",
    "HandoffError",
    "Presence",
    "PriorityClass",
    "QueuePosition",
    "QueueStatus",
    "QueueTuning",
    "ServiceLevels",
    "Ticket",
    "assign",
    "assign_next",
    "create_agent",
    "end_assignment",
    "is_open",
    "least_loaded_online_agent",
    "login",
    "logout",
    "next_opening",
    "online_capacity",
    "open_assignment",
    "parse_hours",
    "record_agent_reply",
    "require_role",
    "seed_demo_agents",
    "set_presence",
    "transfer",
    "verify_token",
]
