"""The engine decides: answer, ask which one was meant, or admit it does not know."""

from __future__ import annotations

from intents.engine import Engine


def test_a_close_phrasing_is_answered_with_the_script_and_its_variables(engine: Engine) -> None:
    result = engine.match("運費怎麼算？")
    assert result.outcome == "answer"
    assert result.script_id == "shipping-fee"
    assert result.intent == "shipping_fee_and_delivery_area"
    assert "{" not in (result.answer or "") and "满" in (result.answer or "")
    assert result.top_score >= engine.settings.answer_threshold


def test_a_vague_message_between_thresholds_asks_which_was_meant(engine: Engine) -> None:
    result = engine.match("发票的事情")
    assert result.outcome == "clarify", result.explanation
    assert engine.settings.clarify_threshold <= result.top_score
    assert result.top_score < engine.settings.answer_threshold
    assert 1 <= len(result.candidates) <= engine.settings.clarify_options
    assert result.intent == result.candidates[0].target.intent


def test_an_unrelated_message_falls_back(engine: Engine) -> None:
    result = engine.match("今晚月色真美")
    assert result.outcome == "fallback"
    assert result.intent == "other"


def test_a_fired_rule_with_its_slots_filled_beats_a_fuzzy_match(engine: Engine) -> None:
    result = engine.match("订单XG20240001的快递到哪了")
    assert result.outcome == "flow"
    assert (result.rule_name, result.flow) == ("order_status_lookup", "order_status")
    assert result.slots["order_no"] == "XG20240001"
    assert result.missing_slots == ()


def test_a_fired_rule_reports_the_slot_it_still_needs(engine: Engine) -> None:
    result = engine.match("我买的沃柑到哪了")
    assert result.rule_name == "order_status_lookup"
    assert result.missing_slots == ("order_no",)


def test_a_remembered_order_number_fills_the_slot(engine: Engine) -> None:
    result = engine.match("我买的沃柑到哪了", memory={"slots": {"order_no": "XG20240001"}})
    assert result.missing_slots == ()


def test_higher_priority_wins_when_several_rules_fire(engine: Engine) -> None:
    result = engine.match("我要投诉，转人工")
    assert result.outcome == "handoff"
    assert (result.rule_name, result.handoff_reason) == ("complaint", "complaint")


def test_a_rule_without_when_fires_through_its_examples(engine: Engine) -> None:
    result = engine.match("发票抬头写错了")
    assert result.rule_name == "invoice_by_example"
    assert result.script_id == "invoice-how"


def test_a_homophone_typo_still_finds_its_script(engine: Engine) -> None:
    result = engine.match("发漂怎么开")
    assert result.candidates[0].target.id == "invoice-how"


def test_every_result_explains_itself(engine: Engine) -> None:
    explanation = engine.match("亲，订单[订单x]到哪了呀").explanation
    assert explanation["normalised"] == "订单<order_no>到哪了"
    assert "<order_no>" in explanation["tokens"]
    assert explanation["fired_rules"] == ["order_status_lookup"]
    assert explanation["decision"].startswith("rule fired, slots filled: order_status_lookup")
    assert explanation["rules"][0] == {
        "rule": "order_status_lookup",
        "priority": 50,
        "missing": [],
    }
    assert {"answer", "clarify"} == set(explanation["thresholds"])
    assert all({"intent", "score", "scorer", "phrase"} <= set(c) for c in explanation["candidates"])


def test_the_shoppers_path_decides_the_same_and_skips_scores_only_when_a_rule_wins(
    engine: Engine,
) -> None:
    messages = [
        "订单XG20240001的快递到哪了",
        "我买的沃柑到哪了",
        "我要投诉，转人工",
        "发票抬头写错了",
        "运费怎么算",
        "今天天气不错",
        "XG20240001的沃柑坏了",
    ]
    for text in messages:
        full, quick = engine.match(text), engine.match(text, diagnose=False)
        decided = ("outcome", "intent", "script_id", "rule_name", "flow", "handoff_reason")
        assert [getattr(quick, f) for f in decided] == [getattr(full, f) for f in decided]
        assert quick.slots == full.slots
        ruled = full.explanation["decision"].startswith("rule fired, slots filled")
        assert quick.candidates == (() if ruled else full.candidates)
    assert engine.match("订单XG20240001的快递到哪了", diagnose=False).candidates == ()
