"""Literal words a regular expression cannot match without: a cheap test before the regex.

``triggers(pattern)`` reads the parsed expression and returns a set of strings such that
every match contains at least one of them (``(态度|服务)(太)?差`` → {态度, 服务}), or None
when no such set can be told (``.{0,4}``, a negated class, a look-around). A rule whose
regex has triggers is only tried on messages holding one of them (``RuleFiring``), so staff
write plain regexes and the matcher still skips them on most messages. ``branches(pattern)``
splits a regex written as one alternation (``(?x) A | B | C``, one phrasing a line) into its
alternatives, each compiled on its own with its triggers: only those whose words are in the
message are tried.
"""

from __future__ import annotations

import re

# The parser behind ``re.compile``: private, but the only reader of a pattern's structure.
from re import _compiler as sre_compile  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

Triggers = frozenset[str]
MAX_TRIGGERS = 256  # words per regex (they go into one index: size costs only load time)
MAX_CLASS = 16  # a character class up to this size becomes one trigger per character
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}


def triggers(pattern: re.Pattern[str]) -> Triggers | None:
    """Strings (lower case) one of which is in every text ``pattern`` finds a match in."""
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None
    found, _ = _sequence(list(parsed), MAX_TRIGGERS)
    if not found or "" in found:
        return None
    return frozenset(word.lower() for word in found)


Branch = tuple[re.Pattern[str], Triggers | None]


def branches(pattern: re.Pattern[str] | str) -> list[Branch] | None:
    """The top-level alternatives of ``pattern``, each compiled alone (same flags) with its
    triggers; ``pattern`` finds a match in a text exactly when one of them does. None when
    the pattern is not one alternation or does not parse; ``re.error`` when an alternative
    does not compile (a look-behind of varying width)."""
    text, flags = (
        (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    )
    try:
        parsed = sre_parse.parse(text, flags)
    except Exception:
        return None
    if len(parsed.data) != 1 or parsed.data[0][0] is not sre.BRANCH:
        return None
    flags = flags | parsed.state.flags
    found = []
    for alternative in parsed.data[0][1][1]:
        words, _ = _sequence(list(alternative), MAX_TRIGGERS)
        usable = frozenset(w.lower() for w in words) if words and "" not in words else None
        found.append((sre_compile.compile(alternative, flags), usable))
    return found


Found = tuple[Triggers | None, bool]  # (triggers, exact: every match is one of them)


def _sequence(items: list[tuple[Any, Any]], limit: int) -> Found:
    """Of a sequence, the best requirement: exact parts in a row are multiplied out
    (不 + (换|想换) → {不换, 不想换}); the strongest product or part of at most ``limit``
    words wins."""
    options: list[Triggers] = []
    product: set[str] = {""}
    exact = True
    for op, value in items:
        found, found_exact = _item(op, value, limit)
        if found is not None and found_exact:
            if len(product) * len(found) <= limit:
                product = {a + b for a in product for b in found}
                continue
            options.append(frozenset(product))
            product, exact = set(found), False
            continue
        options.append(frozenset(product))
        product, exact = {""}, False
        if found is not None:
            options.append(found)
    if exact:
        return frozenset(product), True
    options.append(frozenset(product))
    useful = [option for option in options if "" not in option and len(option) <= limit]
    return max(useful, key=_strength, default=None), False


def _strength(found: Triggers) -> tuple[int, int]:
    """Longer words first (rarer in text), then fewer of them."""
    return min(map(len, found)), -len(found)


def _item(op: Any, value: Any, limit: int) -> Found:
    if op is sre.LITERAL:
        return frozenset({chr(value)}), True
    if op is sre.AT:  # an anchor matches no character
        return frozenset({""}), True
    if op is sre.SUBPATTERN:
        return _sequence(list(value[-1]), limit)
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(value), limit)
    if op in _REPEATS:
        low, _, body = value
        return (_sequence(list(body), limit)[0], False) if low >= 1 else (None, False)
    if op is sre.BRANCH:
        return _branch(value[1], limit)
    if op is sre.IN:
        return _char_class(value, limit), True
    return None, False


def _branch(branches: list[Any], limit: int) -> Found:
    """The union of the branches' triggers, each branch held to its share of ``limit``."""
    union: set[str] = set()
    exact = True
    share = max(1, limit // len(branches))
    for branch in branches:
        found, found_exact = _sequence(list(branch), share)
        if found is None or len(union | found) > limit:
            return None, False
        union |= found
        exact = exact and found_exact
    return frozenset(union), exact


def _char_class(members: list[tuple[Any, Any]], limit: int) -> Triggers | None:
    chars: set[str] = set()
    for op, value in members:
        if op is sre.LITERAL:
            chars.add(chr(value))
        elif op is sre.RANGE and value[1] - value[0] < MAX_CLASS:
            chars.update(chr(code) for code in range(value[0], value[1] + 1))
        else:
            return None
        if len(chars) > min(MAX_CLASS, limit):
            return None
    return frozenset(chars) or None
