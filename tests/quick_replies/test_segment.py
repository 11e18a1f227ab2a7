"""The segmenter (jieba-rs) cuts exactly as jieba does (no HMM) with the same user words, and
the pinyin table comes from a cache file that is rebuilt when missing or damaged."""

from __future__ import annotations

import logging
from pathlib import Path

import jieba
import pytest
import yaml

from quick_replies.language_data import load_language_data, read_language_data
from quick_replies.lexicon import Lexicon
from quick_replies.normalize import Normaliser, load_normaliser, segmenter_words
from quick_replies.segment import Segmenter
from tests.quick_replies.conftest import FIXTURES

SENTENCES = [
    "我买的车厘子到哪了",
    "就是我发给你的这个能换别的么",
    "好的谢谢你们的客服",
    "请问阳光玫瑰和巨峰葡萄哪个甜",
    "顺丰冷链包邮吗 我在乌鲁木齐",
    "iphone13的壳子 abc 12 x1 ok吗",
    "猕猴桃坏果包赔七天无理由退货吗",
    "发漂怎么开？电子发票可以吗",
    "",
    "  ",
    "\ue000订单\ue001号",
]


@pytest.fixture(scope="module")
def jieba_with_lexicon(normaliser: Normaliser) -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq in segmenter_words(normaliser.lexicon):
        tokenizer.add_word(word, freq)
    return tokenizer


@pytest.mark.parametrize("sentence", SENTENCES)
def test_cuts_as_jieba_with_the_user_dictionary(
    normaliser: Normaliser, jieba_with_lexicon: jieba.Tokenizer, sentence: str
) -> None:
    segmenter = Segmenter(segmenter_words(normaliser.lexicon))
    assert segmenter.cut(sentence) == jieba_with_lexicon.lcut(sentence, HMM=False)


def test_user_words_stay_whole_and_do_not_leak_into_other_segmenters() -> None:
    plain = Segmenter([])
    with_word = Segmenter([("坏果包赔", None)])
    assert with_word.cut("坏果包赔吗") == ["坏果包赔", "吗"]
    assert "坏果包赔" not in plain.cut("坏果包赔吗")
    assert Segmenter([]).cut("坏果包赔吗") == plain.cut("坏果包赔吗")


def test_a_frequency_given_with_a_user_word_decides_the_cut() -> None:
    sentence = "坏果包赔吗"
    assert Segmenter([("果包", 10**6)]).cut(sentence) == ["坏", "果包", "赔", "吗"]


def test_language_data_is_cached_in_a_file_and_rebuilt_when_damaged(tmp_path: Path) -> None:
    first = load_language_data(tmp_path)
    [cache] = tmp_path.glob("quick_replies-language-*.marshal")
    cache.write_bytes(b"not marshal data")
    rebuilt = read_language_data(cache)
    assert rebuilt.syllables["票"] == first.syllables["票"] == "piao"
    assert read_language_data(cache).syllables == first.syllables


def test_an_empty_lexicon_still_segments(tmp_path: Path) -> None:
    normaliser = Normaliser(Lexicon(), load_language_data())
    assert normaliser.normalise("运费多少").tokens == ("运费", "多少")


def test_a_reload_shares_the_dictionary_instead_of_reading_it_again(
    normaliser: Normaliser,
) -> None:
    reloaded = load_normaliser(FIXTURES / "lexicon")
    assert reloaded.language is normaliser.language
    assert reloaded.normalise("坏果包赔吗").tokens == normaliser.normalise("坏果包赔吗").tokens


def test_every_phrasing_of_the_demo_library_is_cut_as_jieba_cuts_it() -> None:
    root = Path(__file__).resolve().parents[2] / "quick_replies"
    demo = load_normaliser(root / "lexicon")
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq in segmenter_words(demo.lexicon):
        add_word_as_jieba_rs_does(tokenizer, word, freq)
    segmenter = Segmenter(segmenter_words(demo.lexicon))
    phrasings = [
        question
        for path in sorted((root / "library").glob("*.yaml"))
        for script in yaml.safe_load(path.read_text(encoding="utf-8"))["scripts"]
        for question in script["questions"]
    ]
    assert len(phrasings) > 500
    for text in phrasings:
        clean = demo.clean(text)
        assert segmenter.cut(clean) == tokenizer.lcut(clean, HMM=False), text


def add_word_as_jieba_rs_does(tokenizer: jieba.Tokenizer, word: str, freq: int | None) -> None:
    """``add_word``, except that a word the dictionary already holds has its count replaced
    in the total rather than counted twice (jieba adds it again, jieba-rs replaces it; only
    the total differs, and with it a near-tie such as 删了 / 删 了)."""
    known = tokenizer.FREQ.get(word, 0)
    tokenizer.add_word(word, freq if freq is not None else tokenizer.suggest_freq(word, False))
    tokenizer.total -= known
