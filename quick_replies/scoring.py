"""How well a message matches phrasings: a weighted mean of three rapidfuzz scorers.

- ``ratio`` over the normalised characters: close rewordings and typos (the main term);
- ``partial_ratio`` over the characters: a short question inside a long message;
- ``token_set_ratio`` over jieba tokens: the same words in another order.
On the development set a ratio-dominated mean beat every single scorer and the max of them
(the max lets one shared word score 100 through ``token_set_ratio``); see docs/matching.md.
Weights come from ``MatchSettings``; each scorer runs once over the pool, in C.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz, process

from quick_replies.settings import MatchSettings

Scored = tuple[float, float, float, float]  # (score, ratio, partial_ratio, token_set_ratio)


def score_pool(
    text: str,
    spaced: str,
    doc_texts: Sequence[str],
    doc_spaced: Sequence[str],
    ratios: Sequence[float],
    settings: MatchSettings,
) -> list[Scored]:
    """Scores of the message against each phrasing of the pool; ``ratios`` are the ``ratio``
    scores already computed by the prefilter."""
    partial = _scores(text, doc_texts, fuzz.partial_ratio, settings.partial_weight)
    token_set = _scores(spaced, doc_spaced, fuzz.token_set_ratio, settings.token_set_weight)
    partial_weight, token_set_weight = settings.partial_weight, settings.token_set_weight
    total = 1 + partial_weight + token_set_weight
    return [
        ((ratio + partial_weight * p + token_set_weight * t) / total, ratio, p, t)
        for ratio, p, t in zip(ratios, partial, token_set, strict=True)
    ]


def describe(scored: Scored) -> str:
    """How a score was made, for explanations (built only for the candidates shown)."""
    _, ratio, partial, token_set = scored
    return f"ratio={ratio:.0f} partial={partial:.0f} token_set={token_set:.0f}"


def combined_score(
    text: str, spaced: str, doc_text: str, doc_spaced: str, settings: MatchSettings
) -> tuple[float, str]:
    """The same score for one phrasing, and how it was made (explanations, tools)."""
    ratio = fuzz.ratio(text, doc_text)
    scored = score_pool(text, spaced, [doc_text], [doc_spaced], [ratio], settings)[0]
    return scored[0], describe(scored)


def _scores(query: str, docs: Sequence[str], scorer: Any, weight: float) -> list[float]:
    scores = [0.0] * len(docs)
    if weight:
        for _, score, at in process.extract(query, docs, scorer=scorer, limit=None, processor=None):
            scores[at] = score
    return scores
