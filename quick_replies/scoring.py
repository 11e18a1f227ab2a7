"""How well a message matches one phrasing: the best of three rapidfuzz scorers.

- ``ratio`` over the normalised characters: close rewordings and typos;
- ``token_set_ratio`` over jieba tokens: the same words in another order or with extras;
- ``partial_ratio`` only when one side is much longer: a short question inside a long message.
The weights come from ``MatchSettings`` (0-100 scale). Each later scorer gets the running
best as ``score_cutoff``, so it stops early when it cannot win.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from quick_replies.settings import MatchSettings


def combined_score(
    text: str, spaced: str, doc_text: str, doc_spaced: str, settings: MatchSettings
) -> tuple[float, str]:
    """``(score, scorer name)`` of the message ``text`` against one phrasing."""
    best, name = fuzz.ratio(text, doc_text), "ratio"
    weight = settings.token_set_weight
    by_tokens = fuzz.token_set_ratio(spaced, doc_spaced, score_cutoff=best / weight) * weight
    if by_tokens > best:
        best, name = by_tokens, "token_set"
    shorter, longer = sorted((len(text), len(doc_text)))
    if shorter and longer / shorter >= settings.partial_length_ratio:
        weight = settings.partial_weight
        partial = fuzz.partial_ratio(text, doc_text, score_cutoff=best / weight) * weight
        if partial > best:
            best, name = partial, "partial"
    return best, name
