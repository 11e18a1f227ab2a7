"""Small, flow-local readers for answers to a question the flow just asked.

The matcher fills slots for a fresh message; when a flow is pending, the shopper's reply
("XG2511200001 尾号1234", "确认", "3个") comes back here with no intent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import cn2an

PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
FOUR_DIGITS = re.compile(r"(?<![\dA-Za-z])\d{4}(?![\dA-Za-z])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
CN_NUMBER = re.compile(r"[零一二两三四五六七八九十百]+")
TAX_ID = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])")

# GB 32100-2015: the unified social credit code's alphabet (no I, O, S, V, Z).
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def order_number(text: str, pattern: re.Pattern[str]) -> str | None:
    for match in pattern.finditer(text.upper()):
        if not PHONE.fullmatch(match.group(0)):
            return match.group(0)
    return None


def phone_last4(text: str) -> str | None:
    """The last 4 digits of a phone: from a whole mobile number or 4 digits alone."""
    phone = PHONE.search(text)
    if phone:
        return phone.group(0)[-4:]
    four = FOUR_DIGITS.search(text)
    return four.group(0) if four else None


def phone_number(text: str) -> str | None:
    match = PHONE.search(text)
    return match.group(0) if match else None


def email(text: str) -> str | None:
    match = EMAIL.search(text)
    return match.group(0) if match else None


def quantity(text: str) -> int | None:
    """The first whole number in the text: ``3个`` → 3, ``两个`` → 2."""
    match = NUMBER.search(text)
    if match:
        return int(float(match.group(0)))
    cn = CN_NUMBER.search(text)
    if cn:
        try:
            return int(cn2an.cn2an(cn.group(0), "smart"))
        except ValueError:
            return None
    return None


def counted(text: str, units: Iterable[str]) -> int | None:
    """A number said with one of ``units`` (``10箱``, ``八盒``); ``一些`` is no count."""
    words = "|".join(re.escape(unit) for unit in sorted(set(units), key=len, reverse=True))
    if not words:
        return None
    match = re.search(rf"(\d+|{CN_NUMBER.pattern})\s*(?:{words})", text)
    return quantity(match.group(1)) if match else None


def tax_id(text: str) -> str | None:
    match = TAX_ID.search(text.upper().replace(" ", ""))
    return match.group(0) if match else None


def valid_tax_id(code: str) -> bool:
    """A unified social credit code (统一社会信用代码): 18 chars and a valid check char."""
    code = code.upper()
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return False
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(code, _USCC_WEIGHTS, strict=False))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == code[17]
