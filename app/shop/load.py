"""Load a shop from its folder of YAML files (``shops/demo_fruit`` for the demo)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from app.shop.errors import ShopDataError
from app.shop.fields import Fields
from app.shop.models import Product, Promotion, Region, Shipping, Shop
from app.shop.variables import template_variables

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Refuses a key given twice in one mapping: YAML would keep the last silently."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in first_line:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (also on line {first_line[key]})",
                    key_node.start_mark,
                )
            first_line[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


FILES = ("shop.yaml", "catalog.yaml", "shipping.yaml", "promotions.yaml", "policy.yaml")


def load_shop(folder: Path) -> Shop:
    """The shop in ``folder``; :class:`ShopDataError` names the file and field that is wrong."""
    data = {name: _read(folder / name) for name in FILES}
    info = Fields(data["shop.yaml"], "shop.yaml")
    hours = info.data.get("hours") or {}
    if not isinstance(hours, dict):
        raise info.fail("hours", "expected a mapping of days to hours")
    shop = Shop(
        name=info.text("name"),
        slogan=info.text("slogan", ""),
        catalog=_catalog(Fields(data["catalog.yaml"], "catalog.yaml")),
        shipping=_shipping(Fields(data["shipping.yaml"], "shipping.yaml")),
        promotions=_promotions(Fields(data["promotions.yaml"], "promotions.yaml")),
        policy=_policy(Fields(data["policy.yaml"], "policy.yaml")),
        hours=hours,
        info={k: v for k, v in info.data.items() if k != "hours"},
    )
    _check_large_order_rule(shop)
    return _with_variables(shop)


def _check_large_order_rule(shop: Shop) -> None:
    """The multi-box promotion and the handbook's large-order count are one rule told twice."""
    boxes = shop.policy.get("large_order_boxes")
    for index, promotion in enumerate(shop.promotions):
        if promotion.kind == "multi_box" and boxes is not None and promotion.min_boxes != boxes:
            raise ShopDataError(
                "promotions.yaml",
                f"promotions[{index}].min_boxes",
                f"{promotion.min_boxes} differs from policy.yaml large_order_boxes ({boxes})",
            )


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ShopDataError(path.name, "", "file is missing") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ShopDataError(path.name, "", f"cannot read: {error}") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ShopDataError(path.name, where, f"invalid YAML: {problem}") from None


def _catalog(file: Fields) -> tuple[Product, ...]:
    products = tuple(_product(item) for item in file.items("products"))
    seen: set[str] = set()
    for index, product in enumerate(products):
        if product.sku in seen:
            raise file.fail(f"products[{index}].sku", f"duplicate sku {product.sku!r}")
        seen.add(product.sku)
    return products


def _product(item: Fields) -> Product:
    sweetness = item.integer("sweetness", 3, minimum=1)
    if sweetness > 5:
        raise item.fail("sweetness", f"must be 1-5, got {sweetness}")
    return Product(
        sku=item.text("sku"),
        name=item.text("name"),
        aliases=item.texts("aliases", []),
        category=item.text("category", ""),
        price_fen=item.fen("price"),
        unit=item.text("unit"),
        spec=item.text("spec", ""),
        weight_kg=item.number("weight_kg", 0),
        origin=item.text("origin", ""),
        season=item.text("season", ""),
        taste=item.text("taste", ""),
        sweetness=sweetness,
        storage=item.text("storage", ""),
        shelf_life_days=item.integer("shelf_life_days", 0),
        stock=item.integer("stock", 0),
        cold_chain=item.flag("cold_chain", False),
    )


def _shipping(file: Fields) -> Shipping:
    regions = tuple(_region(item) for item in file.items("regions"))
    known: dict[str, str] = {}
    for index, region in enumerate(regions):
        for province in region.provinces:
            if province in known:
                raise file.fail(
                    f"regions[{index}].provinces",
                    f"{province} is already in region {known[province]!r}",
                )
            known[province] = region.name
    cities = file.data.get("cities") or {}
    if not isinstance(cities, dict):
        raise file.fail("cities", "expected a mapping of city to province")
    for city, province in cities.items():
        if province not in known:
            raise file.fail(f"cities.{city}", f"unknown province {province!r}")
    couriers = file.texts("couriers")
    return Shipping(
        couriers=couriers,
        default_courier=file.text("default_courier", couriers[0]),
        dispatch_hours=file.integer("dispatch_hours", 48),
        regions=regions,
        cities={str(city): str(province) for city, province in cities.items()},
    )


def _region(item: Fields) -> Region:
    return Region(
        name=item.text("name"),
        provinces=item.texts("provinces"),
        fee_fen=item.fen("fee", 0),
        free_over_fen=item.fen("free_over", 0),
        days=item.text("days", ""),
        cold_chain=item.flag("cold_chain", True),
        deliverable=item.flag("deliverable", True),
    )


def _promotions(file: Fields) -> tuple[Promotion, ...]:
    promotions = []
    for item in file.items("promotions"):
        kind = item.text("kind")
        if kind not in ("full_reduction", "coupon", "multi_box"):
            raise item.fail("kind", f"expected full_reduction, coupon or multi_box, got {kind!r}")
        promotions.append(
            Promotion(
                id=item.text("id"),
                kind=kind,
                name=item.text("name"),
                description=item.text("description", ""),
                threshold_fen=item.fen("threshold", 0),
                off_fen=item.fen("amount_off", 0),
                min_boxes=item.integer("min_boxes", 0),
                discount_percent=item.integer("discount_percent", 100, minimum=1),
                needs_approval=item.flag("needs_approval", False),
            )
        )
    return tuple(promotions)


def _policy(file: Fields) -> dict[str, Any]:
    for key in ("report_window_hours", "logistics_normal_hours", "large_order_boxes"):
        file.integer(key)
    for key, value in file.data.items():
        if isinstance(value, dict | list):
            raise file.fail(str(key), "expected a single value (number, text or true/false)")
    return dict(file.data)


def _with_variables(shop: Shop) -> Shop:
    return replace(shop, variables=template_variables(shop))
