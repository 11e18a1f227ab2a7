"""The one escalation policy: when the bot hands a conversation to a person, and why.

The intent rules detect explicit requests for a person and complaint words (they answer
``Reply(outcome="handoff", handoff_reason="asked_for_human" | "complaint")``), and flows
hand off with their own reasons; this policy owns what only the conversation shows:
anger rising over several messages, the bot missing twice in a row, the same question
asked again. It also owns, for every reason, the shopper's message and the priority
class. All of it is data (``policy.yaml``), validated at load (``policy_file``).

The policy is pure: what it remembers between messages (the anger score, consecutive
misses, recent questions, the last intent) lives in a JSON-serialisable ``signals`` dict
that the caller keeps in the conversation's memory.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import translate
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from app.bot import Reply
from handoff.assignments import ServiceLevels
from handoff.enums import EscalationReason, PriorityClass
from handoff.policy_file import PolicyFile, read_policy_file, validate_policy
from handoff.question_subject import different, remembered, subject_of
from handoff.queue import QueueTuning

DEFAULT_POLICY_PATH = Path(__file__).with_name("policy.yaml")
CLASS_ORDER = (PriorityClass.DISPUTE, PriorityClass.AFTERSALE, PriorityClass.PRESALE)

Normaliser = Callable[[str], str]
Scorer = Callable[..., float]


def default_normalise(text: str) -> str:
    """Full-width → half-width (NFKC), lower case, no white space."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


@dataclass(frozen=True, slots=True)
class Escalation:
    reason: str  # an EscalationReason or a flow's handoff_reason
    priority_class: PriorityClass
    message: str  # Chinese, for the shopper
    detail: dict[str, Any] = field(default_factory=dict)  # for agents only

    def to_dict(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "priority_class": str(self.priority_class),
            "message": self.message,
            "detail": self.detail,
        }


class EscalationPolicy:
    def __init__(
        self,
        rules: PolicyFile,
        *,
        normalise: Normaliser = default_normalise,
        scorer: Scorer = fuzz.ratio,
    ) -> None:
        self.rules = rules
        self.texts = rules.texts
        self._normalise = normalise
        self._scorer = scorer
        anger = rules.anger
        self._insults = _alternation(anger.insults, normalise)
        self._negative = {normalise(word): w for word, w in anger.negative_words.items()}
        self._negative_re = _alternation(anger.negative_words, normalise)
        self._shouting = re.compile(f"[!?]{{{anger.exclamation_run},}}")
        self._ignored_questions = {_key(p, normalise) for p in rules.repeated_question.ignore}
        self._class_patterns = [  # one compiled pattern per class, in precedence order
            (cls, re.compile("|".join(translate(p) for p in rules.priority.intents[cls])))
            for cls in CLASS_ORDER
            if rules.priority.intents.get(cls)
        ]
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
        return cls.from_data(read_policy_file(path), source=str(path), **options)

    @classmethod
    def from_data(cls, data: object, *, source: str = "policy", **options: Any) -> EscalationPolicy:
        return cls(validate_policy(data, source), **options)

    # -- before the bot: the shopper's mood ------------------------------------------------

    def before_bot(self, text: str, signals: dict[str, Any]) -> Escalation | None:
        """Judge a shopper message before the bot answers it; ``signals`` is updated."""
        rules = self.rules.anger
        if not rules.enabled:
            return None
        mood = self._anger_score(text, self._normalise(text))
        running = float(signals.get("anger", 0.0)) * rules.decay + mood.pop("score")
        signals["anger"] = round(running, 3)
        if signals["anger"] < rules.threshold:
            return None
        detail = {"score": signals["anger"], **mood}
        signals["anger"] = 0.0  # a fresh start if the chat comes back to the bot
        return self._escalate(EscalationReason.ANGER, signals, detail, rules.message)

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
        if reply.intent:
            signals["last_intent"] = reply.intent
        if reply.outcome == "handoff":
            signals["misses"] = 0
            return self.for_handoff_reply(reply, signals)
        escalation = self._repeated_failure(reply, signals)
        repeat = self._repeated_question(text, signals, reply.explanation.get("slots"))
        return escalation or repeat

    def for_handoff_reply(self, reply: Reply, signals: Mapping[str, Any]) -> Escalation:
        """A rule or flow asked for a person: its reason, message and priority class."""
        reason = reply.handoff_reason or "flow"
        section = self.rules.handoff
        summary = str(reply.explanation.get("summary") or "")  # a flow's own words
        own = reply.text.removeprefix(summary) if summary else reply.text
        message = summary + (section.messages.get(reason) or own or section.default)
        detail = {"handoff_reason": reply.handoff_reason, "intent": reply.intent}
        extra = [reply.intent, reply.handoff_reason]
        return self._escalate(reason, signals, detail, message, extra_intents=extra)

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
        return self._escalate(EscalationReason.REPEATED_FAILURE, signals, detail, rules.message)

    def _repeated_question(
        self, text: str, signals: dict[str, Any], slots: Mapping[str, Any] | None = None
    ) -> Escalation | None:
        """The same words about the same thing: ``XG001 到哪了`` then ``XG002 到哪了`` are
        two questions (``handoff.question_subject``), only then are the words compared."""
        rules = self.rules.repeated_question
        if not rules.enabled:
            return None
        key = _key(text, self._normalise)
        if len(key) < rules.min_chars or key in self._ignored_questions:
            return None
        about = subject_of(key, slots or {}, rules.slots)
        recent = [remembered(item) for item in signals.get("recent", [])][-(rules.window - 1) :]
        same_subject = [q for q, subject in recent if not different(subject, about)]
        similar = process.extract(
            key, same_subject, scorer=self._scorer, score_cutoff=rules.similarity, limit=None
        )
        signals["recent"] = [{"q": q, "about": subject} for q, subject in recent]
        signals["recent"].append({"q": key, "about": about})
        if len(similar) + 1 < rules.times:
            return None
        signals["recent"] = []
        best = max(score for _, score, _ in similar)
        detail = {"times": len(similar) + 1, "similarity": round(best, 1), "about": about}
        return self._escalate(EscalationReason.REPEATED_QUESTION, signals, detail, rules.message)

    # -- shared ---------------------------------------------------------------------------

    def reset(self, signals: dict[str, Any]) -> None:
        """Forget the counters (not the last intent): call when an agent hands the chat back."""
        for name in ("anger", "misses", "recent"):
            signals.pop(name, None)

    def priority_for(self, reason: str, intents: Iterable[str | None] = ()) -> PriorityClass:
        rules = self.rules.priority
        if (mapped := rules.reasons.get(str(reason))) is not None:
            return mapped
        names = [name for name in intents if name]
        for priority_class, pattern in self._class_patterns:
            if any(pattern.match(name) for name in names):
                return priority_class
        return rules.default

    def _escalate(
        self,
        reason: str,
        signals: Mapping[str, Any],
        detail: dict[str, Any],
        message: str,
        extra_intents: Iterable[str | None] = (),
    ) -> Escalation:
        priority = self.priority_for(reason, [*extra_intents, signals.get("last_intent")])
        return Escalation(str(reason), priority, message, detail)


_PUNCTUATION = re.compile(r"[\W_]+")


def _key(phrase: str, normalise: Normaliser) -> str:
    return _PUNCTUATION.sub("", normalise(phrase))


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
