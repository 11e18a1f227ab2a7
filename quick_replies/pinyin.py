"""Pinyin keys, so a homophone typo (发漂 for 发票) still retrieves the right phrasing."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from itertools import pairwise


class PinyinKeys:
    def __init__(self, syllables: Mapping[str, str]) -> None:
        """``syllables``: toneless pinyin of each CJK character (``LanguageData.syllables``);
        any other character stands for itself."""
        self._syllables = syllables

    def bigrams(self, text: str) -> list[Hashable]:
        """Adjacent syllable pairs (``("fa", "piao")``), the pinyin features of the index;
        a one-character text gives its syllable."""
        syllables = map(self._syllables.get, text, text)
        return list(syllables) if len(text) < 2 else list(pairwise(syllables))
