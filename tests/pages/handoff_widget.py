"""The widget's handoff parts, in the words of the tests: the queue bar, the agent, the
rating and the 留言 form."""

from __future__ import annotations

from playwright.async_api import Locator, Page, expect

from tests.pages.widget import Widget

# The greeting bot greets once, then misses; the second miss in a row asks for a person.
ESCALATING_MESSAGES = ["你好", "榴莲能做成披萨吗", "你们卖不卖椰青"]

# Synthetic key events as an IME sends them: none of these Enters may act.
IME_ENTER = """field => {
    const enter = (extra) => new KeyboardEvent("keydown", {
        key: "Enter", code: "Enter", bubbles: true, cancelable: true, ...extra});
    field.dispatchEvent(new CompositionEvent("compositionstart", {bubbles: true}));
    field.dispatchEvent(enter({isComposing: true}));
    field.dispatchEvent(enter({}));  // some IMEs report isComposing late
    field.dispatchEvent(new CompositionEvent("compositionend", {data: "王"}));
    field.dispatchEvent(enter({keyCode: 229}));  // Safari: the confirming Enter
}"""


class HandoffWidget(Widget):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.subtitle = page.get_by_test_id("xgcs-subtitle")
        self.queue = page.get_by_test_id("xgcs-queue")
        self.queue_text = page.get_by_test_id("xgcs-queue-text")
        self.cancel_queue = page.get_by_test_id("xgcs-cancel-queue")
        self.sender_names = page.get_by_test_id("xgcs-sender-name")
        self.rating = page.get_by_test_id("xgcs-rating")
        self.stars = page.get_by_test_id("xgcs-star")
        self.rating_comment = page.get_by_test_id("xgcs-rating-comment")
        self.rating_submit = page.get_by_test_id("xgcs-rating-submit")
        self.rating_error = page.get_by_test_id("xgcs-rating-error")
        self.rating_done = page.get_by_test_id("xgcs-rating-done")
        self.leave = page.get_by_test_id("xgcs-leave")
        self.leave_name = page.get_by_test_id("xgcs-leave-name")
        self.leave_phone = page.get_by_test_id("xgcs-leave-phone")
        self.leave_text = page.get_by_test_id("xgcs-leave-text")
        self.leave_submit = page.get_by_test_id("xgcs-leave-submit")
        self.leave_error = page.get_by_test_id("xgcs-leave-error")
        self.leave_done = page.get_by_test_id("xgcs-leave-done")

    async def escalate(self) -> None:
        """Miss twice in a row, waiting for each of the bot's answers."""
        for count, text in enumerate(ESCALATING_MESSAGES, start=1):
            await self.type_and_enter(text)
            await expect(self.by("bot")).to_have_count(count)

    async def html_elements(self, *tags: str) -> int:
        """Elements with these tags where the widget shows text: it must never become HTML."""
        places = (".head", ".queue", ".scroll")
        return await self.shadow_count(", ".join(f"{p} {tag}" for p in places for tag in tags))

    async def fits_the_screen(self, element: Locator) -> None:
        """``element`` lies inside the viewport, horizontally and vertically."""
        box = await element.bounding_box()
        size = self.page.viewport_size
        assert box is not None and size is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], box
        assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], box
