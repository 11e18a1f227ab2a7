"""Retrieval reads a bounded number of postings, yet keeps the closest phrasings of common
words and finds homophone typos through pinyin."""

from __future__ import annotations

from quick_replies.index import PhraseIndex
from quick_replies.normalize import Normaliser
from quick_replies.pinyin import PinyinKeys


def build(normaliser: Normaliser, phrasings: list[str]) -> tuple[PhraseIndex, list[str]]:
    texts, tokens = [], []
    for phrase in phrasings:
        normalised = normaliser.normalise(phrase)
        texts.append(normalised.text)
        tokens.append(normalised.tokens)
    return PhraseIndex(texts, tokens, PinyinKeys(normaliser.language.syllables)), texts


def test_a_common_word_still_brings_its_shortest_phrasings(normaliser: Normaliser) -> None:
    refunds = [f"退款{'的事情' * n}怎么办{n}" for n in range(40)]
    index, texts = build(normaliser, ["发票抬头", "发票税号", *refunds])
    message = normaliser.normalise("发票退款")
    without_tail = index.candidates(message.text, message.tokens, budget=2)
    with_tail = index.candidates(message.text, message.tokens, budget=2, tail=3)
    assert {texts[doc] for doc in without_tail} == {"发票抬头", "发票税号"}
    assert len(with_tail) == 5
    assert {texts[doc] for doc in with_tail - without_tail} == {
        normaliser.normalise(refunds[n]).text for n in range(3)
    }


def test_a_homophone_typo_shares_pinyin_features(normaliser: Normaliser) -> None:
    index, texts = build(normaliser, ["怎么开发票", "运费多少"])
    message = normaliser.normalise("运废")  # no word in common, the same sounds
    assert not set(message.tokens) & {"运费", "多少"}
    assert {texts[doc] for doc in index.candidates(message.text, message.tokens, 10)} == {texts[1]}
