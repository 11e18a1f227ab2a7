"""Shoppers ask what no script covers; staff see it grouped, and fix it in one step."""

from __future__ import annotations

from typing import Any

import pytest

from tests.admin.conftest import StaffServer
from tests.shopper import Shopper

# Questions our small test library has no script for, as different shoppers word them.
ASKED = {
    "tibet": [
        "榴莲可以寄到西藏吗",
        "榴莲能发西藏吗",
        "榴莲能发西藏吗",
        "西藏能不能寄榴莲",
        "亲，西藏那边能发货吗",
        "发西藏吗",
    ],
    "vat": ["可以开专票吗", "能开增值税专用发票吗", "专票能开吗", "请问能开专票不"],
    "hours": ["客服几点下班", "你们客服几点上班", "晚上几点还有客服在"],
    "warehouse": ["从哪里发货", "你们在哪个城市发货", "哪里发的货"],
    "mango": ["芒果核大不大", "芒果的核大吗", "芒果是大核的吗"],
    "card": ["能帮我写贺卡吗"],
}
TOPIC_OF = {text: topic for topic, texts in ASKED.items() for text in texts}


@pytest.fixture(scope="module")
async def asked(staff: StaffServer) -> StaffServer:
    """Every question asked once over the real chat socket, each by a new shopper."""
    for text in [text for texts in ASKED.values() for text in texts]:
        shopper = Shopper(staff.server.ws_url)
        await shopper.connect()
        await shopper.say("你好")
        await shopper.say(text)
        await shopper.close()
    return staff


def groups_of(staff: StaffServer) -> list[dict[str, Any]]:
    with staff.client("agent") as agent:
        response = agent.get("/api/admin/unanswered")
    assert response.status_code == 200, response.text
    return response.json()["groups"]  # type: ignore[no-any-return]


def group_with(groups: list[dict[str, Any]], text: str) -> dict[str, Any]:
    return next(group for group in groups if text in group["messages"])


async def test_unanswered_questions_are_grouped_by_topic_and_ranked(asked: StaffServer):
    groups = [g for g in groups_of(asked) if set(g["messages"]) & set(TOPIC_OF)]
    top = groups[0]
    assert set(top["messages"]) == set(ASKED["tibet"])
    assert top["count"] == 6
    assert top["label"] == "榴莲能发西藏吗"  # the most frequent wording leads
    assert top["examples"][0] == "榴莲能发西藏吗"
    for group in groups:  # no group mixes two topics
        assert len({TOPIC_OF[text] for text in group["messages"]}) == 1, group
    for topic in ("tibet", "hours", "warehouse", "mango"):
        assert set(group_with(groups, ASKED[topic][0])["messages"]) == set(ASKED[topic])
    # 专用发票 shares no word with 专票 until staff add the synonym; the rest group together.
    assert len(group_with(groups, "可以开专票吗")["messages"]) >= 3
    assert group_with(groups, "能帮我写贺卡吗")["count"] == 1
    counts = [group["count"] for group in groups]
    assert counts == sorted(counts, reverse=True)


async def test_anonymous_callers_cannot_see_what_shoppers_asked(asked: StaffServer):
    with asked.client(None) as anonymous:
        assert anonymous.get("/api/admin/unanswered").status_code == 401


async def test_a_group_becomes_a_script_in_one_step(asked: StaffServer):
    group = group_with(groups_of(asked), "可以开专票吗")
    assert group["now"]["outcome"] != "answer"
    script = {
        "id": "vat-invoice",
        "category": "发票",
        "intent": "invoice",
        "questions": group["messages"],
        "answer": "可以开增值税专用发票，请提供公司名称和税号。",
    }
    with asked.client("supervisor") as supervisor:
        assert supervisor.post("/api/admin/scripts", json=script).status_code == 201
    after = group_with(groups_of(asked), "可以开专票吗")
    assert (after["now"]["outcome"], after["now"]["script_id"]) == ("answer", "vat-invoice")


async def test_a_group_joins_an_existing_script_as_phrasings(asked: StaffServer):
    existing = {
        "id": "ship-from",
        "category": "物流",
        "intent": "shipping_fee_and_delivery_area",
        "questions": ["仓库设在什么地方", "发货仓是哪个"],
        "answer": "我们从产地直发，华东订单从上海仓发货。",
    }
    with asked.client("admin") as admin:
        assert admin.post("/api/admin/scripts", json=existing).status_code == 201
        group = group_with(groups_of(asked), "从哪里发货")
        added = admin.post(
            "/api/admin/scripts/ship-from/phrasings",
            json={"questions": group["messages"], "version": 1},
        )
        assert added.status_code == 200, added.text
        assert set(group["messages"]) <= set(added.json()["item"]["questions"])
        stale = admin.post(
            "/api/admin/scripts/ship-from/phrasings", json={"questions": ["x"], "version": 1}
        )
        assert stale.status_code == 409
    after = group_with(groups_of(asked), "从哪里发货")
    assert after["now"]["script_id"] == "ship-from"
