"""What a shopper sees and does in the chat widget, in the words of the tests."""

from __future__ import annotations

from playwright.async_api import Locator, Page, expect


class Widget:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.launcher = page.get_by_test_id("xgcs-launcher")
        self.panel = page.get_by_test_id("xgcs-panel")
        self.input = page.get_by_test_id("xgcs-input")
        self.send_button = page.get_by_test_id("xgcs-send")
        self.messages = page.get_by_test_id("xgcs-msg")
        self.status = page.get_by_test_id("xgcs-status")
        self.error = page.get_by_test_id("xgcs-error")
        self.suggestions = page.get_by_test_id("xgcs-suggestion")

    async def open(self) -> None:
        await self.launcher.click()
        await expect(self.panel).to_be_visible()

    async def connected(self) -> None:
        await expect(self.status).to_have_attribute("data-state", "open")

    async def type_and_enter(self, text: str) -> None:
        await self.input.fill(text)
        await self.input.press("Enter")

    def by(self, sender: str) -> Locator:
        return self.page.locator(f'[data-testid="xgcs-msg"][data-sender="{sender}"]')

    async def shown(self) -> list[tuple[str, str, str]]:
        """(seq, sender, text) of every message element, in the order shown."""
        rows = await self.messages.evaluate_all(
            """els => els.map(el => [el.dataset.seq || "", el.dataset.sender,
                (el.querySelector('.bubble') || {}).textContent || ""])"""
        )
        return [tuple(row) for row in rows]

    async def shadow_count(self, selector: str) -> int:
        return await self.page.evaluate(
            "s => document.getElementById('xgcs-host').shadowRoot.querySelectorAll(s).length",
            selector,
        )
