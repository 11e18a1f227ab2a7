"""What a shop is, as the bot sees it: catalog, shipping, promotions, policy, hours.

Money is integer fen (分); the data files write 元.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    name: str
    aliases: tuple[str, ...]
    category: str
    price_fen: int
    unit: str
    spec: str
    weight_kg: float
    origin: str
    season: str
    taste: str
    sweetness: int
    storage: str
    shelf_life_days: int
    stock: int
    cold_chain: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    def to_public(self) -> dict[str, Any]:
        """The storefront's view of the product (prices in 元)."""
        return {
            "sku": self.sku,
            "name": self.name,
            "category": self.category,
            "price": self.price_fen / 100,
            "unit": self.unit,
            "spec": self.spec,
            "origin": self.origin,
            "in_stock": self.in_stock,
        }


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    provinces: tuple[str, ...]
    fee_fen: int = 0
    free_over_fen: int = 0
    days: str = ""
    cold_chain: bool = True
    deliverable: bool = True

    def fee_for(self, goods_fen: int) -> int:
        """The shipping fee of an order worth ``goods_fen`` (0 once over the threshold)."""
        if self.free_over_fen and goods_fen >= self.free_over_fen:
            return 0
        return self.fee_fen


@dataclass(frozen=True, slots=True)
class Place:
    province: str
    city: str | None = None


@dataclass(frozen=True, slots=True)
class Shipping:
    couriers: tuple[str, ...]
    default_courier: str
    dispatch_hours: int
    regions: tuple[Region, ...]
    cities: Mapping[str, str]  # city → province

    def region_of(self, province: str) -> Region | None:
        for region in self.regions:
            if province in region.provinces:
                return region
        return None

    @property
    def provinces(self) -> tuple[str, ...]:
        return tuple(p for region in self.regions for p in region.provinces)

    def find_place(self, text: str) -> Place | None:
        """The first province or city named in ``text`` (浙江省, 杭州市, 杭州 ...)."""
        best: tuple[int, Place] | None = None
        for province in self.provinces:
            at = text.find(province)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, Place(province))
        for city, province in self.cities.items():
            at = text.find(city)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, Place(province, city))
        return best[1] if best else None


@dataclass(frozen=True, slots=True)
class Promotion:
    id: str
    kind: str  # full_reduction | coupon | multi_box
    name: str
    description: str
    threshold_fen: int = 0
    off_fen: int = 0
    min_boxes: int = 0
    discount_percent: int = 100
    needs_approval: bool = False


@dataclass(frozen=True, slots=True)
class Shop:
    name: str
    slogan: str
    catalog: tuple[Product, ...]
    shipping: Shipping
    promotions: tuple[Promotion, ...]
    policy: Mapping[str, Any]
    hours: Mapping[str, Any]
    info: Mapping[str, Any] = field(default_factory=dict)  # the rest of shop.yaml
    variables: Mapping[str, str] = field(default_factory=dict)

    def product_by_sku(self, sku: str) -> Product | None:
        return next((p for p in self.catalog if p.sku == sku), None)

    def promotion(self, promotion_id: str) -> Promotion | None:
        return next((p for p in self.promotions if p.id == promotion_id), None)

    def find_products(self, text: str) -> list[Product]:
        """Products named in ``text`` by name or alias, in order of mention, longest name first
        where names overlap (阳光玫瑰 before 玫瑰)."""
        spans: list[tuple[int, int, Product]] = []
        for product in self.catalog:
            for name in product.names:
                at = text.find(name)
                if at >= 0:
                    spans.append((at, at + len(name), product))
        spans.sort(key=lambda span: (span[0], span[0] - span[1]))
        found: list[Product] = []
        end = -1
        for start, stop, product in spans:
            if start >= end and product not in found:
                found.append(product)
                end = stop
        return found

    def to_public(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "slogan": self.slogan,
            "service_hours": self.info.get("hours_text", ""),
            "catalog": [product.to_public() for product in self.catalog],
        }
