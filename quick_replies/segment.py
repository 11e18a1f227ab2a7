"""Word segmentation: jieba's dictionary and algorithm (no HMM), cheap to start and to run.

``Segmenter.cut`` gives exactly what ``jieba.Tokenizer.lcut(text, HMM=False)`` gives after
``add_word`` of the same user words (tests compare the two), but:
- the dictionary comes from ``WordTables`` (``quick_replies.language_data``): words grouped
  by first character, a group unpacked the first time a message needs it, shared by every
  segmenter of the process, so a start or a library reload does not unmarshal 350k words;
- user words live in the segmenter's own copies of the groups they touch;
- the DAG and the best route are built in one backward pass over precomputed log
  frequencies (jieba computes a logarithm per edge, per message).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from math import exp, log

from quick_replies.language_data import Table, WordTables

# jieba's own patterns (jieba.re_han_default, re_skip_default, re_eng as a set)
_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile(r"(\r\n|\s)")
_ENG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_ABSENT = float("-inf")  # no word: a weight is log(frequency) >= 0, or None for a prefix


class Segmenter:
    def __init__(self, tables: WordTables, user_words: Iterable[tuple[str, int | None]]) -> None:
        """``user_words``: (word, frequency), added in order as ``jieba.Tokenizer.add_word``
        does; a frequency of None is jieba's suggestion (just enough to keep the word whole)."""
        self._tables = tables
        self._own: dict[str, Table] = {}
        self._known: dict[str, Table] = {}  # the table of each character seen, own or shared
        self._total = tables.total
        self._log_total = log(self._total)
        for word, freq in user_words:
            self._add(word, self._suggested(word) if freq is None else freq)

    def _add(self, word: str, freq: int) -> None:
        table = self._own.get(word[0])
        if table is None:
            table = self._own[word[0]] = dict(self._tables.table(word[0]))
            self._known[word[0]] = table
        table[word] = log(freq) if freq else None
        for end in range(1, len(word)):
            table.setdefault(word[:end], None)
        self._total += freq
        self._log_total = log(self._total)

    def _suggested(self, word: str) -> int:
        """jieba's ``suggest_freq(word)``."""
        share = 1.0
        for part in self.cut(word):
            share *= self._frequency(part, 1) / float(self._total)
        return max(int(share * self._total) + 1, self._frequency(word, 1))

    def _frequency(self, word: str, missing: int) -> int:
        table = self._table(word[0])
        if word not in table:
            return missing
        weight = table[word]
        return 0 if weight is None else round(exp(weight))

    def cut(self, text: str) -> list[str]:
        words: list[str] = []
        for block in _HAN.split(text):
            if not block:
                continue
            if _HAN.match(block):
                words += self._cut_block(block)
                continue
            for part in _SKIP.split(block):
                if _SKIP.match(part):
                    words.append(part)
                else:
                    words += part  # one word per character, as jieba
        return words

    def _table(self, char: str) -> Table:
        table = self._known.get(char)
        if table is None:
            table = self._own.get(char) or self._tables.table(char)
            self._known[char] = table
        return table

    def _cut_block(self, block: str) -> list[str]:
        ends = self._best_ends(block)
        words: list[str] = []
        letters = ""
        start, size = 0, len(block)
        while start < size:
            end = ends[start] + 1
            word = block[start:end]
            if word in _ENG:
                letters += word  # single letters and digits are joined, as jieba
            else:
                if letters:
                    words.append(letters)
                    letters = ""
                words.append(word)
            start = end
        if letters:
            words.append(letters)
        return words

    def _best_ends(self, block: str) -> list[int]:
        """For each position, the last index of the word on the most probable route
        (jieba's ``get_DAG`` + ``calc``, with the same float arithmetic and tie-breaks:
        on equal scores the longer word wins)."""
        size = len(block)
        log_total = self._log_total
        known, table_of = self._known, self._table
        scores = [0.0] * (size + 1)
        ends = list(range(size))
        for start in range(size - 1, -1, -1):
            char = block[start]
            table = known.get(char)
            if table is None:
                table = table_of(char)
            best: float | None = None
            end, fragment = start, char
            while True:
                weight = table.get(fragment, _ABSENT)
                if weight is _ABSENT:
                    break
                if weight is not None:
                    score = weight - log_total + scores[end + 1]
                    if best is None or score >= best:
                        best, ends[start] = score, end
                end += 1
                if end == size:
                    break
                fragment = block[start : end + 1]
            scores[start] = 0.0 - log_total + scores[start + 1] if best is None else best
        return ends
