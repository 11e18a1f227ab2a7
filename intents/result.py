"""What the engine decided about one message, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from app.bot import Button
from quick_replies.matcher import Candidate

MatchOutcome = Literal["answer", "clarify", "fallback", "handoff", "flow"]


@dataclass(frozen=True, slots=True)
class MatchResult:
    outcome: MatchOutcome
    intent: str | None
    script_id: str | None = None
    rule_name: str | None = None
    answer: str | None = None  # the script's answer, variables filled in
    buttons: tuple[Button, ...] = ()
    flow: str | None = None
    handoff_reason: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)  # from this message
    missing_slots: tuple[str, ...] = ()  # required by the rule, neither said nor remembered
    candidates: tuple[Candidate, ...] = ()
    # The message is nothing but slots said now (沃柑, XG2511200003 1234, 两箱): an answer to
    # a question the bot or a flow is waiting on, never a change of topic.
    only_slots: frozenset[str] = frozenset()  # the kinds of those slots
    explanation: dict[str, Any] = field(default_factory=dict)

    @property
    def top_score(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0
