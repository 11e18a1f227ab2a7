"""Every button the bot offers sends a message the bot understands on its own: a shopper
who taps 「发错货」 or a script's follow-up must not get 「您是不是想问」 back."""

from __future__ import annotations

import pytest

from app.config import Settings
from app.flows import FLOWS
from app.flows.texts import Texts
from app.shop import load_shop
from intents.engine import Engine, MatchingPaths, load_engine

SETTINGS = Settings()
# the flows' buttons that start something; 确认 / 不改了 / 个人 / 重新发货 answer a question
STARTERS = (
    *("human", "urge", "logistics", "bad_fruit", "wrong_item", "invoice"),
    *("change_address", "change_phone", "change_note"),
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    shop = load_shop(SETTINGS.shop_dir)
    return load_engine(MatchingPaths.from_settings(SETTINGS), shop, flows=FLOWS.keys())


def offered(engine: Engine) -> set[str]:
    texts = Texts.load()
    sent = {texts.button(key).text for key in STARTERS}
    sent |= {button.text for script in engine.library.scripts for button in script.buttons}
    sent |= {button.text for button in engine.texts.fallback_buttons}
    sent |= {script.questions[0] for script in engine.library.scripts}  # clarify buttons
    return sent


def test_every_button_is_understood(engine: Engine) -> None:
    unclear = [
        text
        for text in sorted(offered(engine))
        if engine.match(text, diagnose=False).outcome in ("clarify", "fallback")
    ]
    assert unclear == []
