"""Order status, logistics (by the handbook) and urging shipment (催发货)."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.bot import Reply
from app.flows.context import FlowContext, open_case
from app.flows.orders_common import need_order, order_card, order_values
from app.flows.texts import hours, local_time
from app.ledger import CaseStatus, CaseType
from app.orders.domain import Order, OrderStatus


async def order_status(ctx: FlowContext) -> Reply:
    order = await need_order(ctx)
    if isinstance(order, Reply):
        return order
    values = order_values(order)
    buttons = {
        OrderStatus.PAID: [ctx.t.button("urge")],
        OrderStatus.SHIPPED: [ctx.t.button("logistics")],
        OrderStatus.DELIVERED: [ctx.t.button("bad_fruit"), ctx.t.button("invoice")],
    }.get(order.status, [])
    if order.status is OrderStatus.SHIPPED:
        events = await ctx.deps.orders.logistics(order.order_no)
        if events:
            values |= {"event_time": local_time(events[-1].time), "event": events[-1].text}
            return ctx.answer(
                "order_status_shipped_event", buttons, [order_card(ctx, order)], **values
            )
    if order.status is OrderStatus.DELIVERED and order.delivered_at:
        values["delivered"] = local_time(order.delivered_at)
    elif order.status is OrderStatus.DELIVERED:
        values["delivered"] = ""
    key = f"order_status_{order.status.value}"
    return ctx.answer(key, buttons, [order_card(ctx, order)], **values)


async def logistics(ctx: FlowContext) -> Reply:
    order = await need_order(ctx, prefer=lambda o: o.status is OrderStatus.SHIPPED)
    if isinstance(order, Reply):
        return order
    values, cards = order_values(order), [order_card(ctx, order)]
    if order.status in (OrderStatus.UNPAID, OrderStatus.PAID):
        return ctx.answer("logistics_not_shipped", [ctx.t.button("urge")], cards, **values)
    if order.status is OrderStatus.DELIVERED:
        delivered = local_time(order.delivered_at) if order.delivered_at else ""
        return ctx.answer("logistics_delivered", [], cards, delivered=delivered, **values)
    if order.status is not OrderStatus.SHIPPED:
        return ctx.answer("logistics_closed", [], cards, **values)
    if ctx.slots.get("lost_choice"):
        return await _lost_choice(ctx, order)

    events = await ctx.deps.orders.logistics(order.order_no)
    last_time = events[-1].time if events else (order.shipped_at or ctx.now)
    values |= {
        "event_time": local_time(last_time),
        "event": events[-1].text if events else ctx.t("logistics_no_events"),
        "quiet_hours": hours(ctx.now - last_time),
    }
    quiet = ctx.now - last_time
    policy = ctx.policy
    if quiet <= timedelta(hours=policy.logistics_normal_hours):
        return ctx.answer("logistics_normal", [], cards, **values)
    if quiet <= timedelta(hours=policy.logistics_followup_hours):
        return ctx.answer("logistics_slow", [], cards, **values)
    if quiet <= timedelta(hours=policy.logistics_lost_hours):
        row, new = await open_case(
            ctx,
            CaseType.LOGISTICS_FOLLOWUP,
            order,
            reason=ctx.t("reason_no_update", quiet_hours=values["quiet_hours"]),
            details={"last_event": values["event"], "quiet_hours": values["quiet_hours"]},
        )
        key = "logistics_followup_opened" if new else "logistics_followup_again"
        return ctx.answer(key, [ctx.human_button()], cards, case_id=row.id, **values)
    row, new = await open_case(
        ctx,
        CaseType.LOST_PARCEL_CLAIM,
        order,
        reason=ctx.t("reason_lost", quiet_hours=values["quiet_hours"]),
        amount_fen=order.total_fen,
        details={"last_event": values["event"], "quiet_hours": values["quiet_hours"]},
    )
    if row.details.get("remedy"):
        return ctx.answer("logistics_lost_again", [ctx.human_button()], cards, **values)
    buttons = [ctx.t.button("reship"), ctx.human_button()]
    return ctx.ask("lost_choice", "logistics_lost", buttons, cards, case_id=row.id, **values)


async def _lost_choice(ctx: FlowContext, order: Order) -> Reply:
    choice = str(ctx.slots.pop("lost_choice"))
    row, _new = await open_case(
        ctx, CaseType.LOST_PARCEL_CLAIM, order, reason=ctx.t("reason_lost", quiet_hours="")
    )
    values = order_values(order)
    if ctx.t.has_word("reship", choice):
        assert row.id is not None
        await ctx.deps.ledger.update_status(
            row.id, CaseStatus.APPROVED, details={"remedy": "reship"}
        )
        return ctx.answer("logistics_reship_ok", [], [order_card(ctx, order)], **values)
    if ctx.t.has_word("human", choice):
        assert row.id is not None
        await ctx.deps.ledger.update_status(row.id, CaseStatus.OPEN, details={"remedy": "human"})
        return ctx.handoff("handoff_lost_parcel", "lost_parcel", **values)
    buttons = [ctx.t.button("reship"), ctx.human_button()]
    return ctx.ask("lost_choice", "logistics_lost_choose", buttons, **values)


async def urge_shipping(ctx: FlowContext) -> Reply:
    order = await need_order(ctx, prefer=lambda o: o.status is OrderStatus.PAID)
    if isinstance(order, Reply):
        return order
    values, cards = order_values(order), [order_card(ctx, order)]
    if order.status is OrderStatus.UNPAID:
        return ctx.answer("urge_unpaid", [], cards, **values)
    if order.status.shipped:
        return ctx.answer("urge_already_shipped", [ctx.t.button("logistics")], cards, **values)
    if order.status is not OrderStatus.PAID:
        return ctx.answer("urge_closed", [], cards, **values)
    promised = promised_ship_time(ctx, order)
    if promised is not None and ctx.now <= promised:
        await ctx.record(
            CaseType.URGE_SHIPPING,
            order.order_no,
            status=CaseStatus.RESOLVED,
            reason=ctx.t("reason_urge_in_time"),
            details={"promised_ship_by": promised.isoformat()},
            customer_ref=order.customer_ref,
        )
        left = max(1, hours(promised - ctx.now))
        return ctx.answer("urge_within_promise", [], cards, hours_left=left, **values)
    overdue = hours(ctx.now - promised) if promised else 0
    row, new = await open_case(
        ctx,
        CaseType.URGE_SHIPPING,
        order,
        reason=ctx.t("reason_urge_overdue", overdue_hours=overdue),
        details={"promised_ship_by": promised.isoformat() if promised else None},
    )
    key = "urge_overdue" if new else "urge_overdue_again"
    return ctx.answer(key, [ctx.human_button()], cards, case_id=row.id, **values)


def promised_ship_time(ctx: FlowContext, order: Order) -> datetime | None:
    """The order's promise, else the shop's dispatch time after payment."""
    if order.promised_ship_by is not None or order.paid_at is None:
        return order.promised_ship_by
    return order.paid_at + timedelta(hours=ctx.deps.shop.shipping.dispatch_hours)
