"""How well a message matches phrasings: a weighted mean of three rapidfuzz scorers.

- ``ratio`` over the normalised characters: close rewordings and typos (the main term);
- ``partial_ratio`` over the characters: a short question inside a long message;
- ``token_set_ratio`` over jieba tokens: the same words in another order.
On the development set a ratio-dominated mean beat every single scorer and the max of them
(the max lets one shared word score 100 through ``token_set_ratio``); see docs/matching.md.
Weights come from ``MatchSettings``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

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
    scores already computed by the prefilter. The pool is a handful of phrasings: each scorer
    is called directly, cheaper than a batch call at this size."""
    partial_weight, token_set_weight = settings.partial_weight, settings.token_set_weight
    total = 1 + partial_weight + token_set_weight
    partial_ratio = fuzz.partial_ratio if partial_weight else _zero
    token_set_ratio = fuzz.token_set_ratio if token_set_weight else _zero
    scored = []
    for ratio, doc_text, doc_words in zip(ratios, doc_texts, doc_spaced, strict=True):
        p = partial_ratio(text, doc_text)
        t = token_set_ratio(spaced, doc_words)
        scored.append(((ratio + partial_weight * p + token_set_weight * t) / total, ratio, p, t))
    return scored


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


def _zero(query: str, doc: str) -> float:
    return 0.0
