"""A supervisor fixes a script in the admin page; the shopper's widget answers with it."""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, expect

from tests.admin.conftest import PASSWORD, StaffServer
from tests.pages.widget import Widget

SAVED = 30_000  # ms: a save checks and reloads the whole library; a busy machine is slow
NEW_ANSWER = "我们的车厘子来自智利，<b>空运直达</b>。"


async def sign_in(page: Page, staff: StaffServer, username: str) -> None:
    await page.goto(staff.server.http_url + "/admin")
    await page.fill("#login-user", username)
    await page.fill("#login-pass", PASSWORD)
    await page.click("#login-form button[type=submit]")
    await expect(page.get_by_test_id("who")).to_contain_text(username.split("-")[0])


async def test_an_edit_in_the_admin_page_changes_the_bots_answer_in_the_widget(
    page: Page, context: BrowserContext, own_staff: StaffServer
):
    await sign_in(page, own_staff, "supervisor-1")
    await page.get_by_test_id("script-search").fill("車厘子")  # traditional characters too
    row = page.locator('[data-testid="script-row"][data-key="cherry-origin"]')
    await row.click()
    form = page.get_by_test_id("script-form")
    await expect(form.locator("#f-id")).to_have_value("cherry-origin")

    await form.locator("#f-intent").fill("no_such_intent")
    await page.get_by_test_id("script-save").click()
    await expect(form.locator('[data-error-for="intent"]')).to_contain_text(
        "no_such_intent", timeout=SAVED
    )

    await form.locator("#f-intent").fill("presale_product_question")
    await form.locator("#f-answer").fill(NEW_ANSWER)
    await page.get_by_test_id("script-save").click()
    await expect(page.get_by_test_id("script-notice")).to_contain_text("已保存", timeout=SAVED)
    await expect(page.get_by_test_id("script-version")).to_have_text("1")

    shop_page = await context.new_page()
    await shop_page.goto(own_staff.server.http_url + "/")
    widget = Widget(shop_page)
    await widget.open()
    await widget.connected()
    await widget.type_and_enter("车厘子产地在哪")
    await expect(widget.by("bot").last).to_contain_text(NEW_ANSWER)  # as text, not markup
    assert await shop_page.locator("b").count() == 0


async def test_try_it_shows_candidates_and_an_agent_cannot_save(page: Page, own_staff: StaffServer):
    await sign_in(page, own_staff, "agent-1")
    await page.click('#tabs button[data-tab="try"]')
    await page.get_by_test_id("try-text").fill("邮费多少钱")
    await page.get_by_test_id("try-go").click()
    await expect(page.get_by_test_id("try-outcome")).to_contain_text("shipping-fee")
    await expect(page.get_by_test_id("try-answer")).to_contain_text("满99元包邮")
    await page.click('#tabs button[data-tab="scripts"]')
    await page.locator('[data-testid="script-row"][data-key="huabei"]').click()
    await page.locator("#f-answer").fill("改不了")
    await page.get_by_test_id("script-save").click()
    await expect(page.get_by_test_id("form-error")).to_contain_text("supervisor", timeout=SAVED)
