"""The flow engine: the ``app.bot.Flows`` protocol over a registry of named flows.

A flow is ``async (FlowContext) -> Reply``: it looks at its slots, asks for what is
missing (``ctx.ask``) or acts. The engine keeps the slots of a flow that asked in
``turn.memory`` and, on the shopper's next message, reads that message as the answer.
A phone check the shopper leaves for another question is kept aside (``LEFT_KEY``): the
last 4 digits sent alone later, inside ``flow_answer_wait_minutes``, still complete it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

from opencc import OpenCC

from app.bot import Reply, Turn
from app.flows import extract
from app.flows.context import (
    PENDING_KEY,
    FlowContext,
    FlowDeps,
    clear_pending,
    lapsed,
    pending,
    set_pending,
)
from app.flows.orders_common import PICK_SLOT, TRIED_ORDER_KEY
from app.orders.errors import OrderSystemError, OrderSystemUnavailable
from app.orders.ownership import LookupLocked, verified_orders

Flow = Callable[[FlowContext], Awaitable[Reply]]
log = logging.getLogger(__name__)
# Slots answered in the shopper's own words (an invoice title, a new address or note, what
# arrived instead); small talk is never one of them.
WORDED = frozenset({"title", "value", "received"})
SMALL_TALK_PUNCTUATION = " ~～!！。.,，?？"
LEFT_KEY = "flow_left"  # the pending state of a phone check the shopper left unanswered
# Slots a pending flow asks for that 4 digits answer (1000 boxes is no phone check).
DIGIT_ANSWERS = frozenset({"phone4", "count", "bad_count", "total_count", "quantity"})


class FlowEngine:
    def __init__(self, flows: Mapping[str, Flow], deps: FlowDeps) -> None:
        self._flows = dict(flows)
        self.deps = deps
        self._order_no = deps.policy.order_no_regex()
        self._simplified = OpenCC("t2s").convert  # 確認 / 還有貨嗎 read like 确认 / 还有货吗
        self._small_talk = frozenset(deps.texts.words.get("small_talk", ()))
        said = deps.texts.words.get("phone4_said", ())
        self._phone4_said = sorted(said, key=len, reverse=True)  # 手机尾号 before 尾号

    async def aclose(self) -> None:
        """Close the order system's connections (the HTTP adapter keeps a pool)."""
        close = getattr(self.deps.orders, "aclose", None)
        if close is not None:
            await close()

    def names(self) -> frozenset[str]:
        return frozenset(self._flows)

    def pending(self, turn: Turn) -> str | None:
        state = self._waiting(turn)
        return str(state["name"]) if state else None

    def awaiting(self, turn: Turn) -> str | None:
        state = self._waiting(turn)
        awaiting = state.get("awaiting") if state else None
        return str(awaiting) if awaiting else None

    def _waiting(self, turn: Turn) -> dict[str, Any] | None:
        """The pending state, dropped once its question has lapsed (the shopper went quiet
        for longer than ``flow_answer_wait_minutes``): the next message starts afresh."""
        state = pending(turn)
        wait = timedelta(minutes=self.deps.policy.flow_answer_wait_minutes)
        if state is not None and lapsed(state, self.deps.clock(), wait):
            clear_pending(turn)
            return None
        return state

    def cancel(self, turn: Turn) -> None:
        """Forget the pending flow; a phone check it waited for is kept aside."""
        state = pending(turn)
        if state is not None and state.get("awaiting") == "phone4":
            turn.memory[LEFT_KEY] = state
        clear_pending(turn)

    async def resume_left(self, turn: Turn, text: str) -> Reply | None:
        """The phone's last 4 digits (or the whole phone) alone, sent after the shopper left
        the phone check for another question: the check goes on (the lookup lock counts a
        wrong pair as ever) and answers the question it was for. None when the message is
        something else."""
        state = turn.memory.get(LEFT_KEY)
        if not isinstance(state, dict) or self.awaiting(turn) in DIGIT_ANSWERS:
            return None  # nothing left, or the flow asking now takes the digits
        order_no = (state.get("slots") or {}).get("order_no")
        wait = timedelta(minutes=self.deps.policy.flow_answer_wait_minutes)
        if lapsed(state, self.deps.clock(), wait) or order_no in verified_orders(turn):
            turn.memory.pop(LEFT_KEY)
            return None
        digits = self._digits_alone(self._simplified(text))
        if digits is None:
            return None
        turn.memory.pop(LEFT_KEY)
        turn.memory[PENDING_KEY] = state
        reply = await self.resume(turn, digits, {})
        if order_no:
            reply.text = self.deps.texts("phone4_left_resumed", order_no=order_no) + reply.text
        return reply

    def _digits_alone(self, text: str) -> str | None:
        """``2468``, ``尾号2468`` or a whole mobile number: a message that is the phone's last 4
        digits (or the phone) and no more."""
        rest = text
        for word in self._phone4_said:
            rest = rest.replace(word, "")
        rest = "".join(rest.split()).strip(SMALL_TALK_PUNCTUATION)
        if extract.PHONE.fullmatch(rest):
            return rest[-4:]
        return rest if len(rest) == 4 and extract.FOUR_DIGITS.fullmatch(rest) else None

    async def start(self, name: str, turn: Turn, text: str, slots: dict[str, Any]) -> Reply:
        if name not in self._flows:
            raise KeyError(f"no flow named {name!r}")
        clear_pending(turn)
        text = self._simplified(text)
        return await self._run(name, turn, text, self._slots_from(name, text, slots), None)

    async def resume(self, turn: Turn, text: str, slots: dict[str, Any]) -> Reply:
        text = self._simplified(text)
        state = self._waiting(turn)
        if state is None or state["name"] not in self._flows:
            clear_pending(turn)
            return Reply(text=self.deps.texts("nothing_pending"), outcome="fallback")
        if self.deps.texts.has_word("cancel", text):
            clear_pending(turn)
            return Reply(text=self.deps.texts("flow_cancelled"), outcome="answer")
        name, awaiting = str(state["name"]), str(state.get("awaiting") or "")
        known = self._merge(name, awaiting, dict(state.get("slots") or {}), text, slots)
        return await self._run(name, turn, text, known, awaiting)

    def _merge(
        self, name: str, awaiting: str, known: dict[str, Any], text: str, slots: dict[str, Any]
    ) -> dict[str, Any]:
        """The pending flow's slots with the shopper's reply read into them."""
        fresh = self._slots_from(name, text, slots)
        # The awaited slot comes from this message only, never from the bot's memory of
        # an earlier one (an order number that just failed would be tried again).
        fresh.pop(awaiting, None)
        if awaiting == PICK_SLOT:  # nor is the order picked from the list
            fresh.pop("order_no", None)
        known.update({k: v for k, v in fresh.items() if k not in known})
        typed = extract.order_number(text, self._order_no)
        if typed and typed != known.get("order_no"):  # the shopper moved to another order
            known = {k: v for k, v in known.items() if k != "phone4"} | fresh
            known["order_no"] = typed
        answer = self._read_answer(awaiting, text)
        if answer is not None:
            known[awaiting] = answer
        elif awaiting == "order_no" and known.get(TRIED_ORDER_KEY):
            digits = extract.phone_last4(text)  # the phone check failed; the digits again
            if digits:
                known.update(order_no=known[TRIED_ORDER_KEY], phone4=digits)
        return known

    async def _run(
        self, name: str, turn: Turn, text: str, slots: dict[str, Any], asked: str | None
    ) -> Reply:
        """Run one step; ``asked`` is the slot the previous step asked for."""
        now = self.deps.clock()
        ctx = FlowContext(name, turn, text, slots, self.deps, now, previous=asked)
        try:
            reply = await self._flows[name](ctx)
        except LookupLocked as locked:
            clear_pending(turn)
            minutes = max(1, int(locked.retry_after / timedelta(minutes=1)) + 1)
            reply = ctx.answer("lookup_locked", [ctx.human_button()], minutes=minutes)
        except OrderSystemUnavailable as error:
            log.warning("order system unavailable in flow %s: %s", name, error)
            clear_pending(turn)
            reply = ctx.answer("order_system_down", [ctx.human_button()])
        except OrderSystemError as error:
            log.warning("order system refused in flow %s: %r", name, error)
            clear_pending(turn)
            reply = ctx.answer("order_system_refused", [ctx.human_button()])
        else:
            if ctx.asked:  # ctx.name: a flow may have handed over to another one
                set_pending(turn, ctx.name, ctx.asked, ctx.slots, now)
            else:
                clear_pending(turn)
        reply.intent = reply.intent or ctx.name
        return reply

    def _slots_from(self, name: str, text: str, slots: dict[str, Any]) -> dict[str, Any]:
        """The matcher's slots, plus what the text says plainly (order number, phone).

        A phone number proves an anonymous shopper's order by its last 4 digits, except
        in ``change_order``, where it is the new number (4 digits alone still prove it).
        """
        found = {k: v for k, v in slots.items() if v not in (None, "", [], {})}
        if "order_no" in found:
            found["order_no"] = str(found["order_no"]).upper()
        else:
            order_no = extract.order_number(text, self._order_no)
            if order_no:
                found["order_no"] = order_no
        phone = str(found.pop("phone", "") or "")
        if "phone4" in found:
            return found
        rest = text.upper().replace(found["order_no"], " ") if "order_no" in found else ""
        if name == "change_order":  # a whole number is the new phone; 4 digits alone prove
            last4 = extract.phone_last4(extract.PHONE.sub(" ", rest)) if rest else None
        elif len(phone) >= 4 and phone[-4:].isdigit():
            last4 = phone[-4:]
        else:
            last4 = extract.phone_last4(rest) if rest else None
        if last4:
            found["phone4"] = last4
        return found

    def _read_answer(self, awaiting: str, text: str) -> Any:
        """The shopper's reply read as the slot the flow asked for; None if it is not one."""
        readers: dict[str, Callable[[str], Any]] = {
            "order_no": lambda t: extract.order_number(t, self._order_no),
            PICK_SLOT: lambda _text: None,  # a typed number is read above; a fruit by the flow
            "phone4": extract.phone_last4,
            "phone": extract.phone_number,
            "email": extract.email,
            "tax_id": extract.tax_id,
            "count": extract.quantity,
            "bad_count": extract.quantity,
            "total_count": extract.quantity,
            "quantity": lambda t: _boxes(extract.quantity(t)),
            "product": self._product,
            "place": self._place,
            "photos": lambda _text: None,
        }
        reader = readers.get(awaiting)
        if reader is not None:
            return reader(text)
        stripped = text.strip()
        if awaiting in WORDED and stripped.strip(SMALL_TALK_PUNCTUATION) in self._small_talk:
            return None  # 好的 / 谢谢 is no invoice title, address or note: asked again
        return stripped or None

    def _product(self, text: str) -> str | None:
        found = self.deps.shop.find_products(text)
        return found[0].sku if found else None

    def _place(self, text: str) -> dict[str, str] | None:
        place = self.deps.shop.shipping.find_place(text)
        if place is None:
            return None
        return {"province": place.province, "city": place.city or ""}


def _boxes(value: int | None) -> dict[str, Any] | None:
    return None if value is None else {"value": value, "unit": ""}
