"""Each KPI of the seeded March, worked out by hand from tests/reports/seed.py."""

from __future__ import annotations

from tests.reports.conftest import Api
from tests.reports.seed import Seeded
from tests.server import LiveServer

MARCH = {"period": "month", "date": "2026-03-15"}


def test_counts_and_bot_resolution_for_march_in_shanghai(boss: Api):
    report = boss.kpis(**MARCH)
    assert report["range"]["first"] == "2026-03-01" and report["range"]["last"] == "2026-03-31"
    # c1 c2 c3 c4 c5 c7; c6 never spoke, c8 is April in Shanghai, c9 February
    assert report["conversations"] == 6
    # resolved: c1 and c7. c2 rated 2, c3/c4 handed off, c5 ends on a fallback
    assert report["bot_resolved"] == {"count": 2, "total": 6, "rate": round(2 / 6, 4)}
    assert report["handoffs"] == {"count": 2, "total": 6, "rate": round(2 / 6, 4)}
    reasons = {r["reason"]: r["count"] for r in report["handoff_reasons"]}
    assert reasons == {"complaint": 1, "repeated_failure": 1}


def test_response_times_and_timely_replies(boss: Api):
    times = boss.kpis(**MARCH)["response_seconds"]
    assert times["bot_first"] == round((2 + 4 + 3 + 1 + 5 + 2) / 6, 1)
    assert times["bot_average"] == round((2 + 1 + 4 + 3 + 1 + 1 + 5 + 2) / 8, 1)
    assert times["agent_first"] == (30 + 120) / 2
    assert times["agent_average"] == (30 + 90 + 120) / 3
    timely = boss.kpis(**MARCH)["timely_replies"]
    assert (timely["count"], timely["total"]) == (1, 3)


def test_disputes_satisfaction_and_conversion(boss: Api):
    report = boss.kpis(**MARCH)
    disputes = report["disputes"]
    # ledger: refund resolved + wrong item rejected of 3 dispute cases (invoice is no dispute,
    # the April refund is out of range); handoffs: bob resolved the complaint
    assert (disputes["ledger"]["count"], disputes["ledger"]["total"]) == (2, 3)
    assert (disputes["handoffs"]["count"], disputes["handoffs"]["total"]) == (1, 1)
    assert disputes["completion"]["rate"] == 0.75
    satisfaction = report["satisfaction"]
    assert satisfaction["average"] == (5 + 2 + 4 + 1) / 4  # c2's last rating (2) counts
    assert satisfaction["distribution"] == {"1": 1, "2": 1, "3": 0, "4": 1, "5": 1}
    # asked: c3 and c4 (resolved by agents); c1 and c2 rated without being asked
    assert (satisfaction["responses"]["count"], satisfaction["responses"]["total"]) == (4, 4)
    conversion = report["conversion"]
    # pre-sale: c1 (orders 2 days later) and c2 (10 days later, past the 7-day window)
    assert conversion["available"] and conversion["presale_conversations"] == 2
    assert conversion["converted"] == {"count": 1, "total": 2, "rate": 0.5}


def test_top_intents_unanswered_groups_and_days(boss: Api):
    report = boss.kpis(**MARCH)
    intents = {row["intent"]: row["count"] for row in report["top_intents"]}
    assert intents == {
        "presale_product": 1,
        "shipping_quote": 1,
        "promotions": 1,
        "complaint": 1,
        "greeting": 1,
    }
    groups = report["unanswered"]
    assert [g["count"] for g in groups] == [2, 1]  # asdfgh and ASDFGH! are one group
    assert groups[0]["label"] in {"asdfgh", "ASDFGH!"} and groups[1]["label"] == "=1+1 怎么退"
    days = {
        d["day"]: (d["conversations"], d["bot_resolved"], d["handoffs"]) for d in report["daily"]
    }
    assert len(days) == 31
    assert days["2026-03-10"] == (2, 1, 0)
    assert days["2026-03-11"] == (1, 0, 1)
    assert days["2026-03-31"] == (1, 1, 0)
    assert sum(c for c, _, _ in days.values()) == 6


def test_per_agent_figures(boss: Api, march: tuple[LiveServer, Seeded]):
    _, seeded = march
    rows = {row["username"]: row for row in boss.kpis(**MARCH)["agents"]}
    ann, bob = rows["ann"], rows["bob"]
    assert (ann["conversations"], ann["resolved"], ann["replies"]) == (1, 1, 2)
    assert (ann["first_response_seconds"], ann["response_seconds"]) == (30.0, 60.0)
    assert ann["timely_replies"]["rate"] == 0.5 and ann["rating_average"] == 4.0
    assert (bob["replies"], bob["timely_replies"]["rate"], bob["rating_average"]) == (1, 0.0, 1.0)
    assert rows["boss"]["conversations"] == 0 and rows["boss"]["timely_replies"]["rate"] is None

    only_ann = boss.kpis(**MARCH, agent_id=seeded.agent_ids["ann"])
    assert only_ann["conversations"] == 1  # c3
    assert only_ann["handoffs"]["rate"] == 1.0
    assert (only_ann["timely_replies"]["count"], only_ann["timely_replies"]["total"]) == (1, 2)
    assert only_ann["satisfaction"]["average"] == 4.0
    assert [row["username"] for row in only_ann["agents"]] == ["ann"]


def test_the_response_rate_counts_shoppers_who_were_asked(boss: Api):
    may = boss.kpis(period="month", date="2026-05-01")
    assert may["conversations"] == 2
    # ann resolved both (each shopper was asked); one of them rated 5
    assert may["satisfaction"]["responses"] == {"count": 1, "total": 2, "rate": 0.5}
    assert may["satisfaction"]["average"] == 5.0
    assert may["bot_resolved"]["count"] == 0  # the bot never answered
