"""Chinese numerals (两, 十二, 一百零五, 3千) → int.

Common forms are read here; anything else goes to cn2an, imported on first need because
importing it costs ~0.13 s of cold start.
"""

from __future__ import annotations

_DIGITS = {c: v for v, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}
_DIGITS |= {str(v): v for v in range(10)}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}


def chinese_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if all(char in _DIGITS or char in _UNITS for char in text):
        return _read(text)
    return _cn2an(text)


def _read(text: str) -> int:
    total = section = digit = 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
            continue
        unit = _UNITS[char]
        if unit == 10_000:
            total += (section + digit) * unit
            section = 0
        else:
            section += (digit or 1) * unit
        digit = 0
    return total + section + digit


def _cn2an(text: str) -> int | None:
    import cn2an

    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None
