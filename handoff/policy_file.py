"""The schema of ``policy.yaml``. ``extra="forbid"`` turns a misspelt key into an error
naming it; ``load_policy_file`` turns every problem into one ``PolicyError``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from handoff.enums import PriorityClass
from handoff.errors import PolicyError

ChineseText = Annotated[str, Field(min_length=1)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    enabled: bool = True


class AngerWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    insult: float = Field(default=3, ge=0)
    exclamation: float = Field(default=1, ge=0)
    caps: float = Field(default=1, ge=0)


class AngerRule(_Section):
    insults: list[str] = []
    negative_words: dict[str, float] = {}
    exclamation_run: int = Field(default=3, ge=2)
    caps_min_letters: int = Field(default=5, ge=2)
    weights: AngerWeights = AngerWeights()
    decay: float = Field(default=0.6, ge=0, le=1)
    threshold: float = Field(gt=0)
    message: ChineseText


class RepeatedFailureRule(_Section):
    outcomes: list[Literal["fallback", "clarify"]] = Field(default=["fallback"], min_length=1)
    in_a_row: int = Field(default=2, ge=1)
    message: ChineseText


class RepeatedQuestionRule(_Section):
    window: int = Field(default=4, ge=2)
    similarity: float = Field(default=85, ge=0, le=100)
    times: int = Field(default=2, ge=2)
    min_chars: int = Field(default=4, ge=1)
    ignore: list[str] = []
    # the matcher's slots that make two questions different (XG001 到哪了 / XG002 到哪了)
    slots: list[str] = ["order_no", "product", "products", "phone", "date"]
    message: ChineseText


class HandoffReasons(BaseModel):
    """What the shopper is told when a rule or flow hands off (``Reply.outcome ==
    "handoff"``), by its ``handoff_reason``; ``default`` for the others."""

    model_config = ConfigDict(extra="forbid")
    default: ChineseText
    messages: dict[str, ChineseText] = {}


class PriorityRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reasons: dict[str, PriorityClass] = {}
    intents: dict[PriorityClass, list[str]] = {}
    default: PriorityClass = PriorityClass.PRESALE


class QueueSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weights: dict[PriorityClass, float] = {
        PriorityClass.DISPUTE: 3,
        PriorityClass.AFTERSALE: 2,
        PriorityClass.PRESALE: 1,
    }
    aging_seconds: float = Field(default=300, gt=0)
    default_handling_seconds: float = Field(default=300, gt=0)
    recent_assignments: int = Field(default=20, ge=1)


class ServiceLevelSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    first_response_seconds: float = Field(default=30, gt=0)
    reply_seconds: float = Field(default=60, gt=0)


class DeskTexts(BaseModel):
    """What the desk tells shoppers as the handoff goes on ({agent}: the agent's name)."""

    model_config = ConfigDict(extra="forbid")
    agent_joined: ChineseText
    handed_back: ChineseText
    transferred: ChineseText
    resolved: ChineseText
    requeued: ChineseText
    queue_cancelled: ChineseText
    already_waiting: ChineseText
    closed_hours: ChineseText
    nobody_online: ChineseText
    left_message: ChineseText
    rated: ChineseText
    idle_reminder: ChineseText
    idle_closed: ChineseText


class PolicyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: Literal[1]
    anger: AngerRule
    repeated_failure: RepeatedFailureRule
    repeated_question: RepeatedQuestionRule
    handoff: HandoffReasons
    texts: DeskTexts
    priority: PriorityRules = PriorityRules()
    queue: QueueSection = QueueSection()
    service_levels: ServiceLevelSection = ServiceLevelSection()


def read_policy_file(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PolicyError(f"{path}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise PolicyError(f"{path}: not valid YAML: {error}") from None


def validate_policy(data: object, source: str) -> PolicyFile:
    if not isinstance(data, dict):
        raise PolicyError(f"{source}: the file must hold a mapping of sections")
    try:
        return PolicyFile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
            for item in error.errors()
        )
        raise PolicyError(f"{source}: {problems}") from None
