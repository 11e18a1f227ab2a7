"""催付: one polite reminder per unpaid order older than the policy's age.

``remind_unpaid`` is one pass (tests call it); ``run_unpaid_reminders`` repeats it in the
background. The ledger row (dedupe key ``unpaid_reminder:<order>``) is written before the
message, so a reminder is sent at most once even across restarts and several workers.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Protocol

from app.bot import Reply
from app.chat.enums import Sender
from app.chat.service import ChatService, conversation_topic
from app.config import Settings
from app.flows.context import FlowDeps
from app.flows.engine import FlowEngine
from app.flows.orders_common import order_values
from app.ledger import CaseStatus, CaseType, NewEntry
from app.orders.errors import OrderSystemError
from app.security import Identity

log = logging.getLogger(__name__)


class Notifier(Protocol):
    async def notify(self, customer_ref: str, reply: Reply) -> bool:
        """Put a bot message in front of the customer; whether it was delivered."""
        ...


class ChatNotifier:
    """Posts the reminder as a bot message in the customer's open conversation (a new one
    if none is open), where the widget shows it now or when the shopper next opens it."""

    def __init__(self, chat: ChatService) -> None:
        self._chat = chat

    async def notify(self, customer_ref: str, reply: Reply) -> bool:
        store = self._chat.store
        signed_in = customer_ref.startswith("member:")
        live = await store.open_conversation(Identity(customer_ref, "", signed_in))
        try:
            async with live.lock:
                payload = {"outcome": reply.outcome, "intent": reply.intent}
                frame, committed = store.stage(live, Sender.BOT, reply.text, payload=payload)
                await committed
            await self._chat.hub.publish(conversation_topic(live.id), frame)
        finally:
            store.release(live)
        return True


async def remind_unpaid(deps: FlowDeps, notifier: Notifier) -> int:
    """Remind every unpaid order old enough that has had no reminder; how many were sent."""
    cutoff = deps.clock() - timedelta(minutes=deps.policy.unpaid_reminder_minutes)
    sent = 0
    for order in await deps.orders.list_unpaid_orders(cutoff):
        row, new = await deps.ledger.create_once(
            NewEntry(
                type=CaseType.UNPAID_REMINDER,
                order_no=order.order_no,
                customer_ref=order.customer_ref,
                amount_fen=order.total_fen,
                status=CaseStatus.RESOLVED,
                reason=deps.texts("reason_unpaid_reminder"),
                dedupe_key=f"{CaseType.UNPAID_REMINDER.value}:{order.order_no}",
            )
        )
        if not new:
            continue
        text = deps.texts("unpaid_reminder", **order_values(order))
        reply = Reply(text=text, outcome="answer", intent="unpaid_reminder")
        try:
            delivered = await notifier.notify(order.customer_ref, reply)
        except Exception:
            log.exception(
                "unpaid reminder not delivered", extra={"fields": {"order": order.order_no}}
            )
            delivered = False
        assert row.id is not None
        await deps.ledger.update_status(row.id, row.status, details={"delivered": delivered})
        sent += int(delivered)
    return sent


async def run_unpaid_reminders(
    deps: FlowDeps, notifier: Notifier, every: timedelta = timedelta(minutes=1)
) -> None:
    """Run :func:`remind_unpaid` forever, ``every`` apart (the first pass after one
    interval, so a server that only starts and stops sends nothing); cancel to stop."""
    while True:
        await asyncio.sleep(every.total_seconds())
        try:
            await remind_unpaid(deps, notifier)
        except OrderSystemError as error:
            log.warning("unpaid reminders skipped: order system: %s", error)
        except Exception:
            log.exception("unpaid reminders failed")


def start_unpaid_reminders(
    settings: Settings, flows: FlowEngine, notifier: Notifier
) -> asyncio.Task[None] | None:
    """The background task of the app's lifespan; None when switched off (interval 0)."""
    if settings.unpaid_reminder_every_seconds <= 0:
        return None
    every = timedelta(seconds=settings.unpaid_reminder_every_seconds)
    return asyncio.create_task(run_unpaid_reminders(flows.deps, notifier, every))
