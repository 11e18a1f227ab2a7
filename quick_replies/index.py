"""Candidate retrieval: an inverted index over normalised tokens and pinyin syllable pairs.

Reading is bounded: features are taken rarest first until ``budget`` postings are read, then
``tail`` postings of each next feature (half the budget more at most); each posting list is
ordered shortest phrasing first, so a truncated list keeps the most focused phrasings. For a
given budget, cost per message stays flat as the library grows. Postings hold the
phrasings' texts themselves, not numbers: the scorer reads the strings next, and a string
brings its hash and its characters in one object, where a number would cost another trip
through memory.

The order is fixed by the data alone (lists shortest first, equal lengths by their texts;
phrasings in reading order): string hashes change with every process, and an order taken
from a set would let ties at the rerank pool's edge offer other buttons after a restart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from itertools import chain

from quick_replies.pinyin import PinyinKeys


class PhraseIndex:
    def __init__(
        self, texts: Sequence[str], tokens: Sequence[Sequence[str]], pinyin: PinyinKeys
    ) -> None:
        self._pinyin = pinyin
        postings: dict[Hashable, set[str]] = defaultdict(set)
        for text, words in zip(texts, tokens, strict=True):
            for feature in self.features(text, words):
                postings[feature].add(text)
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._postings = {  # equal lists (a word and its pinyin pair, mostly) are one object
            feature: shared.setdefault(ordered, ordered)
            for feature, found in postings.items()
            for ordered in [tuple(sorted(found, key=lambda text: (len(text), text)))]
        }

    def features(self, text: str, tokens: Sequence[str]) -> list[Hashable]:
        """Word tokens (strings) and pinyin syllable pairs (tuples): the two never collide."""
        return [*tokens, *self._pinyin.bigrams(text)]

    def candidates(self, text: str, tokens: Sequence[str], budget: int, tail: int = 0) -> list[str]:
        """Phrasings (their texts) sharing the message's features: lists are read rarest first
        until ``budget`` postings are read, then the first ``tail`` (the shortest phrasings) of
        each next list, up to ``budget // 2`` more postings, so a common word (退款) still
        brings its closest phrasings and a long message does not read without end. Each
        phrasing comes once, in reading order."""
        found = map(self._postings.get, set(self.features(text, tokens)))
        lists = sorted({id(docs): docs for docs in found if docs}.values(), key=_reading_order)
        chosen: list[tuple[str, ...]] = []
        left, extra = budget, budget // 2
        for docs in lists:
            if len(docs) <= left:
                chosen.append(docs)
                left -= len(docs)
                continue
            take = max(left, min(tail, extra))
            if not take:
                break
            chosen.append(docs[:take])
            extra -= take - left
            left = 0
        return list(dict.fromkeys(chain.from_iterable(chosen)))

    def feature_count(self) -> int:
        return len(self._postings)


def _reading_order(docs: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    """Shortest list first; lists of one length by their texts (equal lists are one object)."""
    return len(docs), docs
