"""The one escalation policy: when the bot hands a conversation to a person, and why.

Every trigger, its phrases and thresholds, and the Chinese message the shopper gets are
data (``policy.yaml``), validated at load with errors that name the field. Phrase lists
are compiled into one regular expression per trigger at load, so a shopper message costs
one normalisation and a few regex searches.

The policy is pure: it keeps what it must remember between messages (the anger score,
consecutive misses, recent questions, the last intent) in a JSON-serialisable ``signals``
dict that the caller stores with the conversation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz, process

from app.bot import Reply
from handoff.assignments import ServiceLevels
from handoff.enums import EscalationReason, PriorityClass
from handoff.errors import PolicyError
from handoff.queue import QueueTuning

DEFAULT_POLICY_PATH = Path(__file__).with_name("policy.yaml")
CLASS_ORDER = (PriorityClass.DISPUTE, PriorityClass.AFTERSALE, PriorityClass.PRESALE)

ChineseText = Annotated[str, Field(min_length=1)]
Normaliser = Callable[[str], str]
Scorer = Callable[..., float]


def default_normalise(text: str) -> str:
    """Full-width → half-width (NFKC), lower case, no white space."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


@dataclass(frozen=True, slots=True)
class Escalation:
    reason: EscalationReason
    priority_class: PriorityClass
    message: str  # Chinese, for the shopper
    detail: dict[str, Any] = field(default_factory=dict)  # for agents only

    def to_dict(self) -> dict[str, Any]:
        return {
            "reason": str(self.reason),
            "priority_class": str(self.priority_class),
            "message": self.message,
            "detail": self.detail,
        }


# The file's schema. ``extra="forbid"`` turns a misspelt key into an error naming it.
class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    enabled: bool = True


class ExplicitRequestRule(_Section):
    phrases: list[str] = Field(min_length=1)
    whole_message: list[str] = []
    except_: list[str] = Field(default=[], alias="except")
    message: ChineseText


class ComplaintRule(_Section):
    phrases: list[str] = Field(min_length=1)
    message: ChineseText


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
    message: ChineseText


class FlowRequiredRule(_Section):
    message: ChineseText
    messages: dict[str, str] = {}


class PriorityRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reasons: dict[EscalationReason, PriorityClass] = {}
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


class PolicyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: Literal[1]
    explicit_request: ExplicitRequestRule
    complaint: ComplaintRule
    anger: AngerRule
    repeated_failure: RepeatedFailureRule
    repeated_question: RepeatedQuestionRule
    flow_required: FlowRequiredRule
    priority: PriorityRules = PriorityRules()
    queue: QueueSection = QueueSection()
    service_levels: ServiceLevelSection = ServiceLevelSection()


class EscalationPolicy:
    def __init__(
        self,
        rules: PolicyFile,
        *,
        normalise: Normaliser = default_normalise,
        scorer: Scorer = fuzz.ratio,
    ) -> None:
        self.rules = rules
        self._normalise = normalise
        self._scorer = scorer
        explicit, anger = rules.explicit_request, rules.anger
        self._explicit = _alternation(explicit.phrases, normalise)
        self._explicit_whole = {_key(p, normalise) for p in explicit.whole_message}
        self._explicit_except = _alternation(explicit.except_, normalise)
        self._complaint = _alternation(rules.complaint.phrases, normalise)
        self._insults = _alternation(anger.insults, normalise)
        self._negative = {normalise(word): w for word, w in anger.negative_words.items()}
        self._negative_re = _alternation(anger.negative_words, normalise)
        self._shouting = re.compile(f"[!?]{{{anger.exclamation_run},}}")
        self._ignored_questions = {_key(p, normalise) for p in rules.repeated_question.ignore}
        self.queue = QueueTuning(
            weights={str(k): v for k, v in rules.queue.weights.items()},
            aging_seconds=rules.queue.aging_seconds,
            default_handling_seconds=rules.queue.default_handling_seconds,
            recent_assignments=rules.queue.recent_assignments,
        )
        self.service_levels = ServiceLevels(
            first_response_seconds=rules.service_levels.first_response_seconds,
            reply_seconds=rules.service_levels.reply_seconds,
        )

    @classmethod
    def load(cls, path: Path | str = DEFAULT_POLICY_PATH, **options: Any) -> EscalationPolicy:
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise PolicyError(f"{path}: cannot read: {error.strerror}") from None
        except yaml.YAMLError as error:
            raise PolicyError(f"{path}: not valid YAML: {error}") from None
        return cls.from_data(data, source=str(path), **options)

    @classmethod
    def from_data(cls, data: object, *, source: str = "policy", **options: Any) -> EscalationPolicy:
        if not isinstance(data, dict):
            raise PolicyError(f"{source}: the file must hold a mapping of sections")
        try:
            rules = PolicyFile.model_validate(data)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
                for item in error.errors()
            )
            raise PolicyError(f"{source}: {problems}") from None
        return cls(rules, **options)

    # -- before the bot: what the shopper just wrote -------------------------------------

    def before_bot(self, text: str, signals: dict[str, Any]) -> Escalation | None:
        """Judge a shopper message before the bot answers it; ``signals`` is updated."""
        rules = self.rules
        normal = self._normalise(text)
        mood = self._anger_score(text, normal) if rules.anger.enabled else {}
        if mood:
            running = float(signals.get("anger", 0.0)) * rules.anger.decay + mood.pop("score")
            signals["anger"] = round(running, 3)
        if rules.complaint.enabled and (found := _search(self._complaint, normal)):
            return self._escalate(EscalationReason.COMPLAINT, signals, {"matched": found})
        if rules.anger.enabled and signals.get("anger", 0) >= rules.anger.threshold:
            detail = {"score": signals["anger"], **mood}
            signals["anger"] = 0.0  # a fresh start if the chat comes back to the bot
            return self._escalate(EscalationReason.ANGER, signals, detail)
        if rules.explicit_request.enabled and (found := self._explicit_request(normal)):
            return self._escalate(EscalationReason.EXPLICIT_REQUEST, signals, {"matched": found})
        return None

    def _explicit_request(self, normal: str) -> str | None:
        if _search(self._explicit_except, normal):
            return None
        key = _strip_punctuation(normal)
        if key in self._explicit_whole:
            return key
        return _search(self._explicit, normal)

    def _anger_score(self, raw: str, normal: str) -> dict[str, Any]:
        rules = self.rules.anger
        insults = sorted(set(self._insults.findall(normal))) if self._insults else []
        negative = sorted(set(self._negative_re.findall(normal))) if self._negative_re else []
        shouting = bool(self._shouting.search(normal))
        letters = [c for c in unicodedata.normalize("NFKC", raw) if c.isascii() and c.isalpha()]
        caps = len(letters) >= rules.caps_min_letters and all(c.isupper() for c in letters)
        score = (
            rules.weights.insult * len(insults)
            + sum(self._negative[word] for word in negative)
            + rules.weights.exclamation * shouting
            + rules.weights.caps * caps
        )
        found = {"insults": insults, "negative_words": negative, "shouting": shouting, "caps": caps}
        return {"score": score, **{name: value for name, value in found.items() if value}}

    # -- after the bot: how its answer went -----------------------------------------------

    def after_bot(self, reply: Reply, text: str, signals: dict[str, Any]) -> Escalation | None:
        """Judge the bot's reply to ``text``; ``signals`` is updated."""
        rules = self.rules
        if reply.intent:
            signals["last_intent"] = reply.intent
        if rules.flow_required.enabled and reply.outcome == "handoff":
            signals["misses"] = 0
            reason = reply.handoff_reason or ""
            message = rules.flow_required.messages.get(reason, rules.flow_required.message)
            detail = {"handoff_reason": reply.handoff_reason, "intent": reply.intent}
            return self._escalate(
                EscalationReason.FLOW_REQUIRED,
                signals,
                detail,
                message,
                extra_intents=[reply.intent, reply.handoff_reason],
            )
        escalation = self._repeated_failure(reply, signals)
        repeat = self._repeated_question(text, signals)
        return escalation or repeat

    def _repeated_failure(self, reply: Reply, signals: dict[str, Any]) -> Escalation | None:
        rules = self.rules.repeated_failure
        if not rules.enabled:
            return None
        misses = int(signals.get("misses", 0)) + 1 if reply.outcome in rules.outcomes else 0
        signals["misses"] = misses
        if misses < rules.in_a_row:
            return None
        signals["misses"] = 0
        detail = {"misses": misses, "last_outcome": reply.outcome}
        return self._escalate(EscalationReason.REPEATED_FAILURE, signals, detail)

    def _repeated_question(self, text: str, signals: dict[str, Any]) -> Escalation | None:
        rules = self.rules.repeated_question
        if not rules.enabled:
            return None
        key = _strip_punctuation(self._normalise(text))
        if len(key) < rules.min_chars or key in self._ignored_questions:
            return None
        recent: list[str] = list(signals.get("recent", []))[-(rules.window - 1) :]
        similar = process.extract(
            key, recent, scorer=self._scorer, score_cutoff=rules.similarity, limit=None
        )
        recent.append(key)
        signals["recent"] = recent
        if len(similar) + 1 < rules.times:
            return None
        signals["recent"] = []
        best = max(score for _, score, _ in similar)
        detail = {"times": len(similar) + 1, "similarity": round(best, 1)}
        return self._escalate(EscalationReason.REPEATED_QUESTION, signals, detail)

    # -- shared ---------------------------------------------------------------------------

    def reset(self, signals: dict[str, Any]) -> None:
        """Forget the counters (not the last intent): call when an agent hands the chat back."""
        for name in ("anger", "misses", "recent"):
            signals.pop(name, None)

    def priority_for(
        self, reason: EscalationReason | str, intents: Iterable[str | None] = ()
    ) -> PriorityClass:
        rules = self.rules.priority
        if (mapped := rules.reasons.get(EscalationReason(reason))) is not None:
            return mapped
        names = [name for name in intents if name]
        for priority_class in CLASS_ORDER:
            patterns = rules.intents.get(priority_class, [])
            if any(fnmatchcase(name, p) for name in names for p in patterns):
                return priority_class
        return rules.default

    def _escalate(
        self,
        reason: EscalationReason,
        signals: Mapping[str, Any],
        detail: dict[str, Any],
        message: str | None = None,
        extra_intents: Iterable[str | None] = (),
    ) -> Escalation:
        section = getattr(self.rules, str(reason))
        priority = self.priority_for(reason, [*extra_intents, signals.get("last_intent")])
        return Escalation(reason, priority, message or section.message, detail)


_PUNCTUATION = re.compile(r"[\W_]+")


def _strip_punctuation(text: str) -> str:
    return _PUNCTUATION.sub("", text)


def _key(phrase: str, normalise: Normaliser) -> str:
    return _strip_punctuation(normalise(phrase))


def _alternation(phrases: Iterable[str], normalise: Normaliser) -> re.Pattern[str] | None:
    """One regex for a phrase list, longest first; Latin words and numbers match whole."""
    words = sorted({normalise(str(p)) for p in phrases if str(p).strip()}, key=len, reverse=True)
    if not words:
        return None
    parts = [
        rf"(?<![0-9a-z]){re.escape(w)}(?![0-9a-z])" if w.isascii() and w.isalnum() else re.escape(w)
        for w in words
    ]
    return re.compile("|".join(parts))


def _search(pattern: re.Pattern[str] | None, text: str) -> str | None:
    if pattern is None:
        return None
    match = pattern.search(text)
    return match.group(0) if match else None
