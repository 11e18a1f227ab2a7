"""A shopper whose chat was resolved while the page was away (reload, lost connection) is
asked for the rating again on reconnecting, until it is given; it is stored against the
resolved conversation, once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from app.db import make_engine
from handoff.models import Rating
from tests.handoff.clients import AgentClient, shopper_frame, taken_over
from tests.handoff.conftest import ServerFactory
from tests.server import LiveServer
from tests.shopper import Shopper


def ratings_of(server: LiveServer, conversation_id: int) -> list[tuple[int, str]]:
    engine = make_engine(f"sqlite:///{Path(server.data_dir) / 'xianguo.db'}")
    try:
        with Session(engine) as session:
            rows = session.exec(select(Rating).where(Rating.conversation_id == conversation_id))
            return [(row.score, row.comment) for row in rows]
    finally:
        engine.dispose()


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


async def test_a_reconnecting_shopper_is_asked_to_rate_until_they_do(
    handoff_server: ServerFactory,
) -> None:
    server = handoff_server()
    agent = await AgentClient(server, "xiaomei").connect()
    shopper, resolved_id = await taken_over(server, agent)
    await agent.send({"type": "resolve", "conversation_id": resolved_id, "category": "咨询"})
    await shopper_frame(shopper, "rating_request")  # the page is gone before it is answered

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
    server = handoff_server()
    agent = await AgentClient(server, "xiaomei").connect()
    shopper, resolved_id = await taken_over(server, agent)
    await agent.send({"type": "resolve", "conversation_id": resolved_id, "category": "咨询"})
    await shopper_frame(shopper, "rating_request")

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
