"""The decision: which rule or script answers, or whether to clarify or fall back.

Order: a fired rule whose required slots are filled (said now or remembered) wins; then a
confident fuzzy match (>= answer threshold); then a fired rule still missing slots (the bot
asks for them); then clarify (>= clarify threshold); else fallback. Among fired rules the
higher priority wins, and on equal priority the one whose examples scored better.
"""

from __future__ import annotations

from typing import Any

from intents.labels import FALLBACK_LABEL
from intents.result import MatchOutcome, MatchResult
from intents.rules import Rule
from quick_replies.library import Library, Script
from quick_replies.matcher import Candidate
from quick_replies.settings import MatchSettings


class Decider:
    def __init__(self, library: Library, rules: tuple[Rule, ...], settings: MatchSettings):
        self._scripts = library.by_id()
        self._rules = {rule.name: rule for rule in rules}
        self._settings = settings

    def rule_decides(
        self, fired: list[Rule], slots: dict[str, Any], remembered: dict[str, Any]
    ) -> bool:
        """Whether a fired rule with its slots filled wins whatever the fuzzy scores are:
        one such rule has the highest priority among them (scores only break ties)."""
        known = {**remembered, **slots}
        priorities = [rule.priority for rule in fired if not _missing(rule, known)]
        return bool(priorities) and priorities.count(max(priorities)) == 1

    def decide(
        self,
        fired: list[Rule],
        candidates: list[Candidate],
        slots: dict[str, Any],
        remembered: dict[str, Any],
    ) -> MatchResult:
        known = {**remembered, **slots}
        scores = {c.target.id: c.score for c in candidates if c.target.kind == "rule"}
        fired = sorted(fired, key=lambda rule: (-rule.priority, -scores.get(rule.name, 0.0)))
        ready = [rule for rule in fired if not _missing(rule, known)]
        top = candidates[0] if candidates else None
        trace = [
            {"rule": rule.name, "priority": rule.priority, "missing": list(_missing(rule, known))}
            for rule in fired
        ]
        if ready:
            return self._by_rule(
                ready[0], "rule fired, slots filled", slots, known, candidates, trace
            )
        if top is not None and top.score >= self._settings.answer_threshold:
            return self._by_candidate(top, slots, known, candidates, trace)
        if fired:
            return self._by_rule(
                fired[0], "rule fired, slots missing", slots, known, candidates, trace
            )
        floor = self._settings.clarify_threshold  # no option below it is offered
        if top is not None and top.score >= floor:
            return MatchResult(
                outcome="clarify",
                intent=top.target.intent,
                slots=slots,
                candidates=tuple(
                    c for c in candidates[: self._settings.clarify_options] if c.score >= floor
                ),
                explanation={"decision": "clarify: best score between thresholds", "rules": trace},
            )
        return MatchResult(
            outcome="fallback",
            intent=FALLBACK_LABEL,
            slots=slots,
            candidates=tuple(candidates),
            explanation={
                "decision": "fallback: best score below clarify threshold",
                "rules": trace,
            },
        )

    def _by_candidate(
        self,
        top: Candidate,
        slots: dict[str, Any],
        known: dict[str, Any],
        candidates: list[Candidate],
        trace: list[dict[str, Any]],
    ) -> MatchResult:
        if top.target.kind == "rule":
            rule = self._rules[top.target.id]
            return self._by_rule(
                rule, "rule matched by its examples", slots, known, candidates, trace
            )
        script = self._scripts[top.target.id]
        return self._by_script(script, script.intent, "script matched", slots, candidates, trace)

    def _by_rule(
        self,
        rule: Rule,
        why: str,
        slots: dict[str, Any],
        known: dict[str, Any],
        candidates: list[Candidate],
        trace: list[dict[str, Any]],
    ) -> MatchResult:
        action = rule.action
        common: dict[str, Any] = {
            "intent": rule.intent,
            "rule_name": rule.name,
            "slots": slots,
            "missing_slots": _missing(rule, known),
            "candidates": tuple(candidates),
            "explanation": {"decision": f"{why}: {rule.name} ({rule.where})", "rules": trace},
        }
        if action.kind == "flow":
            return MatchResult(outcome="flow", flow=action.target, **common)
        if action.kind == "handoff":
            return MatchResult(outcome="handoff", handoff_reason=action.target, **common)
        script = self._scripts[action.target]
        return MatchResult(
            outcome="answer",
            script_id=script.id,
            answer=script.answer,
            buttons=script.buttons,
            **common,
        )

    def _by_script(
        self,
        script: Script,
        intent: str,
        why: str,
        slots: dict[str, Any],
        candidates: list[Candidate],
        trace: list[dict[str, Any]],
    ) -> MatchResult:
        outcome: MatchOutcome = "flow" if script.flow and _carries_slots(slots) else "answer"
        return MatchResult(
            outcome=outcome,
            intent=intent,
            script_id=script.id,
            answer=script.answer,
            buttons=script.buttons,
            flow=script.flow if outcome == "flow" else None,
            slots=slots,
            candidates=tuple(candidates),
            explanation={"decision": f"{why}: {script.id} ({script.where})", "rules": trace},
        )


def _missing(rule: Rule, known: dict[str, Any]) -> tuple[str, ...]:
    """The rule's required slots neither said now nor remembered."""
    required = rule.required_slots
    return tuple(name for name in required if not rule.filled(name, known)) if required else ()


def _carries_slots(slots: dict[str, Any]) -> bool:
    """A script with a flow runs it when the message brings something the flow can use."""
    return any(name != "products" for name in slots)
