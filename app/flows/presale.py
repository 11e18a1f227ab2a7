"""Before the sale, from the shop's data: products, comparisons, shipping, promotions and
large orders (which a person approves)."""

from __future__ import annotations

from typing import Any

from app.bot import Reply
from app.flows import extract
from app.flows.context import FlowContext
from app.flows.texts import yuan
from app.ledger import CaseType
from app.shop import Product

ASPECTS = ("price", "stock", "origin", "storage", "taste", "season", "shelf_life")


def product_card(ctx: FlowContext, product: Product) -> dict[str, Any]:
    return {
        "kind": "product",
        "sku": product.sku,
        "title": product.name,
        "price": ctx.t("price_per_unit", price=yuan(product.price_fen), unit=product.unit),
        "spec": product.spec,
        "origin": product.origin,
        "in_stock": product.in_stock,
    }


def product_values(ctx: FlowContext, product: Product) -> dict[str, Any]:
    return {
        "name": product.name,
        "price": yuan(product.price_fen),
        "unit": product.unit,
        "spec": product.spec,
        "origin": product.origin,
        "season": product.season,
        "taste": product.taste,
        "sweetness": product.sweetness,
        "storage": product.storage,
        "shelf_life_days": product.shelf_life_days,
        "stock": product.stock,
    }


def _products(ctx: FlowContext) -> list[Product]:
    skus = [str(s) for s in ctx.slots.get("products") or []]
    if ctx.slots.get("product"):
        skus.insert(0, str(ctx.slots["product"]))
    shop = ctx.deps.shop
    found = [p for p in (shop.product_by_sku(s) for s in dict.fromkeys(skus)) if p]
    for product in shop.find_products(ctx.text):
        if product not in found:
            found.append(product)
    ctx.slots["products"] = [p.sku for p in found]
    ctx.slots.pop("product", None)
    return found


async def presale_product(ctx: FlowContext) -> Reply:
    # 西瓜有吗: the matcher's ``unsold`` slot, said in a message naming no catalog product;
    # it outranks the fruit remembered from earlier in the conversation
    unsold = ctx.slots.pop("unsold", None)
    if unsold:
        ctx.slots.pop("product", None)
        ctx.slots.pop("products", None)
        return ctx.ask("product", "presale_not_sold", item=unsold)
    products = _products(ctx)
    if not products:
        return ctx.ask("product", "presale_ask_product")
    if len(products) > 1 and ctx.t.has_word("compare", ctx.text):
        return await compare_products(ctx.hand_over("compare_products"))
    if _named_boxes(ctx) >= ctx.policy.large_order_boxes:
        return await large_order(ctx.hand_over("large_order"))
    product = products[0]
    values = product_values(ctx, product)
    aspect = next((a for a in ASPECTS if ctx.t.has_word(f"aspect_{a}", ctx.text)), "overview")
    if aspect == "stock" and not product.in_stock:
        aspect = "out_of_stock"
    if aspect == "overview":
        note = "product_stock_note" if product.in_stock else "product_out_of_stock_note"
        values["stock_note"] = ctx.t(note)
    return ctx.answer(f"product_{aspect}", cards=[product_card(ctx, product)], **values)


async def compare_products(ctx: FlowContext) -> Reply:
    products = _products(ctx)
    if len(products) < 2:
        return ctx.ask("product", "compare_ask_products")
    if ctx.t.has_word("compare_price", ctx.text):
        ranked = sorted(products, key=lambda p: p.price_fen)
        key = "compare_cheaper"
    else:
        ranked = sorted(products, key=lambda p: -p.sweetness)
        key = (
            "compare_same_sweet"
            if ranked[0].sweetness == ranked[1].sweetness
            else "compare_sweeter"
        )
    lines = "\n".join(ctx.t("compare_line", **product_values(ctx, p)) for p in ranked)
    best = product_values(ctx, ranked[0])
    cards = [product_card(ctx, p) for p in ranked]
    return ctx.answer(key, cards=cards, best=best["name"], lines=lines)


async def shipping_quote(ctx: FlowContext) -> Reply:
    place = ctx.slots.get("place") or {}
    shipping = ctx.deps.shop.shipping
    # city first: find_place answers the earliest name, and a city carries its province
    found = shipping.find_place(f"{place.get('city') or ''} {place.get('province') or ''}")
    found = found or shipping.find_place(ctx.text)
    if found is None:
        ctx.slots.pop("place", None)
        named = ctx.previous == "place" or place.get("name")  # 送到朝阳区吗: a place we lack
        return ctx.ask("place", "shipping_unknown_place" if named else "shipping_ask_place")
    region = shipping.region_of(found.province)
    values: dict[str, Any] = {
        "place": found.city or found.province,
        "courier": shipping.default_courier,
    }
    if region is None or not region.deliverable:
        return ctx.answer("shipping_undeliverable", [ctx.human_button()], **values)
    values |= {
        "region": region.name,
        "fee": yuan(region.fee_fen),
        "free_over": yuan(region.free_over_fen),
        "days": region.days,
        "dispatch_hours": shipping.dispatch_hours,
    }
    products = _products(ctx)
    cold = [p.name for p in products if p.cold_chain]
    if not region.cold_chain and not cold and ctx.t.has_word("cold_chain", ctx.text):
        cold = [p.name for p in ctx.deps.shop.catalog if p.cold_chain]  # 冷链能到新疆吗
    if cold and not region.cold_chain:
        return ctx.answer("shipping_no_cold_chain", products="、".join(cold), **values)
    if region.fee_fen == 0:
        return ctx.answer("shipping_free", **values)
    key = "shipping_fee_free_over" if region.free_over_fen else "shipping_fee"
    return ctx.answer(key, **values)


async def promotions(ctx: FlowContext) -> Reply:
    named = _products(ctx)
    if len(named) > 1 and ctx.t.has_word("compare", ctx.text):
        return await compare_products(ctx.hand_over("compare_products"))
    if _named_boxes(ctx) >= ctx.policy.large_order_boxes:  # 二十箱有优惠吗: which fruit?
        return await large_order(ctx.hand_over("large_order"))
    shop = ctx.deps.shop
    if not shop.promotions:
        return ctx.answer("promotions_none")
    lines = "\n".join(
        ctx.t("promotion_line", name=p.name, description=p.description) for p in shop.promotions
    )
    return ctx.answer("promotions_list", lines=lines)


async def large_order(ctx: FlowContext) -> Reply:
    products = _products(ctx)
    threshold = ctx.policy.large_order_boxes
    percent = _multi_box_percent(ctx)
    if not products:  # 团购价怎么算: the rule first, then which fruit
        discount = _discount_words(percent)
        return ctx.ask("product", "large_order_ask_product", threshold=threshold, discount=discount)
    product = products[0]
    boxes = _boxes(ctx)
    values = product_values(ctx, product)
    if boxes is None:
        return ctx.ask("quantity", "large_order_ask_quantity", **values)
    values |= {"boxes": boxes, "threshold": threshold, "total": yuan(product.price_fen * boxes)}
    if boxes < threshold:
        return ctx.answer("large_order_small", cards=[product_card(ctx, product)], **values)
    estimate = product.price_fen * boxes * percent // 100
    values |= {"discount": _discount_words(percent), "estimate": yuan(estimate)}
    row, _new = await ctx.record(
        CaseType.LARGE_ORDER_APPROVAL,
        None,
        amount_fen=estimate,
        reason=ctx.t("reason_large_order", name=product.name, boxes=boxes),
        details={"sku": product.sku, "boxes": boxes, "discount_percent": percent},
    )
    return ctx.handoff("large_order_handoff", "large_order", case_id=row.id, **values)


def _multi_box_percent(ctx: FlowContext) -> int:
    """The multi-box promotion's price in percent (90 = 9折); 100 when the shop has none."""
    promotions = ctx.deps.shop.promotions
    return next((p.discount_percent for p in promotions if p.kind == "multi_box"), 100)


def _named_boxes(ctx: FlowContext) -> int:
    """How many units the matcher heard (``quantity`` slot), 0 when none: "10箱" asked
    as a price question is a large order all the same."""
    quantity = ctx.slots.get("quantity")
    value = quantity.get("value") if isinstance(quantity, dict) else None
    return value if isinstance(value, int) else 0


def _boxes(ctx: FlowContext) -> int | None:
    quantity = ctx.slots.get("quantity")
    if isinstance(quantity, dict) and isinstance(quantity.get("value"), int):
        return int(quantity["value"]) if quantity["value"] > 0 else None
    units = (product.unit for product in ctx.deps.shop.catalog)
    count = extract.counted(ctx.text, units) if ctx.previous is None else None
    if count:
        ctx.slots["quantity"] = {"value": count, "unit": ""}
    return count


def _discount_words(percent: int) -> str:
    """90 → "9", 85 → "8.5" (how 折 is said)."""
    return str(percent // 10) if percent % 10 == 0 else f"{percent / 10:g}"
