"""After delivery: bad or damaged fruit, refunds, and the wrong item received."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.bot import Reply
from app.flows.context import FlowContext, open_case
from app.flows.orders_common import need_order, order_card, order_values
from app.flows.photos import collect_photos
from app.flows.texts import yuan
from app.ledger import CaseStatus, CaseType, LedgerFilter
from app.orders.domain import Order, OrderItem, OrderStatus


async def bad_fruit(ctx: FlowContext) -> Reply:
    if ctx.previous is None and ctx.t.has_word("wrong_item", ctx.text):
        return await exchange(ctx.hand_over("exchange"))
    order = await need_order(ctx, prefer=lambda o: o.status is OrderStatus.DELIVERED)
    if isinstance(order, Reply):
        return order
    values, cards = order_values(order), [order_card(ctx, order)]
    if order.status is OrderStatus.SHIPPED:
        return ctx.answer("bad_fruit_not_delivered", [ctx.t.button("logistics")], cards, **values)
    if order.status is not OrderStatus.DELIVERED:
        return ctx.answer("bad_fruit_not_applicable", [ctx.human_button()], cards, **values)
    window = timedelta(hours=ctx.policy.report_window_hours)
    delivered = order.delivered_at or order.created_at
    if ctx.now - delivered > window:
        hours = ctx.policy.report_window_hours
        return ctx.answer("bad_fruit_outside_window", [ctx.human_button()], cards, window=hours)
    earlier = await _claims(ctx, CaseType.BAD_FRUIT_COMPENSATION, order_no=order.order_no)
    if earlier:
        return ctx.answer(
            "bad_fruit_already", [ctx.human_button()], cards, **_row_values(ctx, earlier[0])
        )
    item = _item(ctx, order)
    if item is None:
        buttons = [ctx.t.button("pick_item", name=i.name, sku=i.sku) for i in order.items]
        return ctx.ask("item", "bad_fruit_ask_item", buttons, cards, **values)
    values["item"] = item.name
    photos = await collect_photos(ctx)
    if ctx.policy.photo_required and not photos:
        key = "bad_fruit_need_photo" if ctx.previous == "photos" else "bad_fruit_ask_photos"
        return ctx.ask(
            "photos", key, [ctx.human_button()], max=ctx.policy.photo_max_count, **values
        )
    counts = _counts(ctx, item.name)
    if isinstance(counts, Reply):
        return counts
    bad, total = counts
    return await _compensate(ctx, order, item, bad, total, photos)


def _item(ctx: FlowContext, order: Order) -> OrderItem | None:
    if len(order.items) == 1:
        return order.items[0]
    chosen = str(ctx.slots.get("item") or "") or ctx.text
    named = {product.sku for product in ctx.deps.shop.find_products(ctx.text)}  # 车厘子坏了
    for item in order.items:
        if item.sku == chosen or item.name in chosen or (chosen and chosen in item.name):
            ctx.slots["item"] = item.sku
            return item
    for item in order.items:
        if item.sku in named:
            ctx.slots["item"] = item.sku
            return item
    ctx.slots.pop("item", None)
    return None


def _counts(ctx: FlowContext, item: str) -> tuple[int, int] | Reply:
    bad = ctx.slots.get("bad_count")
    if not isinstance(bad, int) or bad <= 0:
        ctx.slots.pop("bad_count", None)
        key = "bad_fruit_bad_count" if ctx.previous == "bad_count" else "bad_fruit_ask_bad_count"
        return ctx.ask("bad_count", key, item=item)
    total = ctx.slots.get("total_count")
    if not isinstance(total, int) or total < bad:
        ctx.slots.pop("total_count", None)
        key = "bad_fruit_bad_total" if ctx.previous == "total_count" else "bad_fruit_ask_total"
        return ctx.ask("total_count", key, item=item, bad=bad)
    return bad, total


def compensation_fen(price_fen: int, bad: int, total: int, full_ratio: float) -> int:
    """One unit's price by the share of bad fruit; all of it past ``full_ratio``."""
    if bad / total > full_ratio:
        return price_fen
    return price_fen * bad // total


async def _compensate(
    ctx: FlowContext, order: Order, item: OrderItem, bad: int, total: int, photos: list[str]
) -> Reply:
    amount = compensation_fen(item.price_fen, bad, total, ctx.policy.compensation_ratio_full)
    since = ctx.now - timedelta(days=ctx.policy.repeat_claim_days)
    recent = [
        row
        for row in await _claims(ctx, CaseType.BAD_FRUIT_COMPENSATION, customer=order.customer_ref)
        if _aware(row.created_at) >= since
    ]
    automatic = amount <= ctx.policy.auto_approve_max_fen and not recent
    details: dict[str, Any] = {
        "sku": item.sku,
        "bad": bad,
        "total": total,
        "photos": photos,
        "repeat": bool(recent),
    }
    row, _new = await open_case(
        ctx,
        CaseType.BAD_FRUIT_COMPENSATION,
        order,
        reason=ctx.t("reason_bad_fruit", item=item.name, bad=bad, total=total),
        amount_fen=amount,
        details=details,
        status=CaseStatus.APPROVED if automatic else CaseStatus.OPEN,
    )
    values = order_values(order) | {"item": item.name, "bad": bad, "total": total}
    values |= {"amount": yuan(amount), "case_id": row.id}
    if automatic:
        return ctx.answer("bad_fruit_approved", cards=[order_card(ctx, order)], **values)
    key = "bad_fruit_review_repeat" if recent else "bad_fruit_review_amount"
    return ctx.handoff(key, "bad_fruit_review", **values)


async def refund(ctx: FlowContext) -> Reply:
    order = await need_order(ctx)
    if isinstance(order, Reply):
        return order
    values, cards = order_values(order), [order_card(ctx, order)]
    rows = await ctx.deps.ledger.list_entries(LedgerFilter(order_no=order.order_no, limit=5))
    values["cases"] = "\n".join(
        ctx.t("case_line", **_row_values(ctx, row)) for row in rows
    ) or ctx.t("no_cases")
    if order.status is OrderStatus.PAID:
        row, new = await open_case(
            ctx,
            CaseType.REFUND,
            order,
            reason=ctx.t("reason_refund_unshipped"),
            amount_fen=order.total_fen,
        )
        key = "refund_unshipped_registered" if new else "refund_unshipped_again"
        return ctx.answer(key, cards=cards, case_id=row.id, **values)
    buttons = {
        OrderStatus.SHIPPED: [ctx.t.button("logistics"), ctx.human_button()],
        OrderStatus.DELIVERED: [
            ctx.t.button("bad_fruit"),
            ctx.t.button("wrong_item"),
            ctx.human_button(),
        ],
    }.get(order.status, [])
    return ctx.answer(f"refund_{order.status.value}", buttons, cards, **values)


async def exchange(ctx: FlowContext) -> Reply:
    """The wrong item arrived: gather what was received and photos, then a person takes over."""
    order = await need_order(ctx, prefer=lambda o: o.status is OrderStatus.DELIVERED)
    if isinstance(order, Reply):
        return order
    values, cards = order_values(order), [order_card(ctx, order)]
    if not order.status.shipped:
        return ctx.answer("exchange_not_delivered", cards=cards, **values)
    earlier = await _claims(ctx, CaseType.WRONG_ITEM, order_no=order.order_no)
    if earlier:
        return ctx.answer(
            "exchange_already", [ctx.human_button()], cards, **_row_values(ctx, earlier[0])
        )
    received = str(ctx.slots.get("received") or "").strip()
    if not received:
        return ctx.ask("received", "exchange_ask_received", cards=cards, **values)
    photos = await collect_photos(ctx)
    if not photos:
        key = "exchange_need_photo" if ctx.previous == "photos" else "exchange_ask_photos"
        return ctx.ask("photos", key, [ctx.human_button()], **values)
    row, _new = await open_case(
        ctx,
        CaseType.WRONG_ITEM,
        order,
        reason=ctx.t("reason_wrong_item", received=received),
        details={"received": received, "photos": photos},
    )
    return ctx.handoff("exchange_handoff", "wrong_item", case_id=row.id, **values)


async def _claims(
    ctx: FlowContext,
    case_type: CaseType,
    *,
    order_no: str | None = None,
    customer: str | None = None,
) -> list[Any]:
    where = LedgerFilter(type=case_type, order_no=order_no, customer_ref=customer, limit=50)
    return await ctx.deps.ledger.list_entries(where)


def _row_values(ctx: FlowContext, row: Any) -> dict[str, Any]:
    return {
        "case_id": row.id,
        "case_type": ctx.t(f"case_{row.type}"),
        "case_status": ctx.t(f"case_status_{row.status}"),
        "amount": yuan(row.amount_fen),
    }


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
