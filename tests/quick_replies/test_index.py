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


def test_common_words_still_bring_their_shortest_phrasings_up_to_a_limit(
    normaliser: Normaliser,
) -> None:
    invoices = [f"发票抬头{n}" for n in range(8)]
    refunds = [f"退款{'的事情' * n}怎么办" for n in range(20)]
    fees = [f"运费{'的事情' * n}怎么算" for n in range(20)]
    index, texts = build(normaliser, [*invoices, *refunds, *fees])
    message = normaliser.normalise("发票退款运费")
    without_tail = set(index.candidates(message.text, message.tokens, budget=8))
    with_tail = set(index.candidates(message.text, message.tokens, budget=8, tail=3))
    assert without_tail == {texts[n] for n in range(8)}
    added = with_tail - without_tail
    shortest = {texts[8], texts[9], texts[10], texts[28], texts[29], texts[30]}
    assert len(added) == 8 // 2 and added <= shortest  # half the budget more, shortest first


def test_a_homophone_typo_shares_pinyin_features(normaliser: Normaliser) -> None:
    index, texts = build(normaliser, ["怎么开发票", "运费多少"])
    message = normaliser.normalise("运废")  # no word in common, the same sounds
    assert not set(message.tokens) & {"运费", "多少"}
    assert index.candidates(message.text, message.tokens, 10) == [texts[1]]


def test_a_phrasing_said_twice_is_read_once_shortest_first(normaliser: Normaliser) -> None:
    index, texts = build(normaliser, ["运费怎么算", "运费多少", "运费多少"])
    message = normaliser.normalise("运费")
    assert index.candidates(message.text, message.tokens, budget=2) == [texts[1], texts[0]]
