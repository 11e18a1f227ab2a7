"""The same words about another order or product are another question, not a repeat."""

from __future__ import annotations

from typing import Any

from app.bot import Reply
from handoff.enums import EscalationReason
from handoff.policy import DEFAULT_POLICY_PATH, EscalationPolicy
from tests.handoff.clients import AgentClient, shopper_frame
from tests.handoff.conftest import ServerFactory
from tests.shopper import Shopper

REPEATED = EscalationPolicy.load(DEFAULT_POLICY_PATH).rules.repeated_question.message


def answered(**slots: Any) -> Reply:
    """The bot's answer, with the slots the matcher found in the shopper's message."""
    return Reply(
        text="订单正在运输中", outcome="answer", intent="logistics", explanation={"slots": slots}
    )


def test_the_same_words_about_two_orders_are_two_questions(policy: EscalationPolicy) -> None:
    signals: dict[str, Any] = {}
    first = answered(order_no="XG2511200001")
    assert policy.after_bot(first, "XG2511200001 到哪了", signals) is None
    second = answered(order_no="XG2511200002")
    assert policy.after_bot(second, "XG2511200002 到哪了", signals) is None


def test_order_numbers_in_the_text_count_when_the_matcher_found_no_slot(
    policy: EscalationPolicy,
) -> None:
    signals: dict[str, Any] = {}
    assert policy.after_bot(answered(), "XG001 到哪了", signals) is None
    assert policy.after_bot(answered(), "XG002 到哪了", signals) is None


def test_the_same_words_about_two_products_are_two_questions(policy: EscalationPolicy) -> None:
    signals: dict[str, Any] = {}
    assert policy.after_bot(answered(product="wogan-5jin"), "这个什么时候发货", signals) is None
    assert policy.after_bot(answered(product="mango-10jin"), "这个什么时候发货", signals) is None


def test_the_same_order_asked_about_again_still_hands_off(policy: EscalationPolicy) -> None:
    signals: dict[str, Any] = {}
    assert policy.after_bot(answered(order_no="XG2511200001"), "XG001 到哪了", signals) is None
    assert policy.after_bot(answered(order_no="XG2511200002"), "XG002 到哪了", signals) is None
    escalation = policy.after_bot(answered(order_no="XG2511200001"), "XG001 到哪了？", signals)
    assert escalation is not None
    assert escalation.reason == EscalationReason.REPEATED_QUESTION
    assert escalation.detail["times"] == 2
    assert escalation.detail["about"]["order_no"] == "xg2511200001"


def test_a_thing_named_only_once_does_not_make_another_question(
    policy: EscalationPolicy,
) -> None:
    """While a flow waits for an answer the matcher reports no slots; the order number
    in the text still says it is the same order."""
    signals: dict[str, Any] = {}
    first = answered(order_no="XG2511200001")
    assert policy.after_bot(first, "XG2511200001 到哪了", signals) is None
    escalation = policy.after_bot(answered(), "XG2511200001 到哪了？？", signals)
    assert escalation is not None and escalation.reason == EscalationReason.REPEATED_QUESTION


def test_questions_remembered_before_subjects_were_kept_still_count(
    policy: EscalationPolicy,
) -> None:
    signals: dict[str, Any] = {"recent": ["我的快递到哪了"]}  # an older memory: bare strings
    escalation = policy.after_bot(answered(), "我的快递到哪了啊", signals)
    assert escalation is not None and escalation.reason == EscalationReason.REPEATED_QUESTION


async def test_with_the_matching_bot_two_orders_are_asked_about_then_one_again(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server(CS_BOT="matching")
    agent = await AgentClient(server, "xiaomei").connect()
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    for order_no in ("XG2511200001", "XG2511200002"):
        _, reply = await shopper.say(f"{order_no} 到哪了")
        assert reply["text"] != REPEATED, f"{order_no}: taken for the same question"
    _, reply = await shopper.say("XG2511200001 到哪了")
    assert reply["text"] == REPEATED
    assert (await shopper_frame(shopper, "queue"))["reason"] == "repeated_question"
    await shopper.close()
    await agent.close()
