"""The ledger page (filters, a status change, the link to a conversation) and the printable
monthly report, in Chromium against the real server."""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, expect

from app.config import Settings
from app.shop import load_shop
from tests.reports.seed import Seeded
from tests.reports.test_dashboard_page import INK, signed_in
from tests.server import LiveServer


async def test_the_ledger_filters_and_moves_a_case_along(
    context: BrowserContext, page: Page, march: tuple[LiveServer, Seeded]
):
    server, seeded = march
    await signed_in(context, seeded.tokens["boss"])
    await page.goto(server.http_url + "/ledger")
    await expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    await page.select_option('select[name="type"]', "bad_fruit_compensation")
    await page.get_by_role("button", name="查询").click()
    rows = page.locator('[data-table="ledger"] tr')
    await expect(rows).to_have_count(1)
    row = rows.first
    await expect(row).to_contain_text("@SUM(A1:A9)")  # shown as text, never run
    await row.locator("select").select_option("approved")
    await row.locator('input[name="note"]').fill("补发两个")
    await row.get_by_role("button", name="保存").click()
    await expect(row).to_have_attribute("data-status", "approved")
    case = seeded.case_ids["bad_fruit_open"]
    response = await page.request.get(
        f"{server.http_url}/api/ledger",
        params={"type": "bad_fruit_compensation"},
        headers={"Authorization": f"Bearer {seeded.tokens['boss']}"},
    )
    entry = (await response.json())["entries"][0]
    assert entry["id"] == case and entry["status"] == "approved"
    assert entry["history"][-1]["note"] == "补发两个"

    await row.get_by_role("link").click()
    await expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    await expect(page.locator(".msg").first).to_contain_text("这个橙子甜吗")


async def test_the_monthly_report_prints_with_its_charts(
    context: BrowserContext, page: Page, march: tuple[LiveServer, Seeded]
):
    server, seeded = march
    await signed_in(context, seeded.tokens["boss"])
    await page.goto(server.http_url + "/report?month=2026-03")
    await expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    await expect(page.locator("[data-role=month]")).to_have_text("2026-03")
    summary = page.locator('[data-table="summary"]')
    await expect(summary).to_contain_text("33.3%")
    await expect(summary).to_contain_text("75.0%")
    for chart in ("report-daily", "report-reasons", "report-satisfaction"):
        assert await page.get_by_test_id(chart).evaluate(INK) > 500, chart
    await page.emulate_media(media="print")
    await expect(page.locator("[data-role=toolbar]")).to_be_hidden()
    await expect(page.get_by_test_id("report-daily")).to_be_visible()
    pdf = await page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


async def test_an_empty_month_prints_dashes_under_the_shops_name(
    context: BrowserContext, page: Page, march: tuple[LiveServer, Seeded]
):
    server, seeded = march
    await signed_in(context, seeded.tokens["boss"])
    await page.goto(server.http_url + "/report?month=2025-01")
    await expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    await expect(page.locator("[data-role=shop]")).to_have_text(load_shop(Settings().shop_dir).name)
    summary = page.locator('[data-table="summary"]')
    for metric in ("机器人独立解决率", "及时回复率", "纠纷处理完成率", "客户满意度"):
        await expect(summary.locator("tr", has_text=metric).locator("td").nth(1)).to_have_text("—")
    await expect(summary.locator("tr", has_text="会话数").locator("td").nth(1)).to_have_text("0")
    assert "NaN" not in await page.locator("article").inner_text()
