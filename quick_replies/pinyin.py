"""Pinyin keys, so a homophone typo (发漂 for 发票) still retrieves the right phrasing."""

from __future__ import annotations

from itertools import pairwise

from pypinyin import lazy_pinyin


class PinyinKeys:
    """Toneless pinyin per character, looked up once per character and then cached."""

    def __init__(self) -> None:
        self._syllables: dict[str, str] = {}

    def syllable(self, char: str) -> str:
        syllable = self._syllables.get(char)
        if syllable is None:
            syllable = lazy_pinyin(char)[0] if "\u3400" <= char <= "\u9fff" else char
            self._syllables[char] = syllable
        return syllable

    def syllables(self, text: str) -> list[str]:
        return [self.syllable(char) for char in text]

    def bigrams(self, text: str) -> list[str]:
        """Adjacent syllable pairs (``fa|piao``), the pinyin features of the index."""
        syllables = self.syllables(text)
        if len(syllables) == 1:
            return syllables
        return [f"{a}|{b}" for a, b in pairwise(syllables)]
