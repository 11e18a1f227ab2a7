"""The demo shop's real library, rules and lexicon load and cover the evaluation labels."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.config import Settings
from app.flows import FLOWS
from app.shop import load_shop
from intents.engine import Engine, MatchingPaths, load_engine
from intents.labels import INTENT_LABELS

SETTINGS = Settings()


@pytest.fixture(scope="module")
def engine() -> Engine:
    shop = load_shop(SETTINGS.shop_dir)
    return load_engine(MatchingPaths.from_settings(SETTINGS), shop, flows=FLOWS.keys())


def test_the_library_holds_at_least_100_enabled_scripts(engine: Engine) -> None:
    assert len(engine.library.scripts) >= 100


def test_every_evaluation_label_has_a_rule(engine: Engine) -> None:
    assert INTENT_LABELS - {rule.intent for rule in engine.rules} == set()


def test_script_ids_are_unique_across_files() -> None:
    ids = []
    for path in sorted(Path(SETTINGS.scripts_dir).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids += [script["id"] for script in data["scripts"]]
    assert len(ids) == len(set(ids))


def test_every_variable_resolves(engine: Engine) -> None:
    for script in engine.library.scripts:
        assert "{" not in script.answer, script.where


@pytest.mark.parametrize(
    ("text", "intent", "outcome"),
    [
        ("我要投诉你们 太坑了", "complaint_dispute", "handoff"),
        ("转人工", "human_agent_request", "handoff"),
        ("收到的车厘子烂了好几个", "bad_or_damaged_fruit_compensation", "flow"),
        ("发漂怎么开", "invoice", "flow"),
        ("谢谢啦", "greeting_thanks_chitchat", "answer"),
    ],
)
def test_typical_messages_reach_their_intent(
    engine: Engine, text: str, intent: str, outcome: str
) -> None:
    result = engine.match(text)
    assert (result.intent, result.outcome) == (intent, outcome)
