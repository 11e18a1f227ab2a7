"""MatchingBot: the ``app.bot.Bot`` behind the chat, built on the matching engine.

Per message: match → answer a script, run a flow (``app.bot.Flows``, may be None), hand off,
clarify or fall back. Multi-turn state lives in ``turn.memory`` (JSON-safe):
``slots`` — the last order number and product mentioned; ``pending`` — the action waiting
for a slot the bot asked for. A confident match to another intent cancels what is pending.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from app.bot import Button, Flows, Reply, Turn
from intents.engine import Engine
from intents.holder import LibraryHolder
from intents.result import MatchResult
from intents.topic import DECISIVE, changes_topic

REMEMBERED_SLOTS = ("order_no", "product")  # the last one said; products: the last few
REMEMBERED_PRODUCTS = 3


class MatchingBot:
    def __init__(
        self,
        holder: LibraryHolder,
        flows: Flows | None = None,
        *,
        answer_wait: timedelta | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.holder = holder
        self.flows = flows
        self.answer_wait = answer_wait  # a slot question lapses after this much silence
        self.clock = clock

    async def answer(self, turn: Turn, text: str) -> Reply:
        engine = self.holder.engine  # one engine for the whole message, even during a reload
        memory = turn.memory
        result = engine.match(text, memory, diagnose=False)
        _remember(memory, result.slots)
        if self.flows is not None and result.outcome != "handoff":
            left = await self.flows.resume_left(turn, text)  # 2468, after another question
            if left is not None:
                memory.pop("pending", None)
                return left
        pending = self._waiting(memory)
        if pending and _fills(pending, result):
            memory.pop("pending")
            return await self._complete(engine, turn, text, pending, result)
        if pending:
            memory.pop("pending")
            if (
                result.outcome not in DECISIVE
                and pending.get("asks", 1) < engine.settings.max_slot_asks
            ):
                return self._ask(
                    engine,
                    memory,
                    {**pending, "asks": pending.get("asks", 1) + 1},
                    result,
                    again=True,
                )
        flow = self.flows.pending(turn) if self.flows is not None else None
        if self.flows is not None and flow:
            if not changes_topic(engine, flow, result, self.flows.awaiting(turn)):
                return await self.flows.resume(turn, text, _known(memory, result))
            self.flows.cancel(turn)
        return await self._act(engine, turn, text, result)

    async def _act(self, engine: Engine, turn: Turn, text: str, result: MatchResult) -> Reply:
        texts = engine.texts
        explanation = result.explanation
        if result.outcome == "handoff":
            reason = result.handoff_reason or "asked_for_human"
            return Reply(
                text=texts.handoff_notice(reason),
                outcome="handoff",
                intent=result.intent,
                handoff_reason=reason,
                explanation=explanation,
            )
        if result.missing_slots:
            plan = {
                "slot": result.missing_slots[0],
                "intent": result.intent,
                "flow": result.flow,
                "script_id": result.script_id,
                "rule": result.rule_name,
                "asks": 1,
            }
            return self._ask(engine, turn.memory, plan, result, again=False)
        if result.outcome == "flow" and result.flow:
            return await self._run_flow(engine, turn, text, result.flow, result.script_id, result)
        if result.outcome == "answer" and result.answer is not None:
            return Reply(
                text=result.answer,
                outcome="answer",
                buttons=list(result.buttons),
                intent=result.intent,
                explanation=explanation,
            )
        if result.outcome == "clarify":
            options = [Button(c.target.label, c.target.label) for c in result.candidates]
            return Reply(
                text=texts.clarify_prefix,
                outcome="clarify",
                buttons=options,
                intent=result.intent,
                explanation=explanation,
            )
        return self._fallback(engine, texts.fallback, result)

    async def _run_flow(
        self,
        engine: Engine,
        turn: Turn,
        text: str,
        flow: str,
        script_id: str | None,
        result: MatchResult,
        prefix: str = "",
    ) -> Reply:
        if self.flows is not None and flow in self.flows.names():
            reply = await self.flows.start(flow, turn, text, _known(turn.memory, result))
            reply.text = prefix + reply.text
            reply.explanation = {**result.explanation, **reply.explanation, "flow": flow}
            return reply
        script = engine.library.by_id().get(script_id or "")
        if script is not None:
            return Reply(
                text=prefix + script.answer,
                outcome="answer",
                buttons=list(script.buttons),
                intent=result.intent,
                explanation={**result.explanation, "flow_unavailable": flow},
            )
        reply = self._fallback(engine, prefix + engine.texts.flow_unavailable, result)
        reply.explanation["flow_unavailable"] = flow
        return reply

    async def _complete(
        self, engine: Engine, turn: Turn, text: str, pending: dict[str, Any], result: MatchResult
    ) -> Reply:
        """The shopper gave the slot the bot asked for: carry out the waiting action."""
        value = result.slots[pending["slot"]]
        prefix = engine.texts.slot_filled.format(value=_spoken(engine, value))
        explanation = {**result.explanation, "filled": pending}
        resumed = MatchResult(
            outcome="flow",
            intent=pending["intent"],
            rule_name=pending.get("rule"),
            slots=result.slots,
            explanation=explanation,
        )
        if pending.get("flow"):
            reply = await self._run_flow(
                engine, turn, text, pending["flow"], pending.get("script_id"), resumed, prefix
            )
        else:
            script = engine.library.by_id().get(pending.get("script_id") or "")
            answer = script.answer if script else engine.texts.flow_unavailable
            reply = Reply(text=prefix + answer, outcome="answer", explanation=explanation)
        reply.intent = pending["intent"]
        return reply

    def _ask(
        self,
        engine: Engine,
        memory: dict[str, Any],
        plan: dict[str, Any],
        result: MatchResult,
        *,
        again: bool,
    ) -> Reply:
        memory["pending"] = {**plan, "asked_at": self.clock().isoformat()}
        question = engine.texts.question_for(plan["slot"])
        return Reply(
            text=(engine.texts.ask_again if again else "") + question,
            outcome="ask_slot",
            intent=plan["intent"],
            explanation={**result.explanation, "asking": plan},
        )

    def _waiting(self, memory: dict[str, Any]) -> dict[str, Any] | None:
        """The pending slot question, dropped once asked longer than ``answer_wait`` ago:
        after a long silence the next message is matched afresh."""
        pending = memory.get("pending")
        wait = self.answer_wait
        if wait is None or not pending or "asked_at" not in pending:
            return pending
        if self.clock() - datetime.fromisoformat(pending["asked_at"]) > wait:
            memory.pop("pending")
            return None
        return pending

    @staticmethod
    def _fallback(engine: Engine, text: str, result: MatchResult) -> Reply:
        return Reply(
            text=text,
            outcome="fallback",
            buttons=list(engine.texts.fallback_buttons),
            intent=result.intent if result.outcome != "fallback" else "other",
            explanation=result.explanation,
        )


def _fills(pending: dict[str, Any], result: MatchResult) -> bool:
    """The message answers the pending question, unless it is a handoff (that always wins)."""
    return bool(result.slots.get(pending["slot"])) and result.outcome != "handoff"


def _remember(memory: dict[str, Any], slots: dict[str, Any]) -> None:
    """The last order and product mentioned; ``products``: the last few fruits talked
    about, newest first (车厘子, then 榴莲, then 哪个甜 compares the two)."""
    remembered = memory.setdefault("slots", {})
    for name in REMEMBERED_SLOTS:
        if slots.get(name):
            remembered[name] = slots[name]
    if slots.get("products"):
        earlier = [sku for sku in remembered.get("products", ()) if sku not in slots["products"]]
        remembered["products"] = [*slots["products"], *earlier][:REMEMBERED_PRODUCTS]


def _known(memory: dict[str, Any], result: MatchResult) -> dict[str, Any]:
    return {**memory.get("slots", {}), **result.slots}


def _spoken(engine: Engine, value: Any) -> str:
    """A slot's value as the shopper would say it (a product's name, not its sku)."""
    if isinstance(value, dict):
        return "".join(str(v) for v in value.values() if v)
    if isinstance(value, list):
        return "、".join(_spoken(engine, v) for v in value)
    product = engine.slot_extractor.shop.product_by_sku(str(value))
    return product.name if product is not None else str(value)
