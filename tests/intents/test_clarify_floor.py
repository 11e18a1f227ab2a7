"""「您是不是想问」 offers only candidates at or above the clarify threshold of matching.yaml:
a weak third guess is no help to a shopper."""

from __future__ import annotations

import pytest

from app.config import Settings
from app.flows import FLOWS
from app.shop import load_shop
from intents.engine import Engine, MatchingPaths, load_engine

SETTINGS = Settings()
VAGUE = ["线下店", "售后", "有点问题", "想问一下", "那个", "门店"]


@pytest.fixture(scope="module")
def engine() -> Engine:
    shop = load_shop(SETTINGS.shop_dir)
    return load_engine(MatchingPaths.from_settings(SETTINGS), shop, flows=FLOWS.keys())


def test_no_clarify_option_scores_below_the_threshold(engine: Engine) -> None:
    floor = engine.settings.clarify_threshold
    weak_guesses = 0
    for text in VAGUE:
        result = engine.match(text)
        if result.outcome != "clarify":
            continue
        assert result.candidates and all(c.score >= floor for c in result.candidates), text
        scored = result.explanation["candidates"][: engine.settings.clarify_options]
        weak_guesses += sum(1 for c in scored if c["score"] < floor)
    assert weak_guesses, "no vague message had a weak guess: the test proves nothing"
