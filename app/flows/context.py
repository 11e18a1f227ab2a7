"""What one flow step sees (``FlowContext``) and the pending state it leaves behind.

The pending state lives in ``turn.memory["flow"]`` as plain JSON::

    {"name": "invoice", "awaiting": "email", "slots": {"order_no": "...", "title": "..."},
     "asked_at": "2025-11-20T08:00:00+00:00"}

``awaiting`` names the slot the flow just asked for; the engine's ``resume`` reads the
shopper's next message as that slot and runs the flow again, unless the shopper stayed
silent longer than the policy's ``flow_answer_wait_minutes`` after ``asked_at``. A flow
is a function of its slots: it checks what is missing, asks for it, and acts once
everything is there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from app.bot import Button, Reply, Turn
from app.flows.policy import FlowPolicy
from app.flows.texts import Texts
from app.ledger import BOT_HANDLER, CaseStatus, CaseType, LedgerService, NewEntry
from app.ledger.models import LedgerEntry
from app.orders.domain import Order
from app.orders.ownership import OwnershipGuard
from app.orders.system import OrderSystem
from app.shop import Shop
from app.uploads import UploadStore

PENDING_KEY = "flow"


@dataclass(slots=True)
class FlowDeps:
    orders: OrderSystem
    ledger: LedgerService
    guard: OwnershipGuard
    texts: Texts
    policy: FlowPolicy
    clock: Callable[[], datetime]
    shop: Shop
    uploads: UploadStore


@dataclass(slots=True)
class FlowContext:
    name: str
    turn: Turn
    text: str
    slots: dict[str, Any]
    deps: FlowDeps
    now: datetime
    asked: str | None = field(default=None)  # the slot this step asks for
    previous: str | None = field(default=None)  # the slot the last step asked for

    def hand_over(self, name: str) -> FlowContext:
        """Continue as flow ``name`` (its questions, its pending state, its intent)."""
        self.name = name
        return self

    @property
    def t(self) -> Texts:
        return self.deps.texts

    @property
    def policy(self) -> FlowPolicy:
        return self.deps.policy

    # replies

    def answer(
        self,
        key: str,
        buttons: list[Button] | None = None,
        cards: list[dict[str, Any]] | None = None,
        **values: Any,
    ) -> Reply:
        return Reply(
            text=self.t(key, **values),
            outcome="answer",
            buttons=buttons or [],
            cards=cards or [],
            explanation={"flow": self.name, "state": key},
        )

    def ask(
        self,
        slot: str,
        key: str,
        buttons: list[Button] | None = None,
        cards: list[dict[str, Any]] | None = None,
        **values: Any,
    ) -> Reply:
        """Ask for ``slot`` and keep the flow pending until the shopper answers."""
        self.asked = slot
        reply = self.answer(key, buttons, cards, **values)
        reply.outcome = "ask_slot"
        reply.explanation["awaiting"] = slot
        return reply

    def handoff(
        self, key: str, reason: str, cards: list[dict[str, Any]] | None = None, **values: Any
    ) -> Reply:
        reply = self.answer(key, cards=cards, **values)
        # The flow's own words stay in ``summary``: when nobody can take the chat, the
        # handoff desk says so after them instead of "正在为您转接".
        reply.explanation["summary"] = reply.text
        reply.text = f"{reply.text}{self.t('handoff_transfer')}"
        reply.outcome = "handoff"
        reply.handoff_reason = reason
        return reply

    def human_button(self) -> Button:
        return self.t.button("human")

    # ledger

    async def record(
        self,
        case_type: CaseType,
        order_no: str | None,
        *,
        status: CaseStatus = CaseStatus.OPEN,
        amount_fen: int = 0,
        reason: str = "",
        details: dict[str, Any] | None = None,
        once: bool = False,
        customer_ref: str | None = None,
    ) -> tuple[LedgerEntry, bool]:
        """Write a ledger row; with ``once`` at most one row per (type, order).

        ``customer_ref`` is the order's customer when there is an order (a visitor's ref
        changes between devices; the order's customer does not). Returns the row and
        whether it is new (``False``: the case was already open).
        """
        key = f"{case_type.value}:{order_no}" if once else None
        return await self.deps.ledger.create_once(
            NewEntry(
                type=case_type,
                order_no=order_no,
                customer_ref=customer_ref or self.turn.customer_ref,
                conversation_id=self.turn.conversation_id,
                amount_fen=amount_fen,
                status=status,
                handler=BOT_HANDLER,
                reason=reason,
                details=details or {},
                dedupe_key=key,
            )
        )


def pending(turn: Turn) -> dict[str, Any] | None:
    state = turn.memory.get(PENDING_KEY)
    return state if isinstance(state, dict) and "name" in state else None


def set_pending(
    turn: Turn, name: str, awaiting: str, slots: dict[str, Any], asked_at: datetime
) -> None:
    turn.memory[PENDING_KEY] = {
        "name": name,
        "awaiting": awaiting,
        "slots": slots,
        "asked_at": asked_at.isoformat(),
    }


def lapsed(state: dict[str, Any], now: datetime, wait: timedelta) -> bool:
    """The question was asked longer than ``wait`` ago (state kept before ``asked_at``
    existed never lapses)."""
    try:
        asked_at = datetime.fromisoformat(str(state["asked_at"]))
    except (KeyError, ValueError):
        return False
    return now - asked_at > wait


def clear_pending(turn: Turn) -> None:
    turn.memory.pop(PENDING_KEY, None)


async def open_case(
    ctx: FlowContext,
    case_type: CaseType,
    order: Order,
    *,
    reason: str,
    amount_fen: int = 0,
    details: dict[str, Any] | None = None,
    status: CaseStatus = CaseStatus.OPEN,
    once: bool = True,
) -> tuple[LedgerEntry, bool]:
    """A ledger row plus the matching after-sale case in the order system.

    The ledger row comes first (it makes the action happen at most once per order when
    ``once``); the order-system case is created with the row's id as idempotency key, and
    retried on the next ask when the order system was down the first time.
    """
    row, new = await ctx.record(
        case_type,
        order.order_no,
        status=status,
        amount_fen=amount_fen,
        reason=reason,
        details=details,
        once=once,
        customer_ref=order.customer_ref,
    )
    if "case_no" not in row.details and row.id is not None:
        case = await ctx.deps.orders.create_after_sale(
            order.order_no,
            case_type.value,
            reason,
            amount_fen,
            details,
            idempotency_key=f"ledger-{row.id}",
        )
        row = await ctx.deps.ledger.update_status(
            row.id, row.status, details={"case_no": case.case_no}
        )
    return row, new
