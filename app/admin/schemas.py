"""What staff send and get back: one input schema per kind of library item.

Field checks here give 422 errors with field paths; whether the edited library still
loads (known intent, known variables, unique ids ...) is the engine loader's job
(``validation``).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from app.admin.models import ItemKind

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def _number_as_text(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Word = Annotated[
    str,
    BeforeValidator(_number_as_text),  # YAML reads 12315 (a hotline) as a number
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^\S+$"),
]
Pattern = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Key = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9_-]{0,79}$")
]


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(default=0, ge=0, description="the version you edited; 0 to create")

    def item(self) -> dict[str, Any]:
        """The item as its file holds it (defaults and empty lists left out)."""
        data = self.model_dump(exclude={"version"}, exclude_none=True)
        return {key: value for key, value in data.items() if value not in ([], {})}


class ButtonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    text: Text


class ScriptIn(ItemIn):
    id: Key
    category: Word
    intent: Key
    questions: list[Text] = Field(min_length=2, max_length=200)
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    buttons: list[ButtonIn] = Field(default_factory=list, max_length=8)
    tags: list[Word] = Field(default_factory=list, max_length=20)
    enabled: bool = True
    flow: Key | None = None

    @field_validator("questions")
    @classmethod
    def _distinct(cls, questions: list[str]) -> list[str]:
        return _no_repeats(questions)

    def item(self) -> dict[str, Any]:
        data = super().item()
        if data.get("enabled") is True:
            del data["enabled"]
        return data


class WhenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    any: list[Word] = Field(default_factory=list)
    all: list[Word] = Field(default_factory=list)
    none: list[Word] = Field(default_factory=list)
    regex: list[Pattern] = Field(default_factory=list)


class RuleIn(ItemIn):
    name: Key
    intent: Key
    priority: int = Field(default=50, ge=0, le=1000)
    when: WhenIn | None = None
    examples: list[Text] = Field(default_factory=list, max_length=200)
    slots: dict[Key, dict[str, Any]] = Field(default_factory=dict)
    action: dict[str, str] = Field(min_length=1, max_length=1)
    file: Annotated[str, StringConstraints(pattern=r"^[\w.-]+\.yaml$")] | None = None

    def item(self) -> dict[str, Any]:
        data = super().item()
        when = {key: words for key, words in (data.get("when") or {}).items() if words}
        if when:
            data["when"] = when
        else:
            data.pop("when", None)
        return data

    @field_validator("action")
    @classmethod
    def _one_action(cls, action: dict[str, str]) -> dict[str, str]:
        kinds = {"flow", "script", "handoff"}
        if not set(action) <= kinds:
            raise ValueError(f"expected one of {', '.join(sorted(kinds))}")
        return action


class SynonymIn(ItemIn):
    canonical: Word
    variants: list[Word] = Field(min_length=1, max_length=100)

    @field_validator("variants")
    @classmethod
    def _distinct(cls, variants: list[str]) -> list[str]:
        return _no_repeats(variants)


class WordIn(ItemIn):
    word: Word
    freq: int | None = Field(default=None, ge=1, le=10_000_000)
    pos: Annotated[str, StringConstraints(pattern=r"^[a-zA-Z]{1,4}$")] | None = None


SCHEMAS: dict[ItemKind, type[ItemIn]] = {
    ItemKind.SCRIPT: ScriptIn,
    ItemKind.RULE: RuleIn,
    ItemKind.SYNONYM: SynonymIn,
    ItemKind.WORD: WordIn,
}
KEY_FIELD = {
    ItemKind.SCRIPT: "id",
    ItemKind.RULE: "name",
    ItemKind.SYNONYM: "canonical",
    ItemKind.WORD: "word",
}


def _no_repeats(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.add(value)
    return values


class ItemOut(BaseModel):
    kind: ItemKind
    key: str
    version: int
    item: dict[str, Any]
