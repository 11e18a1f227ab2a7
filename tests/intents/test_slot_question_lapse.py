"""A slot the matching bot asked for (which fruit?) lapses after the shop's
``flow_answer_wait_minutes`` of silence: a late message is matched afresh, not read as it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.bot import Turn
from app.config import Settings
from app.flows import FLOWS
from app.shop import load_shop
from intents.bot import MatchingBot
from intents.engine import MatchingPaths, load_engine
from intents.holder import LibraryHolder

SETTINGS = Settings()
SHOP = load_shop(SETTINGS.shop_dir)
WAIT = timedelta(minutes=float(SHOP.policy["flow_answer_wait_minutes"]))
ASKS_FOR_A_FRUIT = "这个还有吗"  # a stock question naming no fruit


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def holder() -> LibraryHolder:
    paths = MatchingPaths.from_settings(SETTINGS)
    return LibraryHolder(lambda: load_engine(paths, SHOP, flows=FLOWS.keys()))


async def test_the_fruit_named_inside_the_wait_answers_the_question(
    holder: LibraryHolder,
) -> None:
    clock = Clock()
    bot = MatchingBot(holder, answer_wait=WAIT, clock=clock)
    turn = Turn(1, 1, False, "visitor:a")
    asked = await bot.answer(turn, ASKS_FOR_A_FRUIT)
    assert asked.outcome == "ask_slot" and asked.explanation["asking"]["slot"] == "product"
    clock.now += WAIT - timedelta(minutes=1)
    reply = await bot.answer(turn, "沃柑")
    assert reply.explanation["filled"]["slot"] == "product"


async def test_after_a_long_silence_the_message_is_matched_afresh(holder: LibraryHolder) -> None:
    clock = Clock()
    bot = MatchingBot(holder, answer_wait=WAIT, clock=clock)
    turn = Turn(2, 2, False, "visitor:b")
    await bot.answer(turn, ASKS_FOR_A_FRUIT)
    clock.now += WAIT + timedelta(minutes=1)
    reply = await bot.answer(turn, "沃柑")
    assert "filled" not in reply.explanation
    assert "pending" not in turn.memory


async def test_without_a_wait_the_question_never_lapses(holder: LibraryHolder) -> None:
    clock = Clock()
    bot = MatchingBot(holder, clock=clock)
    turn = Turn(3, 3, False, "visitor:c")
    await bot.answer(turn, ASKS_FOR_A_FRUIT)
    clock.now += timedelta(days=1)
    reply = await bot.answer(turn, "沃柑")
    assert reply.explanation["filled"]["slot"] == "product"
