"""The escalation policy, trigger by trigger, as a shopper's conversation unfolds."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import yaml

from app.bot import Reply
from handoff.enums import EscalationReason, PriorityClass
from handoff.errors import PolicyError
from handoff.policy import DEFAULT_POLICY_PATH, EscalationPolicy


def policy_data() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_POLICY_PATH.read_text(encoding="utf-8"))


def answer(intent: str = "price") -> Reply:
    return Reply(text="车厘子 59 元一斤", outcome="answer", intent=intent)


def fallback() -> Reply:
    return Reply(text="抱歉，这个问题我还没学会。", outcome="fallback")


@pytest.mark.parametrize(
    ("reason", "priority_class"),
    [("asked_for_human", PriorityClass.PRESALE), ("complaint", PriorityClass.DISPUTE)],
)
def test_the_rules_reasons_get_their_own_words_and_class(
    policy: EscalationPolicy, reason: str, priority_class: PriorityClass
) -> None:
    reply = Reply(text="", outcome="handoff", intent="handoff", handoff_reason=reason)
    escalation = policy.after_bot(reply, "……", {})
    assert escalation is not None
    assert escalation.reason == reason
    assert escalation.priority_class == priority_class
    assert escalation.message == policy_data()["handoff"]["messages"][reason]


def test_the_policy_keeps_no_phrase_lists_of_the_intent_rules() -> None:
    data = policy_data()
    assert "explicit_request" not in data and "complaint" not in data
    assert EscalationPolicy.from_data(data).before_bot("转人工", {}) is None


def test_asking_for_a_person_after_a_refund_question_is_aftersale(
    policy: EscalationPolicy,
) -> None:
    signals: dict[str, Any] = {}
    assert policy.after_bot(answer("refund"), "怎么退款", signals) is None
    reply = Reply(text="", outcome="handoff", handoff_reason="asked_for_human")
    escalation = policy.after_bot(reply, "转人工", signals)
    assert escalation is not None and escalation.priority_class == PriorityClass.AFTERSALE


def test_anger_that_rises_over_the_conversation_hands_off(policy: EscalationPolicy) -> None:
    signals: dict[str, Any] = {}
    assert policy.before_bot("怎么还没发货", signals) is None
    assert policy.before_bot("太慢了吧", signals) is None
    first = signals["anger"]
    assert policy.before_bot("无语，太慢了！！！", signals) is None
    assert signals["anger"] > first
    escalation = policy.before_bot("气死我了，真让人失望", signals)
    assert escalation is not None
    assert escalation.reason == EscalationReason.ANGER
    assert escalation.priority_class == PriorityClass.DISPUTE
    assert escalation.detail["score"] >= policy.rules.anger.threshold
    assert signals["anger"] == 0


def test_mild_words_spread_out_calm_down(policy: EscalationPolicy) -> None:
    signals: dict[str, Any] = {}
    for text in ["太慢了", "好的", "知道了", "无语", "好吧", "行", "离谱"]:
        assert policy.before_bot(text, signals) is None


def test_an_insult_shouted_hands_off_at_once(policy: EscalationPolicy) -> None:
    escalation = policy.before_bot("垃圾客服???", {})
    assert escalation is not None and escalation.reason == EscalationReason.ANGER
    assert escalation.detail["insults"] == ["垃圾"] and escalation.detail["shouting"]


def test_capitals_count_as_shouting(policy: EscalationPolicy) -> None:
    signals: dict[str, Any] = {}
    policy.before_bot("WHERE IS MY ORDER", signals)
    assert signals["anger"] == policy.rules.anger.weights.caps
    calm: dict[str, Any] = {}
    policy.before_bot("where is my order", calm)
    assert calm["anger"] == 0


def test_two_misses_in_a_row_hand_off(policy: EscalationPolicy) -> None:
    signals: dict[str, Any] = {}
    assert policy.after_bot(fallback(), "榴莲能做成披萨吗", signals) is None
    escalation = policy.after_bot(fallback(), "你们卖不卖椰青", signals)
    assert escalation is not None
    assert escalation.reason == EscalationReason.REPEATED_FAILURE
    assert signals["misses"] == 0


def test_a_good_answer_between_misses_resets_the_count(policy: EscalationPolicy) -> None:
    signals: dict[str, Any] = {}
    assert policy.after_bot(fallback(), "榴莲能做成披萨吗", signals) is None
    assert policy.after_bot(answer(), "车厘子多少钱", signals) is None
    assert policy.after_bot(fallback(), "你们卖不卖椰青", signals) is None


def test_clarify_counts_as_a_miss_when_staff_say_so() -> None:
    data = policy_data()
    clarify = Reply(text="您是想问运费还是发货时间？", outcome="clarify")
    assert EscalationPolicy.from_data(data).after_bot(clarify, "那个呢", {}) is None
    data["repeated_failure"]["outcomes"] = ["fallback", "clarify"]
    strict = EscalationPolicy.from_data(data)
    signals: dict[str, Any] = {}
    assert strict.after_bot(clarify, "那个呢", signals) is None
    escalation = strict.after_bot(fallback(), "就是那个", signals)
    assert escalation is not None and escalation.reason == EscalationReason.REPEATED_FAILURE


def test_the_same_question_again_hands_off(policy: EscalationPolicy) -> None:
    signals: dict[str, Any] = {}
    assert policy.after_bot(answer("shipping"), "我的快递到哪了？", signals) is None
    escalation = policy.after_bot(answer("shipping"), "我的快递到哪了啊", signals)
    assert escalation is not None
    assert escalation.reason == EscalationReason.REPEATED_QUESTION
    assert escalation.detail["times"] == 2
    assert signals["recent"] == []


def test_different_questions_and_short_replies_are_not_repeats(policy: EscalationPolicy) -> None:
    signals: dict[str, Any] = {}
    for text in [
        "车厘子多少钱一斤",
        "发到广州运费多少",
        "几天能到",
        "好的",
        "好的",
        "谢谢",
        "谢谢",
    ]:
        assert policy.after_bot(answer(), text, signals) is None


def test_a_flow_that_needs_a_person_hands_off_with_its_own_words(
    policy: EscalationPolicy,
) -> None:
    reply = Reply(
        text="丢件需要人工核实",
        outcome="handoff",
        intent="logistics",
        handoff_reason="lost_parcel",
    )
    escalation = policy.after_bot(reply, "快递丢了", {})
    assert escalation is not None
    assert escalation.reason == "lost_parcel"
    assert escalation.message == policy_data()["handoff"]["messages"]["lost_parcel"]
    assert escalation.detail == {"handoff_reason": "lost_parcel", "intent": "logistics"}
    assert escalation.priority_class == PriorityClass.AFTERSALE


def test_a_flows_own_words_come_first(policy: EscalationPolicy) -> None:
    reply = Reply(
        text="已登记大额订单 #12。正在为您转接人工客服，请稍等。",
        outcome="handoff",
        handoff_reason="large_order",
        explanation={"summary": "已登记大额订单 #12。"},
    )
    escalation = policy.after_bot(reply, "我要订50箱", {})
    assert escalation is not None
    expected = "已登记大额订单 #12。" + policy_data()["handoff"]["messages"]["large_order"]
    assert escalation.message == expected


def test_a_flow_handoff_without_policy_words_keeps_the_flows_text(
    policy: EscalationPolicy,
) -> None:
    reply = Reply(text="这单需要主管审批", outcome="handoff", intent="refund", handoff_reason="x")
    escalation = policy.after_bot(reply, "我要退款", {})
    assert escalation is not None and escalation.message == "这单需要主管审批"
    assert escalation.priority_class == PriorityClass.AFTERSALE
    bare = Reply(text="", outcome="handoff", handoff_reason="x")
    escalation = policy.after_bot(bare, "我要退款", {})
    assert escalation is not None
    assert escalation.message == policy_data()["handoff"]["default"]


def test_signals_stay_json_and_reset_forgets_the_counters(policy: EscalationPolicy) -> None:
    signals: dict[str, Any] = {}
    policy.before_bot("太慢了！！！", signals)
    policy.after_bot(fallback(), "榴莲能做成披萨吗", signals)
    assert json.loads(json.dumps(signals)) == signals
    policy.reset(signals)
    assert set(signals) <= {"last_intent"}


def test_a_trigger_can_be_switched_off() -> None:
    data = policy_data()
    data["anger"]["enabled"] = False
    assert EscalationPolicy.from_data(data).before_bot("垃圾客服???", {}) is None


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["anger"].update(threshold=0), "anger.threshold"),
        (lambda d: d["anger"].update(phrasez=["人工"]), "anger.phrasez"),
        (lambda d: d["texts"].pop("agent_joined"), "texts.agent_joined"),
        (lambda d: d["repeated_failure"].update(outcomes=["answer"]), "repeated_failure.outcomes"),
        (lambda d: d["priority"]["reasons"].update(anger="urgent"), "priority.reasons.anger"),
        (lambda d: d.pop("handoff"), "handoff"),
    ],
)
def test_a_bad_policy_file_is_refused_naming_the_field(change: Any, named: str) -> None:
    data = copy.deepcopy(policy_data())
    change(data)
    with pytest.raises(PolicyError, match=named.replace(".", r"\.")):
        EscalationPolicy.from_data(data)


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Any) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("anger: [unclosed", encoding="utf-8")
    with pytest.raises(PolicyError, match="not valid YAML"):
        EscalationPolicy.load(path)
    with pytest.raises(PolicyError, match="cannot read"):
        EscalationPolicy.load(tmp_path / "missing.yaml")
