"""Chinese-aware search over library items: both sides normalised, then RapidFuzz.

Normalising first means 繁體, full-width letters, typos and synonyms the matcher folds
are folded here too, so 發票 finds a script about 发票.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rapidfuzz import fuzz

from app.admin.schemas import ItemOut

Normalise = Callable[[str], str]
MIN_SCORE = 60.0


def item_texts(item: dict[str, Any]) -> list[str]:
    """Every piece of text an item holds (keys, phrasings, answer, words, tags ...)."""
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(item)
    return texts


def score(query: str, normalised_query: str, texts: Iterable[str], normalise: Normalise) -> float:
    best = 0.0
    for text in texts:
        if query.lower() in text.lower():
            return 100.0
        form = normalise(text)
        if normalised_query and normalised_query in form:
            best = max(best, 95.0)
        elif normalised_query and form:
            best = max(best, fuzz.partial_ratio(normalised_query, form))
    return best


def search(items: Iterable[ItemOut], query: str, normalise: Normalise) -> list[ItemOut]:
    query = query.strip()
    if not query:
        return list(items)
    normalised_query = normalise(query)
    scored = [
        (score(query, normalised_query, [out.key, *item_texts(out.item)], normalise), out)
        for out in items
    ]
    ranked = sorted((pair for pair in scored if pair[0] >= MIN_SCORE), key=lambda p: -p[0])
    return [out for _, out in ranked]
