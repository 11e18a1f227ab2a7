"""Small talk (好的, 谢谢, 在吗) is no invoice title, new address, note or received item: the
flow asks again instead of writing it down. It still confirms a change (好的 = yes)."""

from __future__ import annotations

from app.flows import FlowEngine
from tests.flows.conftest import member


async def test_ok_is_not_taken_for_the_invoice_title(flows: FlowEngine) -> None:
    chat = member(flows, "1003")
    await chat.start("invoice", "XG2511200014 开发票")
    assert chat.waiting_for == "title"
    again = await chat.reply("好的！")
    assert chat.waiting_for == "title" and again.text == flows.deps.texts("invoice_ask_title")


async def test_thanks_is_not_taken_for_a_note_but_ok_confirms_one(flows: FlowEngine) -> None:
    chat = member(flows, "1001")
    await chat.start("change_order", "XG2511200001 加备注")
    assert chat.waiting_for == "value"
    await chat.reply("谢谢")
    assert chat.waiting_for == "value"
    confirm = await chat.reply("到了打电话")
    assert chat.waiting_for == "confirm" and "「到了打电话」" in confirm.text
    done = await chat.reply("好的")
    assert "到了打电话" in done.text and chat.waiting_for is None
