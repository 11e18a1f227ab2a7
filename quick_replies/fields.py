"""Field checks shared by the script and rule loaders; each reports through ``YamlSource``."""

from __future__ import annotations

from typing import Any

from quick_replies.yaml_source import FieldPath, YamlSource


def text(source: YamlSource, path: FieldPath, value: Any, *, required: bool = True) -> str:
    if value is None:
        if required:
            source.problem(path, "missing")
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        source.problem(path, "expected text")
        return ""
    if not str(value).strip():
        source.problem(path, "empty")
    return str(value).strip()


def text_list(
    source: YamlSource, path: FieldPath, value: Any, *, minimum: int = 0
) -> tuple[str, ...]:
    if value is None:
        value = []
    if not isinstance(value, list):
        source.problem(path, "expected a list")
        return ()
    items = tuple(text(source, (*path, index), item) for index, item in enumerate(value))
    items = tuple(item for item in items if item)
    if len(items) < minimum:
        source.problem(path, f"expected at least {minimum} entries, got {len(items)}")
    return items


def mapping(source: YamlSource, path: FieldPath, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        source.problem(path, "expected a mapping")
        return {}
    return value


def sequence(source: YamlSource, path: FieldPath, value: Any) -> list[Any]:
    if value is None:
        source.problem(path, "missing")
        return []
    if not isinstance(value, list):
        source.problem(path, "expected a list")
        return []
    return value


def flag(source: YamlSource, path: FieldPath, value: Any, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        source.problem(path, "expected true or false")
        return default
    return value


def integer(source: YamlSource, path: FieldPath, value: Any, default: int) -> int:
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool):
        source.problem(path, "expected a whole number")
        return default
    return value


def unknown_keys(source: YamlSource, path: FieldPath, value: dict[str, Any], known: set[str]):
    for key in value:
        if key not in known:
            source.problem((*path, str(key)), f"unknown field (expected one of {sorted(known)})")
