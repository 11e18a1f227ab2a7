"""Whether a message leaves the flow that waits for the shopper's answer (topic change).

A flow that asked for something (an order number, the phone's last 4 digits, a title …)
reads the next message as the answer unless the shopper clearly moved on: asked for a
person, or asked a new question the matcher is sure about. docs/matching.md lists the
order of the checks.
"""

from __future__ import annotations

from intents.engine import Engine
from intents.labels import CHITCHAT_LABEL
from intents.result import MatchResult

DECISIVE = frozenset({"answer", "flow", "handoff"})
# The matcher's slots that answer each slot a flow asks for; a flow's slot not listed
# (an invoice title, an address, a note, photos) is free text: any reply may answer it.
SLOT_ANSWERS: dict[str, frozenset[str]] = {
    "order_no": frozenset({"order_no"}),
    "order_pick": frozenset({"order_no", "product", "products"}),  # 蓝莓那个, from a list
    "phone4": frozenset({"phone", "order_no"}),  # 尾号 again, or the order with its digits
    "phone": frozenset({"phone"}),
    "email": frozenset({"email"}),
    "tax_id": frozenset({"tax_id"}),
    "product": frozenset({"product", "products"}),
    "place": frozenset({"place"}),
    **{count: frozenset({"quantity"}) for count in ("count", "bad_count", "total_count")},
    "quantity": frozenset({"quantity"}),
}


def changes_topic(
    engine: Engine, flow: str, result: MatchResult, awaiting: str | None = None
) -> bool:
    """Whether ``result`` leaves the pending ``flow`` (which asked for ``awaiting``): a
    confident match to an intent the flow does not serve, or a rule that routes to another
    flow. A reply made of the slots asked for (XG2511200003, 沃柑, 两箱, 成都), one that
    carries the slot asked for and starts no other flow (邮箱是 a@b.cn) or short small talk
    (好的, 是的) answers the flow; a new question that carries a slot (沃柑有货吗) does not.
    Asking for a human always changes topic."""
    if result.outcome == "handoff":
        return True
    if result.outcome not in DECISIVE:
        return False
    answers = SLOT_ANSWERS.get(awaiting or "")
    if result.only_slots and (answers is None or result.only_slots & answers):
        return False
    if result.rule_name and result.flow and result.flow != flow:
        return True  # a rule names another flow: 查物流 while 查订单 waits for the phone
    if result.intent in engine.flow_intents.get(flow, ()):
        return False
    if answers and not answers.isdisjoint(result.slots) and result.outcome != "flow":
        return False  # the slot asked for, in a sentence (邮箱是 a@b.cn), answered by no flow
    short = len(result.explanation.get("normalised", "")) <= engine.settings.short_answer_chars
    free_text = awaiting is not None and answers is None
    # short: small talk (好的) answers; so does a short reply to a free-text question that
    # only a fuzzy match reads as a question (公司 as the invoice title)
    return not (short and (result.intent == CHITCHAT_LABEL or (free_text and not result.rule_name)))
