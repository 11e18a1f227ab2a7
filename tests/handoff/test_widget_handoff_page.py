"""In headless Chromium, the shopper's side of a handoff in the storefront widget: the
queue bar moving and cancelled, an agent taking over, the rating, and 留言 outside hours."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests.handoff.clients import (
    AgentClient,
    create_agent,
    escalate_by_misses,
    login,
    ratings_of,
)
from tests.handoff.conftest import ServerFactory
from tests.pages.conftest import DESKTOP, PHONE, browser  # noqa: F401  (the fixture)
from tests.pages.handoff_widget import IME_ENTER, HandoffWidget
from tests.server import LiveServer
from tests.shopper import Shopper

AGENT_NAME = "<b>阿珍</b>"  # a display name that would be markup if inserted as HTML


@asynccontextmanager
async def storefronts(
    browser: Browser,  # noqa: F811
    server: LiveServer,
    viewports: list[ViewportSize],
) -> AsyncIterator[list[HandoffWidget]]:
    """One shopper per viewport, each in a fresh profile on the storefront, panel open;
    any script error or dialog (an alert from injected markup) fails the test."""
    contexts = [await browser.new_context(viewport=size, locale="zh-CN") for size in viewports]
    errors: list[str] = []
    try:
        widgets = []
        for context in contexts:
            page: Page = await context.new_page()
            page.set_default_timeout(10_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
            await page.goto(server.http_url + "/")
            widget = HandoffWidget(page)
            await widget.open()
            await widget.connected()
            widgets.append(widget)
        yield widgets
    finally:
        for context in contexts:
            await context.close()
    assert not errors, errors


WAIT = re.compile(r"预计等待约 \d+ 分钟")


async def test_the_queue_moves_an_agent_takes_over_and_the_shopper_rates(
    browser: Browser,  # noqa: F811
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    await asyncio.to_thread(create_agent, server, "azhen", 1, display_name=AGENT_NAME)
    agent = await AgentClient(server, "azhen").connect()
    busy = Shopper(server.ws_url)  # holds the agent's only seat: the widgets must wait
    await busy.connect()
    await escalate_by_misses(busy)
    busy_chat = await agent.assigned_chat()
    try:
        async with storefronts(browser, server, [DESKTOP, PHONE]) as (first, second):
            await first.escalate()
            await expect(first.queue).to_be_visible()
            await expect(first.queue).to_have_attribute("data-position", "1")
            await expect(first.queue_text).to_have_text(re.compile(r"^排队中：您是下一位，"))
            await expect(first.queue_text).to_contain_text(WAIT)

            await second.escalate()  # on a phone
            await expect(second.queue).to_have_attribute("data-position", "2")
            await expect(second.queue_text).to_have_text(
                re.compile(r"^排队中：前面还有 1 位，预计等待约 \d+ 分钟$")
            )
            await second.fits_the_screen(second.panel)
            await second.fits_the_screen(second.cancel_queue)

            busy_id = busy_chat["conversation_id"]
            await agent.send({"type": "resolve", "conversation_id": busy_id, "category": "咨询"})
            chat = await agent.assigned_chat()  # the seat went to the first in line
            await expect(first.queue).to_be_hidden()
            await expect(first.subtitle).to_have_text(f"客服 {AGENT_NAME} 已接入")
            await expect(first.by("system").last).to_contain_text(f"客服 {AGENT_NAME} 已接入")
            await expect(second.queue).to_have_attribute("data-position", "1")
            await expect(second.queue_text).to_have_text(re.compile(r"^排队中：您是下一位，"))

            await second.cancel_queue.focus()  # with the keyboard
            await second.page.keyboard.press("Enter")
            await expect(second.queue).to_be_hidden()
            await expect(second.by("system").last).to_contain_text("已为您取消排队")
            await expect(second.input).to_be_focused()

            await talk(first, agent, int(chat["conversation_id"]))
            await rate(first, agent, server, int(chat["conversation_id"]))
            assert await first.html_elements("b", "img", "i") == 0
    finally:
        await busy.close()
        await agent.close()


async def talk(widget: HandoffWidget, agent: AgentClient, conversation_id: int) -> None:
    """The agent's words show under their name; the shopper's reach the agent."""
    await agent.send({"type": "typing", "conversation_id": conversation_id, "on": True})
    await expect(widget.page.get_by_test_id("xgcs-typing")).to_have_text(
        f"客服 {AGENT_NAME} 正在输入…"
    )
    await agent.reply(conversation_id, "<img src=x onerror=alert(1)>您好，我是阿珍")
    await expect(widget.page.get_by_test_id("xgcs-typing")).to_be_hidden()
    await expect(widget.by("agent")).to_have_count(1)
    await expect(widget.by("agent").locator(".bubble")).to_have_text(
        "<img src=x onerror=alert(1)>您好，我是阿珍"
    )
    await expect(widget.by("agent").get_by_test_id("xgcs-sender-name")).to_have_text(
        f"客服 {AGENT_NAME}"
    )
    await widget.type_and_enter("橙子有三个坏了")
    heard = await agent.expect_where(
        "message", lambda f: f["conversation_id"] == conversation_id and f["sender"] == "shopper"
    )
    assert heard["text"] == "橙子有三个坏了"


async def rate(
    widget: HandoffWidget, agent: AgentClient, server: LiveServer, conversation_id: int
) -> None:
    """Resolved: 1-5 stars and a comment, sent once, stored once."""
    await agent.send({"type": "resolve", "conversation_id": conversation_id, "category": "售后"})
    await expect(widget.rating).to_be_visible()
    await expect(widget.subtitle).not_to_contain_text("已接入")
    await expect(widget.stars).to_have_count(5)

    await widget.rating_submit.click()  # no stars chosen yet
    await expect(widget.rating_error).to_have_text("请先选择星级")
    await expect(widget.stars.first.locator("input")).to_be_focused()
    await widget.page.keyboard.press("Space")
    for _ in range(3):
        await widget.page.keyboard.press("ArrowRight")
    await expect(widget.stars.nth(3).locator("input")).to_be_checked()
    await expect(widget.page.locator(".star.on")).to_have_count(4)
    await expect(widget.page.get_by_test_id("xgcs-star-hint")).to_have_text("满意")

    await widget.rating_comment.fill("<i>阿珍</i>很耐心")
    await widget.rating_comment.evaluate(IME_ENTER)
    await expect(widget.rating).to_have_attribute("data-state", "ready")  # the IME's Enter
    await widget.rating_submit.dblclick()  # a double click still sends one rating
    await expect(widget.rating_done).to_have_text("感谢您的评价！")
    await expect(widget.rating_submit).to_have_count(0)
    await expect(widget.rating).to_have_count(1)
    await expect(widget.error).to_be_hidden()  # no "当前没有需要评价的服务" from a second rate
    stored = await asyncio.to_thread(ratings_of, server, conversation_id)
    assert stored == [(4, "<i>阿珍</i>很耐心")]


async def test_a_reload_keeps_the_place_in_line_and_the_agent(
    browser: Browser,  # noqa: F811
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    await asyncio.to_thread(create_agent, server, "azhen", 1, display_name=AGENT_NAME)
    agent = await AgentClient(server, "azhen").connect()
    busy = Shopper(server.ws_url)
    await busy.connect()
    await escalate_by_misses(busy)
    busy_chat = await agent.assigned_chat()
    try:
        async with storefronts(browser, server, [PHONE]) as (widget,):
            await widget.escalate()
            await expect(widget.queue).to_have_attribute("data-position", "1")
            await widget.page.reload()
            await widget.connected()
            await expect(widget.queue).to_have_attribute("data-position", "1")
            await expect(widget.queue_text).to_contain_text(WAIT)

            busy_id = busy_chat["conversation_id"]
            await agent.send({"type": "resolve", "conversation_id": busy_id, "category": "咨询"})
            chat = await agent.assigned_chat()
            await agent.reply(int(chat["conversation_id"]), "久等了")
            await expect(widget.by("agent")).to_have_text(re.compile("久等了"))
            await widget.page.reload()
            await widget.connected()
            await expect(widget.queue).to_be_hidden()
            await expect(widget.subtitle).to_have_text(f"客服 {AGENT_NAME} 已接入")
            # the agent's message came back in the history, before agent_joined named them
            await expect(widget.by("agent").get_by_test_id("xgcs-sender-name")).to_have_text(
                f"客服 {AGENT_NAME}"
            )
    finally:
        await busy.close()
        await agent.close()


async def test_outside_business_hours_the_shopper_leaves_a_message(
    browser: Browser,  # noqa: F811
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server(CS_HANDOFF_HOURS="never", CS_MAX_MESSAGE_CHARS="60")
    async with storefronts(browser, server, [PHONE]) as (widget,):
        await widget.escalate()
        await expect(widget.by("bot").last).to_contain_text("非工作时间")
        await expect(widget.leave).to_be_visible()
        await expect(widget.queue).to_be_hidden()

        await widget.leave_name.fill("wang")
        await widget.leave_name.evaluate(IME_ENTER)  # choosing 王 in the IME sends nothing
        await expect(widget.leave_name).to_be_focused()
        await widget.leave_name.fill("王女士<b>")
        await widget.leave_name.press("Enter")
        await expect(widget.leave_phone).to_be_focused()
        await widget.leave_phone.fill("1380013800")  # one digit short
        await widget.leave_text.fill("想订十箱芒果送客户")
        await widget.leave_submit.click()
        await expect(widget.page.get_by_test_id("xgcs-leave-phone-error")).to_have_text(
            "请输入正确的 11 位手机号码"
        )
        await expect(widget.leave_phone).to_have_attribute("aria-invalid", "true")
        await expect(widget.leave_phone).to_be_focused()

        await widget.leave_phone.fill("+86 138-0013-8000")
        await expect(widget.leave_phone).not_to_have_attribute("aria-invalid", "true")
        await widget.leave_text.fill("芒果" * 31)  # longer than this server takes
        await widget.leave_submit.click()
        await expect(widget.leave_error).to_contain_text("不超过60字")  # the server's words
        await expect(widget.leave).to_have_attribute("data-state", "ready")

        await widget.leave_text.fill("<img src=x onerror=alert(1)>想订十箱芒果送客户")
        await widget.leave_text.press("Enter")
        await expect(widget.leave_done).to_have_text("✓ 留言已提交")
        await expect(widget.by("system").last).to_have_text(
            "留言已收到，客服会通过 王女士<b> 13800138000 尽快联系您～"
        )
        await widget.fits_the_screen(widget.by("system").last)
        assert await widget.html_elements("b", "img") == 0

    left = httpx.get(
        f"{server.http_url}/api/left-messages",
        headers={"Authorization": f"Bearer {login(server, 'xiaomei')}"},
    )
    assert left.status_code == 200, left.text
    cases = [(case["contact"], case["text"]) for case in left.json()]
    assert cases == [("王女士<b> 13800138000", "<img src=x onerror=alert(1)>想订十箱芒果送客户")]
