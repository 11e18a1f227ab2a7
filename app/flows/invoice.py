"""Invoices: title, tax id (for a company) and e-mail, then the request and its timeline."""

from __future__ import annotations

from app.bot import Reply
from app.flows import extract
from app.flows.context import FlowContext
from app.flows.orders_common import need_order, order_card, order_values
from app.ledger import CaseStatus, CaseType, LedgerFilter
from app.orders.domain import OrderStatus

INVOICEABLE = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED)


async def invoice(ctx: FlowContext) -> Reply:
    order = await need_order(ctx, prefer=lambda o: o.status in INVOICEABLE)
    if isinstance(order, Reply):
        return order
    values, cards = order_values(order), [order_card(ctx, order)]
    if order.status not in INVOICEABLE:
        return ctx.answer("invoice_not_allowed", cards=cards, **values)
    earlier = await ctx.deps.ledger.list_entries(
        LedgerFilter(type=CaseType.INVOICE, order_no=order.order_no, limit=1)
    )
    if earlier:
        details = earlier[0].details
        return ctx.answer(
            "invoice_already",
            cards=cards,
            request_no=details.get("request_no", ""),
            email=details.get("email", ""),
            days=ctx.policy.invoice_days,
            **values,
        )
    title = str(ctx.slots.get("title") or "").strip()
    if not title:
        return ctx.ask("title", "invoice_ask_title", [ctx.t.button("personal")], cards, **values)
    if title.rstrip("的。.!！") in ctx.t.words.get("company_only", ()):  # 公司: which one?
        ctx.slots.pop("title", None)
        return ctx.ask("title", "invoice_ask_company_name", cards=cards, **values)
    personal = ctx.t.has_word("personal", title)
    tax_id = "" if personal else _tax_id(ctx)
    if tax_id is None:
        key = "invoice_bad_tax_id" if ctx.previous == "tax_id" else "invoice_ask_tax_id"
        return ctx.ask("tax_id", key, invoice_title=title, **values)
    email = extract.email(str(ctx.slots.get("email") or ""))
    if email is None:
        ctx.slots.pop("email", None)
        key = "invoice_bad_email" if ctx.previous == "email" else "invoice_ask_email"
        return ctx.ask("email", key, invoice_title=title, **values)
    request = await ctx.deps.orders.create_invoice_request(
        order.order_no,
        title,
        tax_id,
        email,
        idempotency_key=f"invoice-{ctx.turn.conversation_id}-{order.order_no}",
    )
    await ctx.record(
        CaseType.INVOICE,
        order.order_no,
        status=CaseStatus.IN_PROGRESS,
        amount_fen=order.total_fen,
        reason=ctx.t("reason_invoice"),
        details={
            "request_no": request.request_no,
            "title": title,
            "tax_id": tax_id,
            "email": email,
        },
        once=True,
        customer_ref=order.customer_ref,
    )
    return ctx.answer(
        "invoice_done",
        cards=cards,
        request_no=request.request_no,
        invoice_title=title,
        email=email,
        days=ctx.policy.invoice_days,
        **values,
    )


def _tax_id(ctx: FlowContext) -> str | None:
    code = extract.tax_id(str(ctx.slots.get("tax_id") or ""))
    if code is None or not extract.valid_tax_id(code):
        ctx.slots.pop("tax_id", None)
        return None
    return code
