"""How well a message matches phrasings: the best of three rapidfuzz scorers.

- ``ratio`` over the normalised characters: close rewordings and typos;
- ``token_set_ratio`` over jieba tokens: the same words in another order or with extras;
- ``partial_ratio`` only when one side is much longer: a short question inside a long message.
The weights come from ``MatchSettings`` (0-100 scale). Each scorer runs once over the whole
pool (``process.extract`` loops in C).
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from quick_replies.settings import MatchSettings

Scored = tuple[float, str]  # (score, name of the scorer that gave it)


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
    best: list[Scored] = [(ratio, "ratio") for ratio in ratios]
    weight = settings.token_set_weight
    for _, score, at in process.extract(
        spaced, doc_spaced, scorer=fuzz.token_set_ratio, limit=None, processor=None
    ):
        if score * weight > best[at][0]:
            best[at] = (score * weight, "token_set")
    size, factor = len(text), settings.partial_length_ratio
    uneven = [
        at
        for at, doc in enumerate(doc_texts)
        if size >= factor * len(doc) or len(doc) >= factor * size
    ]
    if uneven:
        weight = settings.partial_weight
        subset = [doc_texts[at] for at in uneven]
        for _, score, at in process.extract(
            text, subset, scorer=fuzz.partial_ratio, limit=None, processor=None
        ):
            if score * weight > best[uneven[at]][0]:
                best[uneven[at]] = (score * weight, "partial")
    return best


def combined_score(
    text: str, spaced: str, doc_text: str, doc_spaced: str, settings: MatchSettings
) -> Scored:
    """The same score for one phrasing (explanations, tools)."""
    ratio = fuzz.ratio(text, doc_text)
    return score_pool(text, spaced, [doc_text], [doc_spaced], [ratio], settings)[0]
