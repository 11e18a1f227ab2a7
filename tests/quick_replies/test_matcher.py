"""The fuzzy matcher: one phrasing shared by two targets answers for both, the retrieval
budget grows with the library, and the index finds what an exhaustive scan finds."""

from __future__ import annotations

from quick_replies.matcher import FuzzyMatcher, Target
from quick_replies.normalize import Normaliser
from quick_replies.settings import MatchSettings, retrieval_sizes

FEE = Target("script", "fee", "presale_shipping", "运费多少")
FEE_RULE = Target("rule", "fee_rule", "presale_shipping", "运费多少")
INVOICE = Target("script", "invoice", "invoice", "怎么开发票")


def test_a_phrasing_shared_by_a_script_and_a_rule_scores_for_both(
    normaliser: Normaliser,
) -> None:
    phrasings = [(FEE, "运费多少"), (FEE_RULE, "运费多少"), (INVOICE, "怎么开发票")]
    matcher = FuzzyMatcher(phrasings, normaliser, MatchSettings())
    found = matcher.search(normaliser.normalise("运费多少钱"), 3)
    assert [c.target for c in found] == [FEE, FEE_RULE]  # 怎么开发票 shares no feature
    assert found[0].score == found[1].score
    assert len(matcher) == 3


def test_the_budget_holds_for_small_libraries_and_grows_slower_than_big_ones() -> None:
    settings = MatchSettings(retrieval_budget=150, retrieval_tail=8, retrieval_growth=0.3)
    assert retrieval_sizes(settings, 800) == (150, 8)
    assert retrieval_sizes(settings, 5_000) == (150, 8)
    budget, tail = retrieval_sizes(settings, 50_000)
    assert 150 * 1.9 < budget < 150 * 2.1 and tail == 16  # ten times the phrasings
    assert retrieval_sizes(MatchSettings(retrieval_growth=0), 500_000)[0] == 150


def test_the_index_agrees_with_an_exhaustive_scan(normaliser: Normaliser) -> None:
    phrasings = [
        (Target("script", f"s{n}", "other", question), question)
        for n, question in enumerate(
            f"{fruit}{question}"
            for fruit in ("沃柑", "丑橘", "车厘子", "榴莲", "猕猴桃")
            for question in ("运费多少", "怎么开发票", "坏了怎么赔", "什么时候发货", "多少钱一斤")
        )
    ]
    matcher = FuzzyMatcher(phrasings, normaliser, MatchSettings(retrieval_budget=6))
    for said in ("榴莲坏了怎么赔呀", "车厘子运废多少", "猕猴桃啥时候发货", "丑橘多少钱"):
        message = normaliser.normalise(said)
        assert matcher.search(message, 1)[0].phrase == matcher.exhaustive(message, 1)[0].phrase
