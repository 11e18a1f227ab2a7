"""A supervisor opens the dashboard in Chromium and sees the month's figures and charts."""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, expect

from app.config import Settings
from app.shop import load_shop
from tests.reports.seed import PASSWORD, Seeded
from tests.server import LiveServer

CHARTS = ["chart-daily", "chart-reasons", "chart-satisfaction", "chart-intents"]
INK = """(canvas) => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted += 1;
  return painted;
}"""


async def signed_in(context: BrowserContext, token: str) -> None:
    await context.add_init_script(f"localStorage.setItem('cs.supervisor.token', {token!r})")


async def test_the_dashboard_draws_every_chart_from_the_seeded_month(
    context: BrowserContext, page: Page, march: tuple[LiveServer, Seeded]
):
    server, seeded = march
    await signed_in(context, seeded.tokens["boss"])
    chart_js = []
    page.on("request", lambda r: chart_js.append(r.url) if "chart" in r.url else None)
    await page.goto(server.http_url + "/dashboard?period=month&date=2026-03-15")
    await expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    await expect(page.locator('[data-kpi="conversations"]')).to_have_text("6")
    await expect(page.locator('[data-kpi="bot_resolved"]')).to_have_text("33.3%")
    await expect(page.locator('[data-kpi="disputes"]')).to_have_text("75.0%")
    await expect(page.locator('[data-kpi="conversion"]')).to_have_text("50.0%")
    for chart in CHARTS:
        canvas = page.get_by_test_id(chart)
        await expect(canvas).to_have_attribute("data-rendered", "true")
        box = await canvas.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100
        assert await canvas.evaluate(INK) > 500, f"{chart} is blank"
    assert all(url.startswith(server.http_url) for url in chart_js)  # served by us, no CDN
    ann = page.locator('[data-table="agents"] tr', has_text="ann")
    await expect(ann).to_contain_text("30.0 秒")
    await expect(ann).to_contain_text("50.0%")


async def test_an_empty_range_shows_dashes(
    context: BrowserContext, page: Page, march: tuple[LiveServer, Seeded]
):
    server, seeded = march
    await signed_in(context, seeded.tokens["boss"])
    await page.goto(server.http_url + "/dashboard?period=day&date=2025-01-01")
    await expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    await expect(page.locator('[data-kpi="conversations"]')).to_have_text("0")
    for kpi in ("bot_resolved", "timely_replies", "disputes", "satisfaction", "conversion"):
        await expect(page.locator(f'[data-kpi="{kpi}"]')).to_have_text("—")
    await expect(page.locator('[data-table="unanswered"] td')).to_have_text("—")


async def test_the_agent_filter_narrows_the_figures(
    context: BrowserContext, page: Page, march: tuple[LiveServer, Seeded]
):
    server, seeded = march
    await signed_in(context, seeded.tokens["boss"])
    await page.goto(server.http_url + "/dashboard?period=month&date=2026-03-15")
    await expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    await page.select_option('select[name="agent_id"]', str(seeded.agent_ids["bob"]))
    await page.get_by_role("button", name="查询").click()
    await expect(page.locator('[data-kpi="conversations"]')).to_have_text("1")
    await expect(page.locator('[data-kpi="timely_replies"]')).to_have_text("0.0%")
    assert f"agent_id={seeded.agent_ids['bob']}" in page.url


async def test_without_a_session_the_page_asks_to_log_in(
    page: Page, march: tuple[LiveServer, Seeded]
):
    server, _ = march
    await page.goto(server.http_url + "/dashboard")
    await expect(page.locator("#login")).to_be_visible()


async def test_a_supervisor_logs_in_on_the_page_and_an_agent_is_turned_away(
    context: BrowserContext, march: tuple[LiveServer, Seeded]
):
    server, _ = march
    page = await context.new_page()
    await page.goto(server.http_url + "/dashboard?period=month&date=2026-03-15")
    login = page.locator("#login")
    await login.locator('input[name="username"]').fill("ann")
    await login.locator('input[name="password"]').fill(PASSWORD)
    await login.get_by_role("button", name="登录").click()
    await expect(page.locator("#error")).to_have_text("需要主管或管理员权限")
    await expect(page.locator('[data-kpi="conversations"]')).to_have_text("—")

    await expect(login).to_be_visible()  # a supervisor may sign in instead
    await login.locator('input[name="username"]').fill("boss")
    await login.locator('input[name="password"]').fill(PASSWORD)
    await login.get_by_role("button", name="登录").click()
    await expect(page.locator('[data-kpi="conversations"]')).to_have_text("6")


async def test_a_custom_range_of_days_is_chosen_on_the_page(
    context: BrowserContext, page: Page, march: tuple[LiveServer, Seeded]
):
    server, seeded = march
    await signed_in(context, seeded.tokens["boss"])
    await page.goto(server.http_url + "/dashboard?period=month&date=2026-03-15")
    await expect(page.locator("body")).to_have_attribute("data-loaded", "true")
    await expect(page.locator("[data-role=shop]")).to_have_text(load_shop(Settings().shop_dir).name)
    await page.select_option('select[name="period"]', "custom")
    await page.fill('input[name="start"]', "2026-03-10")
    await page.fill('input[name="end"]', "2026-03-11")
    await page.get_by_role("button", name="查询").click()
    await expect(page.locator('[data-kpi="conversations"]')).to_have_text("3")
    assert "start=2026-03-10" in page.url and "end=2026-03-11" in page.url
    await page.reload()  # the view is in the address bar: a bookmark shows the same
    await expect(page.locator('[data-kpi="conversations"]')).to_have_text("3")
