"""Only supervisors and admins see reports and the ledger."""

from __future__ import annotations

import pytest

from tests.reports.conftest import Api
from tests.reports.seed import Seeded
from tests.reports.test_csv import TABLES
from tests.server import LiveServer

READS = [
    "/api/reports/kpis",
    *(f"/api/reports/{table}.csv" for table in TABLES),
    "/api/reports/conversations/1",
    "/api/ledger",
    "/api/ledger.csv",
]


@pytest.mark.parametrize("path", READS)
def test_nobody_signed_in_gets_401(march: tuple[LiveServer, Seeded], path: str):
    server, _ = march
    response = Api(server, None).get(path)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert Api(server, "not-a-real-token").get(path).status_code == 401


@pytest.mark.parametrize("path", READS)
def test_an_agent_gets_403_and_supervisors_and_admins_get_in(
    march: tuple[LiveServer, Seeded], path: str
):
    server, seeded = march
    assert Api(server, seeded.tokens["ann"]).get(path).status_code == 403
    assert Api(server, seeded.tokens["boss"]).get(path).status_code == 200
    assert Api(server, seeded.tokens["root"]).get(path).status_code == 200


def test_an_agent_cannot_change_the_ledger(march: tuple[LiveServer, Seeded]):
    server, seeded = march
    case = seeded.case_ids["invoice_open"]
    boss = Api(server, seeded.tokens["boss"])
    before = boss.get("/api/ledger", type="invoice").json()["entries"][0]
    for token, status in ((None, 401), (seeded.tokens["bob"], 403)):
        change = {"status": "resolved"}
        response = Api(server, token).client.patch(f"/api/ledger/{case}", json=change)
        assert response.status_code == status
    after = boss.get("/api/ledger", type="invoice").json()["entries"][0]
    assert (after["status"], after["history"]) == (before["status"], before["history"])
