"""Reading typed fields out of parsed YAML, with errors that name the file and the field."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from app.shop.errors import ShopDataError

_MISSING = object()


class Fields:
    """One mapping from a data file; ``where`` is its path inside the file (``products[3]``)."""

    def __init__(self, data: Any, file: str, where: str = "") -> None:
        if not isinstance(data, Mapping):
            raise ShopDataError(file, where, f"expected a mapping, got {_show(data)}")
        for key in data:
            if not isinstance(key, str):
                raise ShopDataError(
                    file, where, f"key {key!r} is not text (YAML reads on/off/yes/no as true/false)"
                )
        self.data = data
        self.file = file
        self.where = where

    def _path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str, problem: str) -> ShopDataError:
        return ShopDataError(self.file, self._path(key), problem)

    def _get(self, key: str, default: Any) -> Any:
        value = self.data.get(key, default)
        if value is _MISSING:
            raise self.fail(key, "required")
        return value

    def text(self, key: str, default: Any = _MISSING) -> str:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(key, f"expected text, got {_show(value)}")
        value = str(value).strip()
        if not value and default is _MISSING:
            raise self.fail(key, "must not be empty")
        return value

    def integer(self, key: str, default: Any = _MISSING, minimum: int = 0) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"expected a whole number, got {_show(value)}")
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}, got {value}")
        return value

    def number(self, key: str, default: Any = _MISSING) -> float:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"expected a number, got {_show(value)}")
        if value < 0:
            raise self.fail(key, f"must not be negative, got {value}")
        return float(value)

    def fen(self, key: str, default: Any = _MISSING) -> int:
        """An amount written in 元 (``39.9``), as integer fen."""
        value = self._get(key, default)
        if isinstance(value, bool):
            raise self.fail(key, f"expected an amount in 元, got {_show(value)}")
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(key, f"expected an amount in 元, got {_show(value)}") from None
        if amount < 0 or amount != amount.quantize(Decimal("0.01")):
            raise self.fail(key, f"expected a non-negative amount with at most 2 decimals: {value}")
        return int(amount * 100)

    def flag(self, key: str, default: Any = _MISSING) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {_show(value)}")
        return value

    def texts(self, key: str, default: Any = _MISSING) -> tuple[str, ...]:
        value = self._get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, f"expected a list of text, got {_show(value)}")
        return tuple(v.strip() for v in value)

    def items(self, key: str) -> list[Fields]:
        value = self._get(key, _MISSING)
        if not isinstance(value, list) or not value:
            raise self.fail(key, "expected a non-empty list")
        return [Fields(item, self.file, f"{self._path(key)}[{i}]") for i, item in enumerate(value)]


def _show(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
