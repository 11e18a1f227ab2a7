"""Steps every order flow shares: find the order the shopper means, and show it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.bot import Button, Reply
from app.flows.context import FlowContext
from app.flows.texts import local_time, yuan
from app.orders.domain import Order
from app.orders.errors import OrderNotFound
from app.orders.ownership import owner_ref, verified_orders

LAST_ORDER_KEY = "last_order"
TRIED_ORDER_KEY = "tried_order_no"  # the order number of a failed phone check
PICK_SLOT = "order_pick"  # which of the shopper's own orders: a number or a fruit in it
MAX_CHOICES = 3


def order_card(ctx: FlowContext, order: Order) -> dict[str, Any]:
    """The order card of docs/protocol.md (``kind: order``); the widget shows these fields."""
    return {
        "kind": "order",
        "order_no": order.order_no,
        "title": order.title,
        "status": ctx.t(f"status_{order.status.value}"),
        "status_code": order.status.value,
        "items": [
            {"sku": i.sku, "name": i.name, "qty": i.qty, "price": yuan(i.price_fen)}
            for i in order.items
        ],
        "total": ctx.t("money", amount=yuan(order.total_fen)),
        "created_at": order.created_at.isoformat(),
        "carrier": order.courier,
        "tracking_no": order.tracking_no,
    }


async def need_order(
    ctx: FlowContext, prefer: Callable[[Order], bool] | None = None
) -> Order | Reply:
    """The order this flow is about, verified as the shopper's; or the question to ask."""
    order_no = ctx.slots.get("order_no")
    if not order_no:
        last = ctx.turn.memory.get(LAST_ORDER_KEY)
        if last and last in verified_orders(ctx.turn):
            order_no = ctx.slots["order_no"] = last
        else:
            return await _ask_which_order(ctx, prefer)
    if ctx.deps.guard.needs_phone(ctx.turn, order_no) and not ctx.slots.get("phone4"):
        if ctx.previous == "phone4" and ctx.t.has_word("forgot", ctx.text):
            return ctx.ask("phone4", "phone4_forgotten", [ctx.human_button()], order_no=order_no)
        return ctx.ask("phone4", "ask_phone4", order_no=order_no, purpose=purpose(ctx))
    try:
        order = await ctx.deps.guard.open(ctx.turn, order_no, ctx.slots.get("phone4"))
    except OrderNotFound:
        ctx.slots.pop("order_no", None)
        ctx.slots.pop("phone4", None)
        ctx.slots[TRIED_ORDER_KEY] = order_no  # 4 digits alone next time retry this order
        key = "order_not_found_member" if owner_ref(ctx.turn) else "order_not_found_visitor"
        return ctx.ask("order_no", key, buttons=[ctx.human_button()], order_no=order_no)
    ctx.turn.memory[LAST_ORDER_KEY] = order.order_no
    ctx.slots["order_no"] = order.order_no
    ctx.slots.pop(TRIED_ORDER_KEY, None)
    return order


async def _ask_which_order(
    ctx: FlowContext, prefer: Callable[[Order], bool] | None
) -> Order | Reply:
    own = await ctx.deps.guard.own_orders(ctx.turn)
    if not own:
        key = "ask_order_no_member" if owner_ref(ctx.turn) else "ask_order_no_visitor"
        return ctx.ask("order_no", key, purpose=purpose(ctx))
    preferred = [o for o in own if prefer(o)] if prefer else own
    if ctx.previous == PICK_SLOT:
        preferred = _picked(ctx, own, (preferred or own)[:MAX_CHOICES]) or preferred
    if len(preferred) == 1:
        order = preferred[0]
        ctx.turn.memory[LAST_ORDER_KEY] = order.order_no
        ctx.slots["order_no"] = order.order_no
        return order
    choices = (preferred or own)[:MAX_CHOICES]
    return ctx.ask(
        PICK_SLOT,
        "ask_order_pick",
        buttons=[Button(f"{o.order_no} {o.title}", o.order_no) for o in choices],
        cards=[order_card(ctx, o) for o in choices],
    )


def _picked(ctx: FlowContext, own: list[Order], listed: list[Order]) -> list[Order]:
    """The order the shopper picked from the list in words: 第二个 / 最后一个
    (``words.pick_<n>``, ``pick_last``), or 蓝莓那个 (the one order holding that fruit)."""
    for index, order in enumerate(listed, start=1):
        if ctx.t.has_word(f"pick_{index}", ctx.text):
            return [order]
    if listed and ctx.t.has_word("pick_last", ctx.text):
        return [listed[-1]]
    named = {product.sku for product in ctx.deps.shop.find_products(ctx.text)}
    holding = [o for o in own if any(item.sku in named for item in o.items)]
    return holding if len(holding) == 1 else []


def purpose(ctx: FlowContext) -> str:
    """What the order is asked for (查物流, 开发票 …), so the question says why: a second flow
    asking about the same order does not read like the bot repeating itself."""
    key = f"purpose_{ctx.name}"
    return ctx.t(key if ctx.t.has(key) else "purpose_default")


def order_values(order: Order) -> dict[str, Any]:
    """Template variables every order text may use."""
    return {
        "order_no": order.order_no,
        "title": order.title,
        "total": yuan(order.total_fen),
        "created": local_time(order.created_at),
        "promised": local_time(order.promised_ship_by) if order.promised_ship_by else "",
        "courier": order.courier or "",
        "tracking_no": order.tracking_no or "",
        "address": order.address.one_line(),
        "phone_masked": f"{order.phone[:3]}****{order.phone[-4:]}",
    }
