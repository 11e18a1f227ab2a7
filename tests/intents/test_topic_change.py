"""While a flow waits for the shopper, a short answer continues it; a confident match to
another intent is a change of topic."""

from __future__ import annotations

from intents.engine import Engine
from intents.topic import changes_topic


def test_the_flows_own_intent_continues_it(engine: Engine) -> None:
    result = engine.match("订单XG20240001的快递到哪了")
    assert not changes_topic(engine, "order_status", result)


def test_a_confident_match_elsewhere_changes_topic(engine: Engine) -> None:
    assert changes_topic(engine, "order_status", engine.match("运费怎么算"))


def test_a_reply_made_of_a_slot_is_an_answer(engine: Engine) -> None:
    result = engine.match("沃柑")
    assert result.only_slots and not changes_topic(engine, "bad_fruit", result)


def test_a_new_question_carrying_a_slot_changes_topic(engine: Engine) -> None:
    result = engine.match("沃柑甜不甜")
    assert result.outcome == "answer" and result.slots["product"] == "wogan-5jin"
    assert not result.only_slots
    assert changes_topic(engine, "bad_fruit", result)


def test_asking_for_a_human_always_changes_topic(engine: Engine) -> None:
    assert changes_topic(engine, "order_status", engine.match("转人工"))


def test_an_unclear_message_does_not_change_topic(engine: Engine) -> None:
    assert not changes_topic(engine, "order_status", engine.match("今晚月色真美"))


def test_a_short_ok_answers_the_flow(engine: Engine) -> None:
    result = engine.match("好的谢谢")
    assert result.intent == "greeting_thanks_chitchat" and result.outcome == "answer"
    assert not changes_topic(engine, "change_order", result)
