"""What a reconnecting shopper (reload, lost connection) is offered again: the rating of a
resolved chat until it is given (stored against the resolved conversation, once), and the
留言 form while no agent can take the chat and no 留言 was left."""

from __future__ import annotations

from typing import Any

from tests.handoff.clients import (
    AgentClient,
    miss_twice,
    ratings_of,
    shopper_frame,
    taken_over,
)
from tests.handoff.conftest import ServerFactory
from tests.server import LiveServer
from tests.shopper import Shopper


async def frames_until_pong(shopper: Shopper) -> list[dict[str, Any]]:
    """Every frame the server sends after ``welcome`` up to the answer to a ping: what a
    reconnecting shopper is told, with no waiting on a clock."""
    await shopper.send_frame({"type": "ping"})
    frames = []
    while (frame := await shopper.recv())["type"] != "pong":
        frames.append(frame)
    return frames


async def reconnect(shopper: Shopper) -> list[str]:
    """Drop the socket and say hello again as the same visitor: the frame types that follow
    the welcome."""
    await shopper.close()
    await shopper.connect(last_seq=shopper.last_seq)
    return [frame["type"] for frame in await frames_until_pong(shopper)]


async def resolved_chat(
    handoff_server: ServerFactory,
) -> tuple[LiveServer, AgentClient, Shopper, int]:
    """A chat an agent took over and resolved; the shopper has the rating request."""
    server = handoff_server()
    agent = await AgentClient(server, "xiaomei").connect()
    shopper, resolved_id = await taken_over(server, agent)
    await agent.send({"type": "resolve", "conversation_id": resolved_id, "category": "咨询"})
    await shopper_frame(shopper, "rating_request")
    return server, agent, shopper, resolved_id


async def test_a_reconnecting_shopper_is_asked_to_rate_until_they_do(
    handoff_server: ServerFactory,
) -> None:
    server, agent, shopper, resolved_id = await resolved_chat(handoff_server)
    # the page is gone before the rating request is answered

    assert await reconnect(shopper) == ["rating_request"]
    assert shopper.welcome["conversation_id"] != resolved_id  # the resolved chat is closed
    assert await reconnect(shopper) == ["rating_request"]  # and again, as often as it takes

    await shopper.send_frame({"type": "rate", "score": 4, "comment": "<b>很快</b>"})
    assert (await shopper_frame(shopper, "rated"))["message"]
    assert ratings_of(server, resolved_id) == [(4, "<b>很快</b>")]

    assert await reconnect(shopper) == []  # rated: not asked again
    await shopper.send_frame({"type": "rate", "score": 1})
    assert (await shopper_frame(shopper, "error"))["code"] == "no_rating_due"
    assert ratings_of(server, resolved_id) == [(4, "<b>很快</b>")]
    for client in (shopper, agent):
        await client.close()


async def test_once_the_shopper_chats_on_the_old_rating_is_not_offered_again(
    handoff_server: ServerFactory,
) -> None:
    server, agent, shopper, resolved_id = await resolved_chat(handoff_server)

    assert await reconnect(shopper) == ["rating_request"]
    _, reply = await shopper.say("你好")  # a new chat in the new conversation
    assert reply["sender"] == "bot"
    assert await reconnect(shopper) == []
    await shopper.send_frame({"type": "rate", "score": 5})  # the card still on the page counts
    assert (await shopper_frame(shopper, "rated"))["message"]
    assert ratings_of(server, resolved_id) == [(5, "")]
    for client in (shopper, agent):
        await client.close()


async def test_a_shopper_who_never_met_an_agent_is_not_asked_to_rate(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    assert [frame["type"] for frame in await frames_until_pong(shopper)] == []
    await shopper.say("你好")
    assert await reconnect(shopper) == []
    await shopper.close()


async def test_the_message_form_is_offered_again_until_a_message_is_left(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server(CS_HANDOFF_HOURS="never")
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    reply = await miss_twice(shopper)  # nobody can take the chat
    offer = await shopper_frame(shopper, "offline")

    await shopper.close()
    await shopper.connect(last_seq=shopper.last_seq)
    [again] = await frames_until_pong(shopper)
    assert again == offer and again["message"] == reply["text"]
    assert [frame["type"] for frame in await frames_until_pong(shopper)] == []  # once per hello

    await shopper.send_frame(
        {"type": "leave_message", "contact": "王女士 13800001111", "text": "想订十箱芒果"}
    )
    await shopper_frame(shopper, "message_left")
    assert await reconnect(shopper) == []  # left: not offered again
    await shopper.close()


async def test_the_message_form_is_not_offered_again_once_an_agent_is_online(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server(CS_HANDOFF_HOURS="always")
    shopper = Shopper(server.ws_url)
    await shopper.connect()
    await escalate_by_misses_offline(shopper)
    assert await reconnect(shopper) == ["offline"]
    agent = await AgentClient(server, "xiaomei").connect()  # someone came in meanwhile
    assert await reconnect(shopper) == []
    for client in (shopper, agent):
        await client.close()


async def escalate_by_misses_offline(shopper: Shopper) -> None:
    for text in ("你好", "榴莲能做成披萨吗", "你们卖不卖椰青"):
        await shopper.say(text)
    assert (await shopper_frame(shopper, "offline"))["next_opening"] is None  # nobody online
