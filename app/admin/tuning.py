"""The staff tools' tunable numbers, from ``tuning.yaml`` (errors name the field)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.admin.errors import AdminError

TUNING_PATH = Path(__file__).with_name("tuning.yaml")


class TuningError(AdminError):
    title = "Invalid staff-tools tuning"


@dataclass(frozen=True, slots=True)
class UnansweredTuning:
    outcomes: frozenset[str]
    handoff_reasons: frozenset[str]
    days: int
    max_messages: int
    similarity: float
    examples: int


@dataclass(frozen=True, slots=True)
class Tuning:
    unanswered: UnansweredTuning
    conflict_similarity: float


def load_tuning(path: Path = TUNING_PATH) -> Tuning:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unanswered = _section(data, "unanswered", path)
    conflicts = _section(data, "conflicts", path)
    return Tuning(
        unanswered=UnansweredTuning(
            outcomes=frozenset(_words(unanswered, "outcomes", path)),
            handoff_reasons=frozenset(_words(unanswered, "handoff_reasons", path)),
            days=int(_number(unanswered, "unanswered.days", path, 1, 3650)),
            max_messages=int(_number(unanswered, "unanswered.max_messages", path, 10, 100_000)),
            similarity=_number(unanswered, "unanswered.similarity", path, 1, 100),
            examples=int(_number(unanswered, "unanswered.examples", path, 1, 50)),
        ),
        conflict_similarity=_number(conflicts, "conflicts.similarity", path, 1, 100),
    )


def _section(data: Any, name: str, path: Path) -> dict[str, Any]:
    section = data.get(name) if isinstance(data, dict) else None
    if not isinstance(section, dict):
        raise TuningError(f"{path.name}: {name}: expected a mapping")
    return section


def _words(section: dict[str, Any], name: str, path: Path) -> list[str]:
    value = section.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TuningError(f"{path.name}: unanswered.{name}: expected a list of names")
    return value


def _number(section: dict[str, Any], name: str, path: Path, low: float, high: float) -> float:
    value = section.get(name.rpartition(".")[2])
    if not isinstance(value, int | float) or not low <= value <= high:
        raise TuningError(f"{path.name}: {name}: expected a number from {low} to {high}")
    return float(value)
