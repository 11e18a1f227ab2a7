"""Fuzzy matching of a normalised message against every phrasing of scripts and rules.

Retrieve (``PhraseIndex``), prefilter with ``ratio`` in C (``process.extract``), then score
the pool with ``score_pool`` and keep the best phrasing per target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from rapidfuzz import fuzz, process

from quick_replies.index import PhraseIndex
from quick_replies.normalize import Normalised, Normaliser
from quick_replies.pinyin import PinyinKeys
from quick_replies.scoring import Scored, describe, score_pool
from quick_replies.settings import MatchSettings


@dataclass(frozen=True, slots=True)
class Target:
    """What a phrasing points to: a script or a rule (through its examples)."""

    kind: str  # "script" | "rule"
    id: str
    intent: str
    label: str  # its first phrasing, offered as a button when clarifying


@dataclass(frozen=True, slots=True)
class Candidate:
    target: Target
    score: float
    scorer: str
    phrase: str  # the normalised phrasing that scored best

    def to_dict(self) -> dict[str, object]:
        return {
            self.target.kind: self.target.id,
            "intent": self.target.intent,
            "score": self.score,
            "scorer": self.scorer,
            "phrase": self.phrase,
        }


class FuzzyMatcher:
    def __init__(
        self,
        phrasings: Sequence[tuple[Target, str]],
        normaliser: Normaliser,
        settings: MatchSettings,
    ) -> None:
        self._settings = settings
        targets, texts, spaced, tokens = [], [], [], []
        for target, phrase in phrasings:
            normalised = normaliser.normalise(phrase)
            if normalised.text:
                targets.append(target)
                texts.append(normalised.text)
                spaced.append(" ".join(normalised.tokens))
                tokens.append(normalised.tokens)
        self._targets: list[Target] = list(dict.fromkeys(targets))
        number = {target: index for index, target in enumerate(self._targets)}
        self._target_of: list[int] = [number[target] for target in targets]
        self._texts: list[str] = texts
        self._spaced: list[str] = spaced
        self.index = PhraseIndex(texts, tokens, PinyinKeys(normaliser.language.syllables))

    def __len__(self) -> int:
        return len(self._texts)

    def search(self, message: Normalised, limit: int) -> list[Candidate]:
        """The best ``limit`` targets, best first."""
        text = message.text
        if not text:
            return []
        settings = self._settings
        docs = list(
            self.index.candidates(
                text, message.tokens, settings.retrieval_budget, settings.retrieval_tail
            )
        )
        if not docs:
            return []
        return self._rank(message, docs, limit)

    def exhaustive(self, message: Normalised, limit: int) -> list[Candidate]:
        """The same scoring over every phrasing, without the index: the reference the index
        is measured against (``bench.match_latency``)."""
        return self._rank(message, range(len(self._texts)), limit)

    def _rank(self, message: Normalised, docs: Sequence[int], limit: int) -> list[Candidate]:
        """Prefilter ``docs`` with ``ratio``, score the pool, keep the best phrasing per target."""
        text = message.text
        texts = itemgetter(*docs)(self._texts) if len(docs) > 1 else (self._texts[docs[0]],)
        pool = process.extract(
            text, texts, scorer=fuzz.ratio, limit=self._settings.rerank_pool, processor=None
        )
        chosen = [docs[at] for _, _, at in pool]
        scores = score_pool(
            text,
            " ".join(message.tokens),
            [self._texts[doc] for doc in chosen],
            [self._spaced[doc] for doc in chosen],
            [ratio for _, ratio, _ in pool],
            self._settings,
        )
        best: dict[int, tuple[Scored, int]] = {}
        for doc, scored in zip(chosen, scores, strict=True):
            target = self._target_of[doc]
            held = best.get(target)
            if held is None or scored[0] > held[0][0]:
                best[target] = (scored, doc)
        ranked = sorted(best.items(), key=lambda item: -item[1][0][0])[:limit]
        targets, texts = self._targets, self._texts
        return [
            Candidate(targets[target], round(scored[0], 1), describe(scored), texts[doc])
            for target, (scored, doc) in ranked
        ]
