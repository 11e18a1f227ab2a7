"""The flows' words: ``texts.zh.yaml``, templated with ``{variables}``, tuned by staff.

Loading checks the file's shape; rendering a key that is missing or a template whose
variable the flow did not give raises at once (tests render every flow branch).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from app.bot import Button

DEFAULT_TEXTS = Path(__file__).with_name("texts.zh.yaml")
SHOP_TZ = timezone(timedelta(hours=8), "CST")  # China has one time zone and no DST


class TextsError(ValueError):
    pass


class Texts:
    def __init__(
        self,
        data: Mapping[str, Any],
        source: str = "<texts>",
        defaults: Mapping[str, Any] | None = None,
    ) -> None:
        self._source = source
        self._data = data
        # Shop values every text may use: {shop_name}, {policy_report_window_hours} ...
        self._defaults = dict(defaults or {})
        for section in ("texts", "buttons", "words"):
            for key in data.get(section) or {}:
                if not isinstance(key, str):
                    raise TextsError(
                        f"{source}: {section}: key {key!r} is not text "
                        "(YAML reads yes/no/on/off as true/false: quote it)"
                    )
        self._texts: dict[str, str] = {}
        self._buttons: dict[str, Button] = {}
        self.words: dict[str, tuple[str, ...]] = {}
        for key, value in (data.get("texts") or {}).items():
            if not isinstance(value, str):
                raise TextsError(f"{source}: texts.{key} must be a string")
            _check_template(source, key, value)
            self._texts[key] = value.strip()
        for key, value in (data.get("buttons") or {}).items():
            if not isinstance(value, dict) or not {"label", "text"} <= value.keys():
                raise TextsError(f"{source}: buttons.{key} needs a label and a text")
            self._buttons[key] = Button(label=str(value["label"]), text=str(value["text"]))
        for key, value in (data.get("words") or {}).items():
            if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                raise TextsError(f"{source}: words.{key} must be a list of strings")
            self.words[key] = tuple(value)

    @classmethod
    def load(cls, path: Path = DEFAULT_TEXTS) -> Texts:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise TextsError(f"{path}: expected a mapping")
        return cls(data, str(path))

    def with_defaults(self, defaults: Mapping[str, Any]) -> Texts:
        return Texts(self._data, self._source, {**self._defaults, **defaults})

    def __call__(self, key: str, **values: Any) -> str:
        try:
            template = self._texts[key]
        except KeyError:
            raise TextsError(f"no text {key!r}") from None
        try:
            return template.format_map({**self._defaults, **values})
        except (KeyError, IndexError) as error:
            raise TextsError(f"{self._source}: texts.{key} uses unknown {error}") from None

    def button(self, key: str, **values: Any) -> Button:
        try:
            button = self._buttons[key]
        except KeyError:
            raise TextsError(f"no button {key!r}") from None
        return Button(button.label.format_map(values), button.text.format_map(values))

    def has_word(self, group: str, text: str) -> bool:
        return any(word in text for word in self.words.get(group, ()))

    def has(self, key: str) -> bool:
        return key in self._texts

    def keys(self) -> list[str]:
        return list(self._texts)


def _check_template(source: str, key: str, template: str) -> None:
    try:
        list(string.Formatter().parse(template))
    except ValueError as error:
        raise TextsError(f"{source}: texts.{key}: {error}") from error


def yuan(fen: int) -> str:
    """``12900`` → ``129``, ``3990`` → ``39.90``."""
    whole, cents = divmod(abs(fen), 100)
    sign = "-" if fen < 0 else ""
    return f"{sign}{whole}" if cents == 0 else f"{sign}{whole}.{cents:02d}"


def local_time(value: datetime) -> str:
    """A time as a shopper reads it: ``11月20日 14:05`` in China time."""
    local = value.astimezone(SHOP_TZ)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def hours(delta: timedelta) -> int:
    return int(delta.total_seconds() // 3600)
