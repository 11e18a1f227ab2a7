"""The flat ``{namespace.key}`` values scripts may use in their answers."""

from __future__ import annotations

from app.shop.models import Shop


def yuan(fen: int) -> str:
    """``12900`` → ``129``, ``3990`` → ``39.9``."""
    whole, cents = divmod(fen, 100)
    if not cents:
        return str(whole)
    return f"{whole}.{cents:02d}".rstrip("0")


def template_variables(shop: Shop) -> dict[str, str]:
    values: dict[str, str] = {"shop.name": shop.name, "shop.slogan": shop.slogan}
    for key, value in shop.info.items():
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            values[f"shop.{key}"] = str(value)
    for key, value in shop.policy.items():
        values[f"policy.{key}"] = _text(value)
    shipping = shop.shipping
    free_overs = [r.free_over_fen for r in shipping.regions if r.deliverable and r.free_over_fen]
    values |= {
        "shipping.couriers": "、".join(shipping.couriers),
        "shipping.default_courier": shipping.default_courier,
        "shipping.dispatch_hours": str(shipping.dispatch_hours),
        "shipping.free_over_yuan": yuan(min(free_overs)) if free_overs else "0",
        "shipping.free_regions": "、".join(
            r.name for r in shipping.regions if r.deliverable and r.fee_fen == 0
        ),
        "shipping.no_cold_chain": "、".join(
            p for r in shipping.regions if r.deliverable and not r.cold_chain for p in r.provinces
        ),
        "shipping.undeliverable": "、".join(
            p for r in shipping.regions if not r.deliverable for p in r.provinces
        ),
    }
    for promotion in shop.promotions:
        prefix = f"promotions.{promotion.id}"
        values |= {
            f"{prefix}.name": promotion.name,
            f"{prefix}.description": promotion.description,
            f"{prefix}.threshold_yuan": yuan(promotion.threshold_fen),
            f"{prefix}.off_yuan": yuan(promotion.off_fen),
            f"{prefix}.min_boxes": str(promotion.min_boxes),
            f"{prefix}.discount_percent": str(promotion.discount_percent),
        }
    values["catalog.names"] = "、".join(product.name for product in shop.catalog)
    return values


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
