"""Candidate retrieval: an inverted index over normalised tokens and pinyin syllable pairs.

Reading is bounded: features are taken rarest first until ``budget`` postings are read, then
``tail`` postings of each remaining feature; each posting list is ordered shortest phrasing
first, so a truncated list keeps the most focused phrasings. Cost per message stays flat as
the library grows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

from quick_replies.pinyin import PinyinKeys


class PhraseIndex:
    def __init__(
        self, texts: Sequence[str], tokens: Sequence[Sequence[str]], pinyin: PinyinKeys
    ) -> None:
        self._pinyin = pinyin
        postings: dict[Hashable, list[int]] = defaultdict(list)
        for doc, (text, words) in enumerate(zip(texts, tokens, strict=True)):
            for feature in set(self.features(text, words)):
                postings[feature].append(doc)
        self._postings = {
            feature: tuple(sorted(docs, key=lambda doc: len(texts[doc])))
            for feature, docs in postings.items()
        }

    def features(self, text: str, tokens: Sequence[str]) -> list[Hashable]:
        """Word tokens (strings) and pinyin syllable pairs (tuples): the two never collide."""
        return [*tokens, *self._pinyin.bigrams(text)]

    def candidates(self, text: str, tokens: Sequence[str], budget: int, tail: int = 0) -> set[int]:
        """Phrasings sharing the message's features: lists are read rarest first until
        ``budget`` postings are read, then only the first ``tail`` (the shortest phrasings)
        of each remaining list, so a common word (退款) still brings its closest phrasings."""
        found = map(self._postings.get, set(self.features(text, tokens)))
        lists = sorted(filter(None, found), key=len)
        chosen: list[tuple[int, ...]] = []
        left = budget
        for docs in lists:
            if len(docs) <= left:
                chosen.append(docs)
                left -= len(docs)
            else:
                chosen.append(docs[: max(left, tail)])
                left = 0
        return set().union(*chosen)

    def feature_count(self) -> int:
        return len(self._postings)
