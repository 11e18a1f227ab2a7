"""Candidate retrieval: an inverted index over normalised tokens and pinyin syllable pairs.

Reading is bounded: features are taken rarest first until ``budget`` postings are read, then
``tail`` postings of each next feature (half the budget more at most); each posting list is
ordered shortest phrasing first, so a truncated list keeps the most focused phrasings. For a
given budget, cost per message stays flat as the library grows. Posting lists hold the
phrasings' texts themselves, not numbers: the scorer reads the strings next, and a string
brings its hash and its characters in one object, where a number would cost another trip
through memory. Features, though, lead to the number of their list (its place in reading
order): a message's lists are then found, deduplicated and ordered in C, as plain integers.

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
        ordered = {
            feature: tuple(sorted(found, key=lambda text: (len(text), text)))
            for feature, found in postings.items()
        }
        # Equal lists (a word and its pinyin pair, mostly) are one list; numbers start at 1,
        # so a feature without a list (None) and a list are told apart by truth.
        lists = sorted(set(ordered.values()), key=_reading_order)
        self._lists: list[tuple[str, ...]] = [(), *lists]
        number = {docs: at for at, docs in enumerate(self._lists)}
        self._postings = {feature: number[docs] for feature, docs in ordered.items()}

    def features(self, text: str, tokens: Sequence[str]) -> list[Hashable]:
        """Word tokens (strings) and pinyin syllable pairs (tuples): the two never collide."""
        return [*tokens, *self._pinyin.bigrams(text)]

    def candidates(self, text: str, tokens: Sequence[str], budget: int, tail: int = 0) -> list[str]:
        """Phrasings (their texts) sharing the message's features: lists are read rarest first
        until ``budget`` postings are read, then the first ``tail`` (the shortest phrasings) of
        each next list, up to ``budget // 2`` more postings, so a common word (退款) still
        brings its closest phrasings and a long message does not read without end. Each
        phrasing comes once, in reading order."""
        found = sorted({*filter(None, map(self._postings.get, self.features(text, tokens)))})
        lists = map(self._lists.__getitem__, found)
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
    """Shortest list first; lists of one length by their texts."""
    return len(docs), docs
