"""Slot extractors: order number, phone, products, quantity, date, place, e-mail, tax id, and
``unsold``: a fruit the catalog does not sell (西瓜), said in a message naming no catalog product.

Built once from the shop (order-number pattern, catalog names and aliases, shipping tables);
``extract`` runs over the cleaned message (half-width, simplified, lower case).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.shop import Shop
from intents.dates import find_date
from intents.numerals import chinese_number
from intents.rules import SaidSlots

SLOT_NAMES = frozenset(
    {
        "order_no",
        "phone",
        "product",
        "products",
        "quantity",
        "date",
        "place",
        "email",
        "tax_id",
        "unsold",
    }
)
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)")
_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
_TAX_ID = re.compile(r"(?<![0-9a-z])[0-9a-z]{15}(?:[0-9a-z]{3}(?:[0-9a-z]{2})?)?(?![0-9a-z])", re.I)
_DIGIT = re.compile(r"\d")  # phones and tax ids hold one: most messages skip their searches
_NUMERAL = r"[0-9]+|[零一二两三四五六七八九十百千万]+"
_NOT_WORDS = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")
SAID_MAX_CHARS = 24  # longer messages are never made of slots alone


@dataclass(frozen=True, slots=True)
class SlotConfig:
    order_no_pattern: str
    # placeholder marker → (slot it stands for, its text), e.g. ("order_no", "[订单x]")
    placeholder_slots: dict[str, tuple[str, str]]
    quantity_units: tuple[str, ...]
    unsold_produce: tuple[str, ...] = ()  # fruits shoppers ask for that the shop may not sell
    not_produce: tuple[str, ...] = ()  # words holding one of them that name no fruit (苹果手机)
    place_cues: tuple[str, ...] = ()  # 送到, 我在: a place is named after them
    place_suffixes: tuple[str, ...] = ()  # 区, 镇: how a place the shipping table lacks ends
    not_places: tuple[str, ...] = ()  # 农村, 偏远地区: a kind of place, answered by the area list


class SlotExtractor:
    def __init__(self, shop: Shop, config: SlotConfig) -> None:
        self.shop = shop
        self._placeholders: dict[str, list[tuple[str, str]]] = {}
        for marker, (kind, placeholder) in config.placeholder_slots.items():
            self._placeholders.setdefault(kind, []).append((marker, placeholder))
        self._order = re.compile(config.order_no_pattern, re.IGNORECASE)
        names = {name.lower(): p.sku for p in shop.catalog for name in p.names}
        self._sku_of = names
        self._product = _alternation(names) if names else None
        units = sorted({*config.quantity_units, *(p.unit for p in shop.catalog)}, key=len)[::-1]
        self._quantity = re.compile(rf"({_NUMERAL})\s*({'|'.join(map(re.escape, units))})")
        shipping = shop.shipping
        self._province_of = {p: p for p in shipping.provinces} | dict(shipping.cities)
        self._place = _alternation(self._province_of) if self._province_of else None
        # a word inside a catalog name (葡萄 in 阳光玫瑰葡萄) is no unsold fruit
        unsold = [w for w in config.unsold_produce if not any(w in name for name in names)]
        self._unsold = _alternation(unsold) if unsold else None
        self._not_produce = _alternation(config.not_produce) if config.not_produce else None
        self._unknown_place = _unknown_place(config)
        self._place_endings = frozenset(suffix[-1] for suffix in config.place_suffixes)
        self._not_places = config.not_places

    def extract(self, clean: str, today: date) -> dict[str, Any]:
        """Every slot found in ``clean``; absent slots are left out."""
        slots: dict[str, Any] = {}
        order_no = self.order_no(clean)
        if order_no:
            slots["order_no"] = order_no
        scrubbed = self._order.sub(" ", clean)  # its digits are no phone, date or quantity
        for name, value in (
            ("phone", self.phone(scrubbed)),
            ("email", self.email(scrubbed)),
            ("tax_id", self.tax_id(scrubbed)),
            ("quantity", self.quantity(scrubbed)),
            ("place", self.place(scrubbed)),
        ):
            value = value or self._placeholder(name, scrubbed)
            if value:
                slots[name] = value
        products = self.products(clean)
        if products:
            slots["product"], slots["products"] = products[0], products
        else:
            unsold = self.unsold(clean)
            if unsold:
                slots["unsold"] = unsold
        found_date = find_date(scrubbed, today)
        if found_date:
            slots["date"] = found_date.isoformat()
        return slots

    def said(self, clean: str, slots: dict[str, Any], fillers: Collection[str]) -> SaidSlots | None:
        """Whether ``clean`` is made of its slots (沃柑, XG2511200003, 两箱, 成都): their kinds
        and the words left once theirs and the fillers are out; None if it has no slot."""
        if not slots or len(clean) > SAID_MAX_CHARS:
            return None
        kinds = {name for name in slots if name not in ("products", "date")}
        if len(slots.get("products") or ()) > 1:
            kinds.add("products")
        if not kinds:
            return None
        text = self._order.sub(" ", clean)
        for marker_list in self._placeholders.values():
            for marker, _ in marker_list:
                text = text.replace(marker, " ")
        unsold = self._unsold if "unsold" in kinds else None
        patterns = (_PHONE, _EMAIL, _TAX_ID, self._quantity, self._product, self._place, unsold)
        for pattern in patterns:
            if pattern is not None:
                text = pattern.sub(" ", text)
        rest = "".join(w for w in _NOT_WORDS.sub(" ", text).split() if w not in fillers)
        return SaidSlots(frozenset(kinds), rest)

    def order_no(self, clean: str) -> str | None:
        match = self._order.search(clean)
        if match:
            return match[0].upper()
        return self._placeholder("order_no", clean)

    def _placeholder(self, slot: str, clean: str) -> str | None:
        for marker, placeholder in self._placeholders.get(slot, ()):
            if marker in clean:
                return placeholder
        return None

    @staticmethod
    def phone(clean: str) -> str | None:
        match = _PHONE.search(clean) if _DIGIT.search(clean) else None
        return re.sub(r"[- ]", "", match[1]) if match else None

    @staticmethod
    def email(clean: str) -> str | None:
        match = _EMAIL.search(clean) if "@" in clean else None
        return match[0] if match else None

    @staticmethod
    def tax_id(clean: str) -> str | None:
        if _DIGIT.search(clean) is None:
            return None
        for match in _TAX_ID.finditer(clean):
            code = match[0]
            if any(c.isdigit() for c in code) and not _PHONE.fullmatch(code):
                return code.upper()
        return None

    def products(self, clean: str) -> list[str]:
        if self._product is None:
            return []
        skus: list[str] = []
        for match in self._product.finditer(clean):
            sku = self._sku_of[match[0]]
            if sku not in skus:
                skus.append(sku)
        return skus

    def unsold(self, clean: str) -> str | None:
        """The first fruit of ``unsold_produce`` said (the longest where two start there)."""
        if self._unsold is None:
            return None
        text = self._not_produce.sub(" ", clean) if self._not_produce else clean
        match = self._unsold.search(text)
        return match[0] if match else None

    def quantity(self, clean: str) -> dict[str, Any] | None:
        for match in self._quantity.finditer(clean):
            value = chinese_number(match[1])
            if value:
                return {"value": value, "unit": match[2]}
        return None

    def place(self, clean: str) -> dict[str, str | None] | None:
        """A province or city of the shipping table; else a place it lacks, named after a
        cue (送到朝阳区吗, 我在城关镇): ``name`` only, for the flow to ask which province."""
        match = self._place.search(clean) if self._place else None
        if match:
            province = self._province_of[match[0]]
            return {"province": province, "city": None if province == match[0] else match[0]}
        if self._unknown_place is None or self._place_endings.isdisjoint(clean):
            return None
        for match in self._unknown_place.finditer(clean):
            name = match["name"] or match["first"]
            if not name.endswith(self._not_places):
                return {"province": None, "city": None, "name": name}
        return None


def _unknown_place(config: SlotConfig) -> re.Pattern[str] | None:
    """A name ending as places do (朝阳区, 城关镇), after a cue (送到朝阳区吗) or opening a
    clause that asks for delivery (城关镇能送吗)."""
    if not config.place_cues or not config.place_suffixes:
        return None
    endings = _alternation(config.place_suffixes).pattern
    name = rf"[\u4e00-\u9fff]{{1,10}}?(?:{endings})"
    cues = _alternation(config.place_cues).pattern
    after_cue = rf"(?:{cues})(?P<name>{name})"
    first = rf"(?:^|(?<=[\s,，。？?!！]))(?P<first>{name})(?=(?:能|可以|能不能)?(?:送|发|寄|配送))"
    return re.compile(f"{after_cue}|{first}")


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in ordered))
