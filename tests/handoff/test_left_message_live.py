"""留言 over a real shopper websocket: the sender gets ``message_left`` with the confirmation
(the widget replaces its form with it), every tab the stored system message."""

from __future__ import annotations

from tests.handoff.clients import message_from, miss_twice, shopper_frame
from tests.handoff.conftest import ServerFactory
from tests.shopper import Shopper


async def test_a_left_message_is_confirmed_to_the_tab_that_sent_it(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server(CS_HANDOFF_HOURS="never")
    sender = Shopper(server.ws_url)
    await sender.connect()
    other_tab = Shopper(server.ws_url)
    await miss_twice(sender)  # and the desk is closed
    assert (await shopper_frame(sender, "offline"))["message"]
    other_tab.visitor = sender.visitor
    await other_tab.connect()

    await sender.send_frame(
        {"type": "leave_message", "contact": "王女士 13800001111", "text": "想订十箱芒果"}
    )
    left = await shopper_frame(sender, "message_left")
    assert left["message"] == "留言已收到，客服会通过 王女士 13800001111 尽快联系您～"
    stored = await message_from(other_tab, "system")
    assert stored["text"] == left["message"]

    await sender.send_frame({"type": "leave_message", "contact": "王女士", "text": "   "})
    refused = await shopper_frame(sender, "error")
    assert refused["code"] == "empty_text" and "client_id" not in refused
    for shopper in (sender, other_tab):
        await shopper.close()
