"""The real storefront and widget in Chromium, with the chat socket answered by a script
(tests/pages/scripted_socket.py): single frames the real server rarely sends (cards,
typing, repeated and malformed frames, markup), what the shopper sees and what the widget
sends back. Reconnecting and refusals: test_widget_reconnects.py."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.pages.scripted_socket import (
    Frame,
    ScriptedServer,
    ack,
    bot_message,
    echo,
    error,
    opened,
)
from tests.server import LiveServer

MARKUP = "<img src=x onerror=alert(1)>$&<b>粗</b>"  # markup and a replacement pattern
ORDER_CARD: Frame = {
    "kind": "order",
    "order_no": "XG2511200003",
    "title": "云南阳光玫瑰葡萄 2串装",
    "status": "运输中",
    "status_code": "shipped",
    "items": [{"sku": "grape", "name": "阳光玫瑰", "qty": 2, "price": "¥29.95"}],
    "total": "¥59.90",
    "carrier": "顺丰冷链",
    "tracking_no": None,  # not known yet: no row
}


@pytest.fixture
async def server(page: Page) -> ScriptedServer:
    return await ScriptedServer().attach(page)


async def test_an_order_card_and_buttons_show_and_a_button_sends_its_text(
    page: Page, live_server: LiveServer, server: ScriptedServer
):
    widget, connection = await opened(page, live_server, server)
    cards = [ORDER_CARD, {"kind": "product", "title": "广西武鸣沃柑"}, {"kind": "coupon"}]
    buttons = [{"label": "查物流", "text": "我的快递到哪了？"}, {"label": "", "text": "转人工"}]
    connection.send(bot_message(1, "为您查到这个订单：", cards=cards, buttons=buttons))

    shown = page.get_by_test_id("xgcs-card")
    await expect(shown).to_have_count(2)  # a kind without a title is left out
    order = shown.first
    await expect(order).to_have_attribute("data-kind", "order")
    await expect(order.locator(".card-title")).to_have_text("云南阳光玫瑰葡萄 2串装")
    rows = await order.locator("dt, dd").all_text_contents()
    assert rows == [
        "订单号",
        "XG2511200003",
        "状态",
        "运输中",
        "快递",
        "顺丰冷链",
        "金额",
        "¥59.90",
    ]
    await expect(order.locator(".card-items li")).to_have_text(["阳光玫瑰 ×2"])
    await expect(shown.nth(1)).to_have_text("广西武鸣沃柑")
    await expect(widget.suggestions).to_have_text(["查物流", "转人工"])

    await widget.suggestions.first.click()
    assert (await connection.expect("message"))["text"] == "我的快递到哪了？"
    await expect(widget.by("shopper").locator(".bubble")).to_have_text("我的快递到哪了？")


async def test_the_typing_line_follows_typing_frames_and_the_next_message(
    page: Page, live_server: LiveServer, server: ScriptedServer
):
    widget, connection = await opened(page, live_server, server)
    typing = page.get_by_test_id("xgcs-typing")
    await expect(typing).to_be_hidden()
    connection.send({"type": "typing", "sender": "bot", "on": True})
    await expect(typing).to_be_visible()
    await expect(typing).to_have_text("正在输入…")
    connection.send({"type": "typing", "sender": "bot", "on": False})
    await expect(typing).to_be_hidden()
    connection.send({"type": "typing", "sender": "bot", "on": True})
    await expect(typing).to_be_visible()
    connection.send(bot_message(1, "您好"))  # the bot's message ends its typing
    await expect(typing).to_be_hidden()

    connection.send({"type": "agent_joined", "agent": {"name": "小美"}})
    connection.send({"type": "typing", "sender": "agent", "on": True})
    await expect(typing).to_have_text("客服 小美 正在输入…")
    connection.send({"type": "typing", "sender": "bot", "on": False})  # not the one typing
    connection.send({"type": "message", "seq": 2, "sender": "system", "text": "客服 小美 已接入"})
    await expect(widget.by("system")).to_have_count(1)
    await expect(typing).to_be_visible()
    connection.send({"type": "message", "seq": 3, "sender": "agent", "text": "在的"})
    await expect(typing).to_be_hidden()
    connection.send({"type": "typing", "sender": "agent", "on": True})
    await expect(typing).to_be_visible()
    connection.send({"type": "agent_left", "reason": "handed_back"})  # gone mid-sentence
    await expect(typing).to_be_hidden()


async def test_acks_echoes_and_repeated_frames_show_each_message_once(
    page: Page, live_server: LiveServer, server: ScriptedServer
):
    widget, connection = await opened(page, live_server, server)
    await widget.type_and_enter("你好")
    hello_text = await connection.expect("message")
    mine = widget.by("shopper")
    await expect(mine).to_have_attribute("data-state", "pending")
    connection.send(ack(hello_text, 1))
    await expect(mine).to_have_attribute("data-state", "sent")
    connection.send(echo(hello_text, 1))  # the stored copy, as another tab would get it
    connection.send(bot_message(2, "您好"))
    connection.send(bot_message(2, "您好"))  # the same seq twice
    connection.send(ack(hello_text, 1))
    await widget.type_and_enter("在吗")  # this time the echo comes before the ack
    second = await connection.expect("message")
    connection.send(echo(second, 3))
    await expect(mine.last).to_have_attribute("data-state", "sent")  # the echo is enough
    connection.send(ack(second, 3))
    connection.send(bot_message(4, "在的"))
    await expect(widget.by("bot")).to_have_count(2)
    expected = [("1", "shopper", "你好"), ("2", "bot", "您好"), ("3", "shopper", "在吗")]
    expected.append(("4", "bot", "在的"))
    assert await widget.shown() == expected

    await page.evaluate("window.XGCS._debugDropConnection()")
    again = await server.connection()
    history = [echo(hello_text, 1), bot_message(2, "您好"), echo(second, 3), bot_message(4, "在的")]
    hello = await again.greet(history=[*history, bot_message(5, "还有什么可以帮您？")])
    assert hello["last_seq"] == 4
    await expect(widget.messages).to_have_count(5)
    assert await widget.shown() == [*expected, ("5", "bot", "还有什么可以帮您？")]


async def test_unknown_frames_and_malformed_json_are_ignored(
    page: Page, live_server: LiveServer, server: ScriptedServer
):
    widget, connection = await opened(page, live_server, server)
    for raw in ["{not json", "[1, 2]", "null", '"text"', "42", "", b"\x00\x01binary"]:
        connection.send(raw)
    junk: list[Frame] = [
        {"type": "from_protocol_v2", "payload": {"x": 1}},
        {"no_type": True},
        {"type": 7},
        {"type": "message"},
        {"type": "message", "seq": "1", "sender": "bot", "text": "seq 不是整数"},
        {"type": "ack"},
        {"type": "ack", "client_id": "nobody", "seq": 9},
        {"type": "typing"},
        {"type": "error"},
        {"type": "pong"},
    ]
    for frame in junk:
        connection.send(frame)
    connection.send(bot_message(1, "您好", cards="not a list", buttons=[None, 5, {}]))
    await expect(widget.by("bot")).to_have_count(1)
    assert await widget.shown() == [("1", "bot", "您好")]
    await expect(widget.suggestions).to_have_count(0)
    await expect(widget.error).to_be_hidden()
    await widget.type_and_enter("在吗")  # the same connection carries on
    assert (await connection.expect("message"))["text"] == "在吗"
    assert len(server.connections) == 1
    await expect(widget.status).to_have_attribute("data-state", "open")


async def test_markup_in_every_text_field_is_shown_as_text(
    page: Page, live_server: LiveServer, server: ScriptedServer
):
    widget, connection = await opened(
        page, live_server, server, customer={"name": MARKUP, "signed_in": True}
    )
    await expect(widget.subtitle).to_have_text(f"您好，{MARKUP}")
    order = {**ORDER_CARD, "title": MARKUP, "order_no": MARKUP, "status": MARKUP}
    cards = [{**order, "items": [{"name": MARKUP, "qty": 1}]}, {"kind": "product", "title": MARKUP}]
    buttons = [{"label": MARKUP, "text": MARKUP}]
    connection.send(bot_message(1, MARKUP, cards=cards, buttons=buttons))
    await expect(widget.by("bot").locator(".bubble")).to_have_text(MARKUP)
    await expect(widget.suggestions).to_have_text(MARKUP)
    await expect(page.get_by_test_id("xgcs-card").first.locator(".card-title")).to_have_text(MARKUP)
    await expect(page.get_by_test_id("xgcs-card").first.locator("dd").first).to_have_text(MARKUP)
    await expect(page.get_by_test_id("xgcs-card").first.locator("li")).to_have_text(f"{MARKUP} ×1")
    await expect(page.get_by_test_id("xgcs-card").nth(1)).to_have_text(MARKUP)

    connection.send({"type": "agent_joined", "agent": {"name": MARKUP}})
    await expect(widget.subtitle).to_have_text(f"客服 {MARKUP} 已接入")
    connection.send({"type": "typing", "sender": "agent", "on": True})
    await expect(page.get_by_test_id("xgcs-typing")).to_have_text(f"客服 {MARKUP} 正在输入…")
    connection.send({"type": "message", "seq": 2, "sender": "agent", "text": MARKUP})
    await expect(widget.sender_names).to_have_text(f"客服 {MARKUP}")
    connection.send(error("internal_error", MARKUP))
    await expect(widget.error).to_have_text(MARKUP)

    connection.send({"type": "agent_left", "reason": "resolved"})
    connection.send({"type": "rating_request"})
    await widget.stars.nth(4).click()
    await widget.rating_submit.click()
    await connection.expect("rate")
    connection.send({"type": "rated", "message": MARKUP})
    await expect(widget.rating_done).to_have_text(MARKUP)

    connection.send(error("origin_not_allowed", MARKUP))
    await expect(widget.status).to_have_text(MARKUP)
    assert await widget.shadow_count("img, b") == 0  # the page fixture fails on any alert


async def test_a_rating_request_sent_again_on_reconnecting_shows_one_card(
    page: Page, live_server: LiveServer, server: ScriptedServer
):
    widget, connection = await opened(page, live_server, server)
    connection.send({"type": "rating_request"})
    await expect(widget.rating).to_have_count(1)
    await page.evaluate("window.XGCS._debugDropConnection()")
    again = await server.connection()
    await again.greet(conversation_id=2)
    again.send({"type": "rating_request"})  # the server asks again while it is owed
    again.send(bot_message(1, "您好"))
    await expect(widget.by("bot")).to_have_count(1)
    await expect(widget.rating).to_have_count(1)
    await page.reload()  # the card is not kept in the page: the server's request brings it back
    third = await server.connection()
    await third.greet(conversation_id=2)
    third.send({"type": "rating_request"})
    await expect(widget.rating).to_have_count(1)
    await widget.stars.nth(3).click()
    await widget.rating_submit.click()
    assert (await third.expect("rate"))["score"] == 4


async def test_a_message_offer_declined_in_this_tab_is_not_shown_again_on_reconnecting(
    page: Page, live_server: LiveServer, server: ScriptedServer
):
    widget, connection = await opened(page, live_server, server)
    closed = bot_message(1, "现在是下班时间，您可以给客服留言。")
    offline = {"type": "offline", "message": closed["text"], "next_opening": None}
    connection.send(closed)
    connection.send(offline)
    await expect(widget.leave).to_have_count(1)
    await page.get_by_test_id("xgcs-leave-dismiss").click()  # 暂不留言
    await expect(widget.leave).to_have_count(0)

    await page.evaluate("window.XGCS._debugDropConnection()")
    again = await server.connection()
    await again.greet(history=[closed])
    again.send(offline)  # the server's reminder after welcome: declined on this page
    again.send(bot_message(2, closed["text"]))
    await expect(widget.by("bot")).to_have_count(2)
    await expect(widget.leave).to_have_count(0)
    again.send(offline)  # a new offer, after a new reply
    await expect(widget.leave).to_have_count(1)

    await page.get_by_test_id("xgcs-leave-dismiss").click()  # declined once more
    await page.reload()  # the next page of the storefront, in the same tab
    third = await server.connection()
    history = [closed, bot_message(2, closed["text"])]
    await third.greet(history=history)
    third.send(offline)  # the reminder after welcome: still declined in this tab
    third.send(bot_message(3, closed["text"]))
    await expect(widget.by("bot")).to_have_count(3)
    await expect(widget.leave).to_have_count(0)
    third.send(offline)  # a new offer
    await expect(widget.leave).to_have_count(1)
