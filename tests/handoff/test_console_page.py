"""In headless Chromium: a shopper escalates in the storefront widget, an agent takes
over in the console, and the two talk both ways."""

from __future__ import annotations

import asyncio

from playwright.async_api import Browser, Page, expect

from tests.handoff.clients import create_agent, escalate_by_misses
from tests.handoff.conftest import ServerFactory
from tests.pages.conftest import CHROMIUM, DESKTOP, browser  # noqa: F401  (the fixture)
from tests.pages.widget import Widget
from tests.server import LiveServer
from tests.shopper import Shopper

assert CHROMIUM  # the page tests' browser setup is shared, not copied

IME_ENTER = """input => {
    const enter = (extra) => new KeyboardEvent("keydown", {
        key: "Enter", code: "Enter", bubbles: true, cancelable: true, ...extra});
    input.dispatchEvent(new CompositionEvent("compositionstart", {bubbles: true}));
    input.dispatchEvent(enter({isComposing: true}));
    input.dispatchEvent(enter({}));  // some IMEs report isComposing late
    input.value = "拍照";
    input.dispatchEvent(new CompositionEvent("compositionend", {data: "拍照"}));
    input.dispatchEvent(enter({keyCode: 229}));  // Safari: the confirming Enter
}"""


async def console_login(page: Page, server: LiveServer, username: str, password: str) -> None:
    await page.goto(server.http_url + "/console")
    await page.get_by_test_id("console-username").fill(username)
    await page.get_by_test_id("console-password").fill(password)
    await page.get_by_test_id("console-login-submit").click()
    await expect(page.get_by_test_id("console-status")).to_have_attribute("data-state", "open")
    await expect(page.get_by_test_id("console-presence")).to_have_value("online")


async def test_a_shopper_escalates_and_an_agent_takes_over_in_the_console(
    browser: Browser,  # noqa: F811
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    agent_context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    shopper_context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    errors: list[str] = []
    try:
        console = await agent_context.new_page()
        store = await shopper_context.new_page()
        for page in (console, store):
            page.set_default_timeout(10_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
        await console_login(console, server, "xiaomei", "xiaomei-demo")

        await store.goto(server.http_url + "/")
        widget = Widget(store)
        await widget.open()
        await widget.connected()
        for count, text in enumerate(["你好", "榴莲能做成披萨吗", "你们卖不卖椰青"], start=1):
            await widget.type_and_enter(text)
            await expect(widget.by("bot")).to_have_count(count)
        await expect(widget.by("system")).to_contain_text("客服 小美 已接入")

        await expect(console.get_by_test_id("console-alert")).to_contain_text("新会话")
        chat = console.get_by_test_id("console-chat")
        await expect(chat).to_have_count(1)
        shopper_lines = chat.locator('[data-testid="console-msg"][data-sender="shopper"]')
        await expect(shopper_lines.last).to_contain_text("你们卖不卖椰青")
        bot_lines = chat.locator('[data-testid="console-msg"][data-sender="bot"]')
        await expect(bot_lines.last.locator("summary")).to_contain_text("handoff")

        await widget.type_and_enter("<b>橙子坏了</b> 三个")
        await expect(shopper_lines.last.locator(".bubble")).to_have_text("<b>橙子坏了</b> 三个")
        assert await chat.locator(".bubble b").count() == 0  # shown as text, never as HTML

        reply = console.get_by_test_id("console-reply-input")
        await reply.fill("pai'zhao")
        await reply.evaluate(IME_ENTER)
        await expect(reply).to_have_value("拍照")  # the Enter chose a word, sent nothing
        await reply.fill("非常抱歉，麻烦拍照发我看看")
        await reply.press("Enter")
        await expect(widget.by("agent")).to_contain_text("非常抱歉，麻烦拍照发我看看")
        await expect(widget.by("agent")).to_have_count(1)  # the IME's Enter sent nothing
        await expect(reply).to_have_value("")

        await widget.type_and_enter("好的，这就拍")
        await expect(shopper_lines.last).to_contain_text("好的，这就拍")
        await expect(widget.by("bot")).to_have_count(3)  # the bot stayed silent
    finally:
        await agent_context.close()
        await shopper_context.close()
    assert not errors, errors


async def test_the_console_holds_several_chats_notes_and_the_queue(
    browser: Browser,  # noqa: F811
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    await asyncio.to_thread(create_agent, server, "duo", 2)
    context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
    errors: list[str] = []
    shoppers = [Shopper(server.ws_url) for _ in range(3)]
    try:
        console = await context.new_page()
        console.set_default_timeout(10_000)
        console.on("pageerror", lambda error: errors.append(str(error)))
        await console_login(console, server, "duo", "duo-password")
        for shopper in shoppers:
            await shopper.connect()
            await escalate_by_misses(shopper)

        tabs = console.get_by_test_id("console-chat-tab")
        await expect(tabs).to_have_count(2)
        waiting = console.get_by_test_id("console-queue-entry")
        await expect(waiting).to_have_count(1)
        await expect(waiting).to_contain_text("机器人未能解答")
        await expect(waiting).to_have_attribute(
            "data-conversation-id", str(shoppers[2].welcome["conversation_id"])
        )

        first = str(shoppers[0].welcome["conversation_id"])
        await console.locator(
            f'[data-testid="console-chat-tab"][data-conversation-id="{first}"]'
        ).click()
        chat = console.locator(f'[data-testid="console-chat"][data-conversation-id="{first}"]')
        await expect(chat).to_be_visible()
        await chat.get_by_test_id("console-note-input").fill("<i>老客户</i>，先道歉")
        await chat.get_by_test_id("console-note-add").click()
        await expect(chat.get_by_test_id("console-note")).to_have_text("duo：<i>老客户</i>，先道歉")

        await chat.get_by_test_id("console-category").fill("咨询")
        await chat.get_by_test_id("console-resolve").click()
        await expect(tabs).to_have_count(2)  # the waiting chat took the freed slot
        await expect(waiting).to_have_count(0)
        await expect(console.get_by_test_id("console-alert")).to_contain_text(
            str(shoppers[2].welcome["conversation_id"])
        )
    finally:
        for shopper in shoppers:
            await shopper.close()
        await context.close()
    assert not errors, errors
