"""催付: one polite reminder per unpaid order older than the policy's age, never two."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.bot import Reply
from app.flows import FlowEngine
from app.flows.reminders import remind_unpaid
from app.ledger import CaseType, LedgerFilter


@dataclass
class Outbox:
    """A notifier that keeps what it was asked to deliver (the chat one is tested live)."""

    sent: list[tuple[str, str]] = field(default_factory=list)

    async def notify(self, customer_ref: str, reply: Reply) -> bool:
        self.sent.append((customer_ref, reply.text))
        return True


async def test_only_orders_unpaid_for_long_enough_get_one_reminder(flows: FlowEngine) -> None:
    outbox = Outbox()
    assert await remind_unpaid(flows.deps, outbox) == 1
    [(customer, text)] = outbox.sent
    assert customer == "member:1003" and "XG2511200011" in text and "¥129" in text
    assert await remind_unpaid(flows.deps, outbox) == 0
    assert len(outbox.sent) == 1
    rows = await flows.deps.ledger.list_entries(LedgerFilter(type=CaseType.UNPAID_REMINDER))
    assert [r.order_no for r in rows] == ["XG2511200011"] and rows[0].details["delivered"]
