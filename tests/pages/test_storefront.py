"""A shopper on the demo storefront chats with the real server through the widget."""

from __future__ import annotations

import asyncio

from playwright.async_api import Page, expect

from tests.pages.conftest import PHONE
from tests.pages.widget import Widget
from tests.server import LiveServer


async def chat_once(page: Page, server: LiveServer, text: str = "你好") -> Widget:
    await page.goto(server.http_url + "/")
    widget = Widget(page)
    await widget.open()
    await widget.connected()
    await widget.type_and_enter(text)
    await expect(widget.by("shopper")).to_have_attribute("data-state", "sent")
    await expect(widget.by("bot")).to_have_count(1)
    return widget


async def test_the_storefront_shows_the_shop_and_its_fruit(page: Page, live_server: LiveServer):
    await page.goto(live_server.http_url + "/")
    products = page.locator('[data-testid="catalog"] > li')
    await expect(products.first).to_be_visible()
    shop = await (await page.request.get(live_server.http_url + "/api/shop")).json()
    await expect(products).to_have_count(len(shop["catalog"]))
    await expect(page.locator("h1")).to_have_text(shop["name"])
    await expect(products.first).to_contain_text(shop["catalog"][0]["name"])


async def test_a_shopper_says_hello_and_the_bot_answers(page: Page, live_server: LiveServer):
    widget = await chat_once(page, live_server, "你好")
    await expect(widget.input).to_have_value("")
    shown = await widget.shown()
    assert shown[0][1:] == ("shopper", "你好")
    assert shown[1][1] == "bot" and shown[1][2]
    assert [int(seq) for seq, _, _ in shown] == [1, 2]


async def test_the_conversation_comes_back_after_a_reload(page: Page, live_server: LiveServer):
    widget = await chat_once(page, live_server, "你好")
    before = await widget.shown()
    await page.reload()
    await expect(widget.panel).to_be_visible()  # it was open before the reload
    await expect(widget.messages).to_have_count(2)
    assert await widget.shown() == before
    await widget.launcher.click()  # closed now, and it stays closed after the next reload
    await page.reload()
    await expect(widget.launcher).to_be_visible()
    await expect(widget.panel).to_be_hidden()


async def test_enter_that_confirms_a_chinese_ime_word_does_not_send(
    page: Page, live_server: LiveServer
):
    await page.goto(live_server.http_url + "/")
    widget = Widget(page)
    await widget.open()
    await widget.connected()
    await widget.input.fill("ping'guo")
    await widget.input.evaluate(
        """input => {
            const enter = (extra) => new KeyboardEvent("keydown", {
                key: "Enter", code: "Enter", bubbles: true, cancelable: true, ...extra});
            input.dispatchEvent(new CompositionEvent("compositionstart", {bubbles: true}));
            input.dispatchEvent(enter({isComposing: true}));
            input.dispatchEvent(enter({}));  // some IMEs report isComposing late
            input.value = "苹果";
            input.dispatchEvent(new CompositionEvent("compositionend", {data: "苹果"}));
            input.dispatchEvent(enter({keyCode: 229}));  // Safari: the confirming Enter
        }"""
    )
    await page.wait_for_timeout(300)
    await expect(widget.messages).to_have_count(0)
    await expect(widget.input).to_have_value("苹果")
    await widget.input.press("Shift+Enter")
    await expect(widget.input).to_have_value("苹果\n")
    await widget.input.type("多少钱")
    await widget.input.press("Enter")
    await expect(widget.by("shopper")).to_have_count(1)
    await expect(widget.by("shopper").locator(".bubble")).to_have_text("苹果\n多少钱")


async def test_html_in_a_message_is_shown_as_text(page: Page, live_server: LiveServer):
    await page.goto(live_server.http_url + "/")
    widget = Widget(page)
    await widget.open()
    await widget.connected()
    attack = "<img src=x onerror=alert(1)>"
    await widget.input.fill(attack)
    await widget.send_button.click()
    await expect(widget.by("shopper").locator(".bubble")).to_have_text(attack)
    await expect(widget.by("bot")).to_have_count(1)
    assert await widget.shadow_count("img") == 0
    await page.reload()  # and again when it comes back from the server's history
    await expect(widget.by("shopper").locator(".bubble")).to_have_text(attack)
    assert await widget.shadow_count("img") == 0
    assert await page.locator("img").count() == 0  # the page fixture fails on any alert


async def test_on_a_phone_the_panel_fills_the_screen(page: Page, live_server: LiveServer):
    await page.set_viewport_size(PHONE)
    widget = await chat_once(page, live_server, "你好，请问今天能发货吗？")
    box = await widget.panel.bounding_box()
    assert box == {"x": 0, "y": 0, "width": PHONE["width"], "height": PHONE["height"]}
    for part in (widget.input, widget.send_button):
        part_box = await part.bounding_box()
        assert part_box is not None
        assert part_box["x"] >= 0 and part_box["x"] + part_box["width"] <= PHONE["width"]
        assert part_box["y"] + part_box["height"] <= PHONE["height"]
    await page.screenshot(path="/tmp/widget-phone.png")


async def test_after_the_network_drops_the_chat_carries_on(page: Page, live_server: LiveServer):
    widget = await chat_once(page, live_server, "你好")
    await page.evaluate("window.XGCS._debugDropConnection()")
    await expect(widget.status).to_have_text("已断开，正在重连…")
    await widget.connected()
    await widget.type_and_enter("还在吗？")
    await expect(widget.by("bot")).to_have_count(2)
    await page.wait_for_timeout(300)  # anything shown twice would have arrived by now
    shown = await widget.shown()
    assert [int(seq) for seq, _, _ in shown] == [1, 2, 3, 4]
    assert [sender for _, sender, _ in shown] == ["shopper", "bot", "shopper", "bot"]
    await page.screenshot(path="/tmp/widget.png")


async def test_a_message_typed_while_the_server_is_down_is_delivered_once_it_is_back(
    page: Page, own_server: LiveServer
):
    own_server.start()
    widget = await chat_once(page, own_server, "你好")
    own_server.kill()
    await expect(widget.status).to_have_text("已断开，正在重连…")
    await widget.type_and_enter("我的订单到哪了？")
    pending = widget.by("shopper").last
    await expect(pending).to_have_attribute("data-state", "pending")
    await asyncio.to_thread(own_server.start)
    await expect(pending).to_have_attribute("data-state", "sent", timeout=15_000)
    await expect(widget.by("bot")).to_have_count(2)
    assert [int(seq) for seq, _, _ in await widget.shown()] == [1, 2, 3, 4]
    await page.reload()  # the server has it too, stored once
    await expect(widget.messages).to_have_count(4)
