"""The supervisor's ledger (台账): filters, status changes with history, clear errors."""

from __future__ import annotations

from tests.reports.conftest import Api
from tests.reports.seed import Seeded
from tests.server import LiveServer


def test_filters_by_type_status_and_opening_day(boss: Api):
    refunds = boss.get("/api/ledger", type="refund").json()["entries"]
    assert {e["reason"] for e in refunds} == {'坏果3个, 客户说"很烂"', "四月"}
    march = boss.get("/api/ledger", type="refund", start="2026-03-01", end="2026-03-31").json()
    assert [e["status"] for e in march["entries"]] == ["resolved"]
    rejected = boss.get("/api/ledger", status="rejected").json()["entries"]
    assert [e["type"] for e in rejected] == ["wrong_item"]
    open_cases = boss.get("/api/ledger", open_only="true").json()["entries"]
    assert all(not e["closed"] for e in open_cases) and len(open_cases) >= 2
    first = refunds[-1]
    assert first["amount_yuan"] == "12.50" and first["conversation_id"] is not None
    assert first["created_at"].endswith("+08:00")  # shown in the shop's zone


def test_unknown_filters_are_refused_with_the_choices(boss: Api):
    response = boss.get("/api/ledger", type="free_money")
    assert response.status_code == 422 and "refund" in response.json()["detail"]
    assert boss.get("/api/ledger", status="lost").status_code == 422


def test_a_supervisor_moves_a_case_along_and_the_history_says_who(
    boss: Api, march: tuple[LiveServer, Seeded]
):
    _, seeded = march
    case = seeded.case_ids["invoice_open"]
    step = boss.client.patch(f"/api/ledger/{case}", json={"status": "in_progress", "note": "在开"})
    assert step.status_code == 200, step.text
    done = boss.client.patch(f"/api/ledger/{case}", json={"status": "resolved"}).json()
    assert done["status"] == "resolved" and done["closed"] and done["closed_at"]
    assert done["handler"] == "boss"
    assert [(h["from"], h["to"], h["by"]) for h in done["history"]] == [
        ("open", "in_progress", "boss"),
        ("in_progress", "resolved", "boss"),
    ]
    assert done["history"][0]["note"] == "在开"
    reopened = boss.client.patch(f"/api/ledger/{case}", json={"status": "open"}).json()
    assert reopened["closed_at"] is None


def test_bad_status_changes_are_refused(boss: Api, march: tuple[LiveServer, Seeded]):
    _, seeded = march
    case = seeded.case_ids["bad_fruit_open"]
    wrong = boss.client.patch(f"/api/ledger/{case}", json={"status": "paid"})
    assert wrong.status_code == 422 and "resolved" in wrong.json()["detail"]
    missing = boss.client.patch("/api/ledger/99999", json={"status": "resolved"})
    assert missing.status_code == 404
    empty = boss.client.patch(f"/api/ledger/{case}", json={})
    assert empty.status_code == 422


def test_a_case_links_to_its_conversation(boss: Api):
    entry = boss.get("/api/ledger", type="wrong_item").json()["entries"][0]
    chat = boss.get(f"/api/reports/conversations/{entry['conversation_id']}").json()
    assert chat["customer"]["ref"] == "member:C1"
    assert [m["text"] for m in chat["messages"]][:2] == ["这个橙子甜吗", "很甜"]
    assert {c["type"] for c in chat["ledger"]} >= {"wrong_item", "refund"}
    assert boss.get("/api/reports/conversations/99999").status_code == 404
