"""Changing an order: before shipping address / phone / note (confirmed back, then done);
after shipping only the address, through a courier intercept handled by a person."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from app.bot import Reply
from app.flows import extract
from app.flows.context import FlowContext, open_case
from app.flows.orders_common import need_order, order_card, order_values
from app.ledger import CaseStatus, CaseType
from app.orders.domain import Address, Order, OrderStatus
from app.shop import Shop

FIELDS = ("address", "phone", "note")
CASE_TYPES = {
    "address": CaseType.ADDRESS_CHANGE,
    "phone": CaseType.PHONE_CHANGE,
    "note": CaseType.NOTE_CHANGE,
}
MAX_NOTE_CHARS = 100
NOTE_PUNCTUATION = " \t:：,，。.、;；~～!！"


async def change_order(ctx: FlowContext) -> Reply:
    if ctx.previous is None:  # what to change may come with the first message
        _remember_request(ctx)
    order = await need_order(
        ctx, prefer=lambda o: o.status in (OrderStatus.UNPAID, OrderStatus.PAID)
    )
    if isinstance(order, Reply):
        return order
    values, cards = order_values(order), [order_card(ctx, order)]
    if order.status not in (OrderStatus.UNPAID, OrderStatus.PAID, OrderStatus.SHIPPED):
        return ctx.answer("change_closed", [ctx.human_button()], cards, **values)
    field = _field(ctx)
    if field is None:
        buttons = [ctx.t.button(f"change_{name}") for name in FIELDS]
        return ctx.ask("field", "change_ask_field", buttons, cards, **values)
    if order.status is OrderStatus.SHIPPED:
        if field != "address":
            return ctx.answer("change_shipped_address_only", [ctx.human_button()], cards, **values)
        return await _intercept(ctx, order, values)
    new_value = _new_value(ctx, field, order)
    if new_value is None:
        key = f"change_bad_{field}" if ctx.previous == "value" else f"change_ask_{field}"
        return ctx.ask("value", key, cards=cards, **values)
    shown = _shown(new_value)
    confirm = str(ctx.slots.get("confirm") or "")
    if ctx.previous == "confirm" and ctx.t.has_word("no", confirm):
        return ctx.answer("change_kept", cards=cards, **values)
    if ctx.previous != "confirm" or not ctx.t.has_word("yes", confirm):
        ctx.slots.pop("confirm", None)
        buttons = [ctx.t.button("yes"), ctx.t.button("no")]
        return ctx.ask("confirm", f"change_confirm_{field}", buttons, new=shown, **values)
    return await _apply(ctx, order, field, new_value, shown)


def _field(ctx: FlowContext) -> str | None:
    given = str(ctx.slots.get("field") or "")
    if given in FIELDS:
        return given
    for text in (given, ctx.text):
        named = _named_field(ctx, text)
        if named:
            ctx.slots["field"] = named
            return named
    ctx.slots.pop("field", None)
    return None


def _named_field(ctx: FlowContext, text: str) -> str | None:
    """The field whose word comes first: ``备注：到了打电话`` is a note, not a phone."""
    at = {
        name: min(text.find(w) for w in ctx.t.words.get(f"field_{name}", ()) if w in text)
        for name in FIELDS
        if ctx.t.has_word(f"field_{name}", text)
    }
    return min(at, key=lambda name: at[name]) if at else None


def _remember_request(ctx: FlowContext) -> None:
    """``电话改成136…`` names the field and the new phone at once; ``备注：放门卫`` the note."""
    if ctx.slots.get("value"):
        return
    field = _field(ctx)
    value = None
    if field == "phone":
        value = extract.phone_number(ctx.text)
    elif field == "note":
        value = _note_in(ctx)
    if value:
        ctx.slots["value"] = value


def _note_in(ctx: FlowContext) -> str | None:
    """What follows the note word (``加个备注：放门卫`` → 放门卫), without the order number."""
    text = ctx.text
    for said in (ctx.slots.get("order_no"), ctx.slots.get("phone4")):  # not part of the note
        if said:
            text = re.sub(re.escape(str(said)), " ", text, flags=re.IGNORECASE)
    markers = [w for w in ctx.t.words.get("field_note", ()) if w in text]
    if not markers:
        return None
    marker = min(markers, key=text.find)
    rest = text[text.find(marker) + len(marker) :]
    ends = [rest.find(w) for w in ctx.t.words.get("note_end", ()) if w in rest]
    rest = rest[: min(ends)] if ends else rest
    leads = sorted(ctx.t.words.get("note_lead", ()), key=len, reverse=True)
    while True:
        rest = rest.strip(NOTE_PUNCTUATION)
        lead = next((w for w in leads if rest.startswith(w)), None)
        if lead is None:
            return " ".join(rest.split())[:MAX_NOTE_CHARS] or None
        rest = rest[len(lead) :]


def _new_value(ctx: FlowContext, field: str, order: Order) -> Address | str | None:
    raw = str(ctx.slots.get("value") or "")
    if not raw:
        return None
    if field == "phone":
        value: Address | str | None = extract.phone_number(raw)
    elif field == "address":
        value = parse_address(
            ctx.deps.shop, raw, order.address, ctx.t.words.get("address_detail", ())
        )
    else:
        value = raw[:MAX_NOTE_CHARS]
    if value is None:
        ctx.slots.pop("value", None)
    return value


def parse_address(
    shop: Shop, text: str, old: Address, detail_words: tuple[str, ...] = ()
) -> Address | None:
    """A new address the shop delivers to: province (and city) found in the text, and a
    street, building or village (one of ``detail_words``) when given — 上海 alone is none."""
    place = shop.shipping.find_place(text)
    if place is None or (detail_words and not any(word in text for word in detail_words)):
        return None
    region = shop.shipping.region_of(place.province)
    if region is None or not region.deliverable:
        return None
    city = place.city or next(
        (c for c, p in shop.shipping.cities.items() if p == place.province and c in text), ""
    )
    return Address(
        recipient=old.recipient,
        province=place.province,
        city=city,
        district="",
        detail=text.strip()[:200],
    )


def _shown(value: Address | str) -> str:
    return value.detail if isinstance(value, Address) else value


async def _apply(
    ctx: FlowContext, order: Order, field: str, value: Address | str, shown: str
) -> Reply:
    digest = hashlib.sha256(shown.encode()).hexdigest()[:16]
    key = f"change-{ctx.turn.conversation_id}-{order.order_no}-{field}-{digest}"
    orders = ctx.deps.orders
    if isinstance(value, Address):
        changed = await orders.change_address(order.order_no, value, idempotency_key=key)
    elif field == "phone":
        changed = await orders.change_phone(order.order_no, value, idempotency_key=key)
    else:
        changed = await orders.change_note(order.order_no, value, idempotency_key=key)
    details: dict[str, Any] = {"field": field, "new": shown}
    await ctx.record(
        CASE_TYPES[field],
        order.order_no,
        status=CaseStatus.RESOLVED,
        reason=ctx.t(f"reason_change_{field}"),
        details=details,
        customer_ref=order.customer_ref,
    )
    values = order_values(changed)
    return ctx.answer(f"change_done_{field}", cards=[order_card(ctx, changed)], new=shown, **values)


async def _intercept(ctx: FlowContext, order: Order, values: dict[str, Any]) -> Reply:
    new_address = _new_value(ctx, "address", order)
    if new_address is None:
        key = "change_bad_address" if ctx.previous == "value" else "change_ask_intercept"
        return ctx.ask("value", key, cards=[order_card(ctx, order)], **values)
    shown = _shown(new_address)
    row, _new = await open_case(
        ctx,
        CaseType.COURIER_INTERCEPT,
        order,
        reason=ctx.t("reason_intercept"),
        details={"new_address": shown, "courier": order.courier, "tracking_no": order.tracking_no},
    )
    return ctx.handoff("change_intercept_handoff", "intercept", case_id=row.id, new=shown, **values)
