"""Pinyin keys, so a homophone typo (发漂 for 发票) still retrieves the right phrasing."""

from __future__ import annotations

from collections.abc import Hashable
from itertools import pairwise

from pypinyin import lazy_pinyin


class _Syllables(dict[str, str]):
    """Toneless pinyin per character, looked up on first sight and then cached."""

    def __missing__(self, char: str) -> str:
        syllable = lazy_pinyin(char)[0] if "\u3400" <= char <= "\u9fff" else char
        self[char] = syllable
        return syllable


class PinyinKeys:
    def __init__(self) -> None:
        self._syllables = _Syllables()

    def syllables(self, text: str) -> list[str]:
        return list(map(self._syllables.__getitem__, text))

    def bigrams(self, text: str) -> list[Hashable]:
        """Adjacent syllable pairs (``("fa", "piao")``), the pinyin features of the index;
        a one-character text gives its syllable."""
        syllables = self.syllables(text)
        if len(syllables) < 2:
            return list(syllables)
        return list(pairwise(syllables))
