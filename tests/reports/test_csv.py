"""CSV exports open in Excel as they should: BOM, escaping, no formulas."""

from __future__ import annotations

import csv
import io

import pytest

from app.reports.csv_export import to_csv
from tests.reports.conftest import Api

MARCH = {"period": "month", "date": "2026-03-15"}
TABLES = [
    "summary",
    "daily",
    "handoff_reasons",
    "satisfaction",
    "intents",
    "unanswered",
    "disputes",
    "agents",
]


def rows_of(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM first, for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("table", TABLES)
def test_every_report_table_downloads_as_csv(boss: Api, table: str):
    response = boss.get(f"/api/reports/{table}.csv", **MARCH)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        f'filename="{table}-2026-03-01-2026-03-31.csv"' in response.headers["content-disposition"]
    )
    rows = rows_of(response.content)
    assert len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows)


def test_the_summary_shows_rates_and_their_parts(boss: Api):
    rows = rows_of(boss.get("/api/reports/summary.csv", **MARCH).content)
    by_metric = {row[0]: row[1:] for row in rows[1:]}
    assert by_metric["会话数"] == ["6", "—", "—"]
    assert by_metric["机器人独立解决率"] == ["33.3%", "2", "6"]
    assert by_metric["及时回复率"] == ["33.3%", "1", "3"]


def test_a_formula_from_a_shopper_is_shown_as_text(boss: Api):
    rows = rows_of(boss.get("/api/reports/unanswered.csv", **MARCH).content)
    assert ["'=1+1 怎么退", "1", ""] in rows
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_ledger_csv_escapes_commas_and_quotes_and_neutralises_formulas(boss: Api):
    response = boss.get("/api/ledger.csv", start="2026-03-01", end="2026-03-31")
    rows = rows_of(response.content)
    reasons = {row[9] for row in rows[1:]}
    assert '坏果3个, 客户说"很烂"' in reasons  # one cell, read back exactly
    assert "'@SUM(A1:A9)" in reasons and "'-2 箱" in reasons
    raw = response.content.decode("utf-8-sig")
    assert '"坏果3个, 客户说""很烂"""' in raw
    assert len(rows) == 1 + 4  # the April refund is outside the range
    assert rows[0][:3] == ["编号", "登记时间", "类型"]


def test_reasons_carry_the_names_supervisors_use(boss: Api):
    rows = rows_of(boss.get("/api/reports/handoff_reasons.csv", **MARCH).content)
    assert rows[0] == ["转人工原因", "名称", "会话数", "占比"]
    assert ["complaint", "投诉", "1", "16.7%"] in rows


def test_line_breaks_stay_in_their_cell_and_numbers_are_left_alone():
    content = to_csv(["问题", "次数"], [("第一行\n=第二行", -3), ("\t=cmd", 0.5), (None, None)])
    rows = rows_of(content)
    assert rows[1] == ["第一行\n=第二行", "-3"]  # quoted, so the break does not start a row
    assert rows[2] == ["'\t=cmd", "0.5"]  # a tab first: neutralised too
    assert rows[3] == ["—", "—"]  # nothing to show
    assert content.endswith(b"\r\n") and content.count(b"\r\n") == 4


def test_the_dispute_table_of_the_printed_report_downloads_too(boss: Api):
    rows = rows_of(boss.get("/api/reports/disputes.csv", **MARCH).content)
    assert rows == [
        ["来源", "登记", "已完结", "完成率"],
        ["售后台账", "3", "2", "66.7%"],
        ["纠纷类转人工", "1", "1", "100.0%"],
        ["合计", "4", "3", "75.0%"],
    ]
