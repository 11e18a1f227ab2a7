"""The intent labels every script and rule is tagged with (the evaluation's label set)."""

from __future__ import annotations

INTENT_LABELS = frozenset(
    {
        "order_status",
        "logistics_delay",
        "urge_shipping",
        "modify_order_or_address",
        "return_refund",
        "exchange",
        "bad_or_damaged_fruit_compensation",
        "invoice",
        "presale_product_question",
        "shipping_fee_and_delivery_area",
        "promotion_coupon",
        "payment",
        "human_agent_request",
        "complaint_dispute",
        "greeting_thanks_chitchat",
        "other",
    }
)
FALLBACK_LABEL = "other"
CHITCHAT_LABEL = "greeting_thanks_chitchat"
