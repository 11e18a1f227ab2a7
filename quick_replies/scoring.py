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

Scored = tuple[float, str]  # (score, how it was made)


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
    total = 1 + settings.partial_weight + settings.token_set_weight
    return [
        (
            (ratio + settings.partial_weight * p + settings.token_set_weight * t) / total,
            f"ratio={ratio:.0f} partial={p:.0f} token_set={t:.0f}",
        )
        for ratio, p, t in zip(ratios, partial, token_set, strict=True)
    ]


def combined_score(
    text: str, spaced: str, doc_text: str, doc_spaced: str, settings: MatchSettings
) -> Scored:
    """The same score for one phrasing (explanations, tools)."""
    ratio = fuzz.ratio(text, doc_text)
    return score_pool(text, spaced, [doc_text], [doc_spaced], [ratio], settings)[0]


def _scores(query: str, docs: Sequence[str], scorer: Any, weight: float) -> list[float]:
    scores = [0.0] * len(docs)
    if weight:
        for _, score, at in process.extract(query, docs, scorer=scorer, limit=None, processor=None):
            scores[at] = score
    return scores
