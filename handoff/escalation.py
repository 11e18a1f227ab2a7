"""The escalation policy in the message path: a ``Bot`` around the bot.

``EscalatingBot(inner, policy)`` judges the shopper's mood before the inner bot answers
and the answer after it. When a trigger fires, the reply becomes a handoff
(``outcome="handoff"``, ``handoff_reason`` set, the policy's message as its text, the
reason's priority class and what triggered it in ``explanation["handoff"]``); the chat
gateway then hands the conversation to the desk. While the shopper already waits for or
talks to a person (``memory["handoff"]``, kept by the desk), the bot answers simple
questions but does not escalate again.
"""

from __future__ import annotations

from typing import Any

from app.bot import Bot, Reply, Turn
from handoff.policy import Escalation, EscalationPolicy

SIGNALS_KEY = "escalation"  # the policy's counters in the conversation's memory
HANDOFF_KEY = "handoff"  # "queued" or "agent" while a person is involved (set by the desk)


class EscalatingBot:
    def __init__(self, inner: Bot, policy: EscalationPolicy) -> None:
        self.inner = inner
        self.policy = policy

    async def answer(self, turn: Turn, text: str) -> Reply:
        signals: dict[str, Any] = turn.memory.setdefault(SIGNALS_KEY, {})
        waiting = turn.memory.get(HANDOFF_KEY) is not None
        angry = self.policy.before_bot(text, signals)
        if angry is not None and not waiting:
            return handoff_reply(angry, Reply(text="", outcome="fallback"))
        reply = await self.inner.answer(turn, text)
        escalation = self.policy.after_bot(reply, text, signals)
        if escalation is None:
            return reply
        if waiting:
            if reply.outcome != "handoff":
                return reply
            escalation = Escalation(
                escalation.reason,
                escalation.priority_class,
                self.policy.texts.already_waiting,
                escalation.detail,
            )
        return handoff_reply(escalation, reply)


def handoff_reply(escalation: Escalation, answered: Reply) -> Reply:
    """The bot's reply turned into a handoff; its buttons, cards and explanation stay."""
    explanation = dict(answered.explanation)
    explanation["handoff"] = {
        "reason": escalation.reason,
        "priority_class": str(escalation.priority_class),
        "detail": escalation.detail,
    }
    return Reply(
        text=escalation.message,
        outcome="handoff",
        buttons=answered.buttons,
        cards=answered.cards,
        intent=answered.intent,
        handoff_reason=escalation.reason,
        explanation=explanation,
    )
