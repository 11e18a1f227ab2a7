"""Two simple peers the matcher must beat, over the same phrasings (script questions and rule
examples): rapidfuzz ``WRatio`` over the raw text, and BM25 (bm25s) over jieba tokens."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import bm25s
import jieba
from rapidfuzz import fuzz, process, utils

Labelled = Sequence[tuple[str, str]]  # (phrasing, intent label)
Predict = Callable[[str], str]


def wratio_peer(phrasings: Labelled, fallback: str) -> Predict:
    texts = [text for text, _ in phrasings]
    if not texts:
        return lambda message: fallback

    def predict(message: str) -> str:
        best = process.extractOne(
            message, texts, scorer=fuzz.WRatio, processor=utils.default_process
        )
        return phrasings[best[2]][1] if best else fallback

    return predict


def bm25_peer(phrasings: Labelled, fallback: str) -> Predict:
    if not phrasings:
        return lambda message: fallback
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()

    def tokens(text: str) -> list[str]:
        return [w for w in tokenizer.lcut(text.lower()) if w.strip()] or ["_"]

    retriever = bm25s.BM25()
    retriever.index([tokens(text) for text, _ in phrasings], show_progress=False)

    def predict(message: str) -> str:
        found, scores = retriever.retrieve([tokens(message)], k=1, show_progress=False)
        if scores[0][0] <= 0:
            return fallback
        return phrasings[int(found[0][0])][1]

    return predict
