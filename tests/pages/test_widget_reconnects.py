"""The widget's socket answered by a script (tests/pages/scripted_socket.py), around
connections: a rate-limited message retried, unacked messages re-sent after a reconnect
and a reload, a stale visitor token, a refused origin, a conversation replaced while
away."""

from __future__ import annotations

import json

import pytest
from playwright.async_api import Page, expect

from tests.pages.handoff_widget import HandoffWidget
from tests.pages.scripted_socket import (
    ScriptedServer,
    ack,
    bot_message,
    chat_items,
    echo,
    error,
    opened,
    stored_outbox,
)
from tests.server import LiveServer


@pytest.fixture
async def server(page: Page) -> ScriptedServer:
    return await ScriptedServer().attach(page)


async def test_a_rate_limited_message_is_sent_again_and_a_too_long_one_fails(
    page: Page, live_server: LiveServer, server: ScriptedServer
):
    widget, connection = await opened(page, live_server, server)
    await widget.type_and_enter("在吗")
    first = await connection.expect("message")
    limited = "您发送得太快了，请稍等片刻再发。"
    connection.send(error("rate_limited", limited, about=first))
    await expect(widget.error).to_have_text(limited)
    mine = widget.by("shopper")
    await expect(mine).to_have_attribute("data-state", "pending")
    assert await connection.expect("message") == first  # sent again, same client_id
    connection.send(ack(first, 1))
    await expect(mine).to_have_attribute("data-state", "sent")

    await widget.type_and_enter("太长了")
    refused = await connection.expect("message")
    connection.send(error("text_too_long", "消息太长啦", about=refused))
    await expect(mine.last).to_have_attribute("data-state", "failed")
    await expect(mine.last.locator(".meta")).to_have_text("未发送")
    assert await stored_outbox(page) is None  # not sent again after a reload either


async def test_an_unacked_message_is_sent_again_after_a_reconnect(
    page: Page, live_server: LiveServer, server: ScriptedServer
):
    widget, connection = await opened(page, live_server, server, visitor="visitor-1")
    await widget.type_and_enter("我的订单到哪了？")
    lost = await connection.expect("message")
    await connection.close(1011)  # the server went away before acking it
    await expect(widget.status).to_have_text("已断开，正在重连…")
    again = await server.connection()
    hello = await again.greet()
    assert hello["visitor"] == "visitor-1"
    assert await again.expect("message") == lost
    again.send(ack(lost, 1))
    await expect(widget.by("shopper")).to_have_attribute("data-state", "sent")
    assert await stored_outbox(page) is None


async def test_an_unacked_message_is_sent_again_after_a_reload(
    page: Page, live_server: LiveServer, server: ScriptedServer
):
    widget, connection = await opened(page, live_server, server)
    await widget.type_and_enter("今天能发货吗？")
    lost = await connection.expect("message")
    await page.reload()
    mine = widget.by("shopper")
    await expect(mine).to_have_attribute("data-state", "pending")
    await expect(mine.locator(".meta")).to_have_text("发送中…")
    again = await server.connection()
    await again.greet()
    assert await again.expect("message") == lost
    again.send(ack(lost, 1))
    await expect(mine).to_have_attribute("data-state", "sent")
    assert await stored_outbox(page) is None

    await page.reload()  # acked: the next page sends only what is typed there
    third = await server.connection()
    await third.greet(history=[echo(lost, 1)])
    await expect(widget.messages).to_have_count(1)
    await widget.type_and_enter("谢谢")
    assert (await third.expect("message"))["text"] == "谢谢"


@pytest.mark.parametrize("with_error_frame", [True, False], ids=["error-then-4401", "bare-4401"])
async def test_a_stale_visitor_token_starts_over_as_a_new_visitor(
    page: Page, live_server: LiveServer, server: ScriptedServer, with_error_frame: bool
):
    widget, _ = await opened(page, live_server, server, visitor="old-visitor")
    await page.reload()  # meanwhile the server's key changed
    stale = await server.connection()
    assert (await stale.expect("hello"))["visitor"] == "old-visitor"
    if with_error_frame:
        stale.send(error("bad_token", "登录信息无效，请重新登录或刷新页面。"))
    await stale.close(4401)
    fresh = await server.connection()
    assert "visitor" not in await fresh.expect("hello")
    fresh.welcome(conversation_id=2, visitor="new-visitor")
    await widget.connected()
    assert await page.evaluate("localStorage.getItem('xgcs.visitor')") == "new-visitor"
    await widget.type_and_enter("你好")
    assert (await fresh.expect("message"))["text"] == "你好"


@pytest.mark.parametrize("with_error_frame", [True, False], ids=["error-then-4403", "bare-4403"])
async def test_a_refused_origin_is_told_and_never_retried(
    page: Page, live_server: LiveServer, server: ScriptedServer, with_error_frame: bool
):
    await page.goto(live_server.http_url + "/")
    widget = HandoffWidget(page)
    await widget.open()
    connection = await server.connection()
    await connection.expect("hello")
    await widget.type_and_enter("你好")  # typed before the answer: waits
    mine = widget.by("shopper")
    await expect(mine).to_have_attribute("data-state", "pending")
    if with_error_frame:
        connection.send(error("origin_not_allowed", "当前页面无权连接客服。"))
    await connection.close(4403)
    await expect(widget.status).to_have_text("当前页面无权连接客服。")
    await expect(widget.status).to_have_attribute("data-state", "refused")
    await page.evaluate("window.dispatchEvent(new Event('online'))")  # would retry at once
    await widget.type_and_enter("在吗")  # would connect
    await expect(mine).to_have_count(2)
    for message in await mine.all():
        await expect(message).to_have_attribute("data-state", "failed")
        await expect(message.locator(".meta")).to_have_text("未发送")
    assert len(json.loads(await stored_outbox(page) or "[]")) == 2  # kept for a reload
    await page.wait_for_timeout(1500)  # longer than the first reconnect delays
    assert len(server.connections) == 1
    await expect(widget.status).to_have_text("当前页面无权连接客服。")


async def test_a_conversation_replaced_while_away_starts_below_a_divider(
    page: Page, live_server: LiveServer, server: ScriptedServer
):
    widget, connection = await opened(page, live_server, server)
    connection.send(bot_message(1, "您好"))
    await expect(widget.by("bot")).to_have_count(1)
    await page.evaluate("window.XGCS._debugDropConnection()")
    again = await server.connection()
    assert (await again.expect("hello"))["last_seq"] == 1
    again.welcome(conversation_id=2)  # an agent closed the first one meanwhile
    fresh = await server.connection()  # last_seq belonged to the old one: asked again
    assert "last_seq" not in await fresh.expect("hello")
    fresh.welcome(conversation_id=2, history=[bot_message(1, "新的会话")])
    await expect(widget.messages).to_have_count(2)  # seq 1 again, of another conversation
    assert await widget.shown() == [("1", "bot", "您好"), ("1", "bot", "新的会话")]
    await expect(widget.messages.first).to_have_attribute("data-archived", "")
    await expect(page.locator("#xgcs-host").locator(".divider")).to_have_text("已为您开始新的会话")

    await widget.type_and_enter("还在吗")  # and a message refused as closed moves on too
    refused = await fresh.expect("message")
    fresh.send(error("conversation_closed", about=refused))
    third = await server.connection()
    assert "last_seq" not in await third.expect("hello")
    third.welcome(conversation_id=3, history=[bot_message(1, "欢迎回来")])  # from another tab
    assert await third.expect("message") == refused  # the pending one goes to the new one
    old = ["old 1 bot", "—", "old 1 bot", "—"]
    assert await chat_items(page) == [*old, "1 bot", "pending shopper"]
    third.send(ack(refused, 2))
    await expect(widget.by("shopper")).to_have_attribute("data-state", "sent")
    assert await chat_items(page) == [*old, "1 bot", "2 shopper"]
