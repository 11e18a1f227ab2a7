"""The live matching engine as the staff tools use it: normalise, try a message.

``engine_of`` returns the engine serving right now (the library holder's current one), so
every call sees the latest reload.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from intents.engine import Engine
from intents.result import MatchResult

EngineOf = Callable[[], Engine]


class Matching:
    def __init__(self, engine_of: EngineOf) -> None:
        self._engine_of = engine_of
        self._normal_text = lru_cache(maxsize=20_000)(self._normal_text_uncached)

    @property
    def engine(self) -> Engine:
        return self._engine_of()

    def tokens(self, text: str) -> list[str]:
        return list(self.engine.normaliser.normalise(text).tokens)

    def normal_text(self, text: str) -> str:
        return self._normal_text(id(self.engine.normaliser), text)

    def _normal_text_uncached(self, _normaliser_id: int, text: str) -> str:
        return self.engine.normaliser.normalise(text).text

    def try_message(self, text: str) -> dict[str, Any]:
        """What the bot would do with ``text`` as a first message, and why."""
        result = self.engine.match(text)
        return {
            "text": text,
            "outcome": result.outcome,
            "intent": result.intent,
            "answer": self._what_the_bot_says(result),
            "script_id": result.script_id,
            "rule_name": result.rule_name,
            "flow": result.flow,
            "handoff_reason": result.handoff_reason,
            "buttons": [button.to_frame() for button in result.buttons],
            "slots": result.slots,
            "missing_slots": list(result.missing_slots),
            "top_score": result.top_score,
            "candidates": [candidate.to_dict() for candidate in result.candidates],
            "explanation": result.explanation,
        }

    def _what_the_bot_says(self, result: MatchResult) -> str | None:
        """The script's answer, or the bot's own text for the other outcomes (a flow's
        answer depends on the order system, so it is left to the flow)."""
        texts = self.engine.texts
        if result.answer:
            return result.answer
        if result.outcome == "clarify":
            return texts.clarify_prefix
        if result.outcome == "fallback":
            return texts.fallback
        if result.outcome == "handoff":
            return texts.handoff_notice(result.handoff_reason or "")
        return None

    def top_script(self, text: str) -> tuple[str | None, float, str | None]:
        """The script that would answer ``text`` (or leads the candidates), its score, and
        the rule that chose it, if one did."""
        result = self.engine.match(text)
        if result.script_id:
            return result.script_id, result.top_score, result.rule_name
        for candidate in result.candidates:
            if candidate.target.kind == "script":
                return candidate.target.id, candidate.score, None
        return None, 0.0, None
