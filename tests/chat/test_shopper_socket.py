"""A shopper chats with the real server over a real websocket."""

from __future__ import annotations

import asyncio
import sqlite3

import httpx
import pytest
from websockets.asyncio.client import connect

from app.security import customer_token, sign
from tests.server import LiveServer
from tests.shopper import Shopper


async def test_a_visitor_says_hello_and_is_answered(live_server: LiveServer):
    shopper = Shopper(live_server.ws_url)
    welcome = await shopper.connect()
    assert welcome["v"] == 1 and welcome["state"] == "bot"
    assert welcome["visitor"] and welcome["customer"]["signed_in"] is False
    ack, reply = await shopper.say("你好")
    assert reply["sender"] == "bot" and reply["seq"] == ack["seq"] + 1
    assert reply["text"]
    assert "explanation" not in reply  # for staff, never for shoppers
    await shopper.close()


async def test_history_comes_back_on_a_new_connection(live_server: LiveServer):
    shopper = Shopper(live_server.ws_url)
    await shopper.connect()
    ack, reply = await shopper.say("车厘子多少钱")
    await shopper.close()
    welcome = await shopper.connect()
    texts = [(frame["seq"], frame["sender"], frame["text"]) for frame in welcome["history"]]
    assert (ack["seq"], "shopper", "车厘子多少钱") in texts
    assert (reply["seq"], "bot", reply["text"]) in texts
    await shopper.close()


async def test_a_resend_with_the_same_client_id_is_stored_and_answered_once(
    live_server: LiveServer,
):
    shopper = Shopper(live_server.ws_url)
    await shopper.connect()
    first_ack, _ = await shopper.say("有发票吗", client_id="same-id")
    await shopper.send_frame({"type": "message", "client_id": "same-id", "text": "有发票吗"})
    again = await shopper.expect("ack")
    assert again == first_ack
    await shopper.send_frame({"type": "ping"})
    assert await shopper.expect("pong") == {"type": "pong"}  # and no second answer came first
    await shopper.close()
    welcome = await shopper.connect(last_seq=0)
    ids = [frame.get("client_id") for frame in welcome["history"]]
    assert ids.count("same-id") == 1
    await shopper.close()


async def test_two_tabs_of_one_shopper_see_each_others_messages(live_server: LiveServer):
    first = Shopper(live_server.ws_url)
    await first.connect()
    second = Shopper(live_server.ws_url)
    second.visitor = first.visitor
    await second.connect(last_seq=first.last_seq)
    ack, reply = await first.say("苹果甜吗")
    mirrored = await second.expect("message")
    assert mirrored["seq"] == ack["seq"] and mirrored["client_id"] == ack["client_id"]
    assert (await second.expect("message"))["seq"] == reply["seq"]
    await first.close()
    await second.close()


async def test_a_signed_in_customer_keeps_one_conversation(live_server: LiveServer):
    token = customer_token(live_server.secret, "cust-1001", "王女士")
    shopper = Shopper(live_server.ws_url, token=token)
    welcome = await shopper.connect()
    assert welcome["customer"] == {"name": "王女士", "signed_in": True}
    assert "visitor" not in welcome
    await shopper.say("在吗")
    await shopper.close()
    again = await Shopper(live_server.ws_url, token=token).connect()
    assert again["conversation_id"] == welcome["conversation_id"]


async def test_one_shopper_cannot_read_another_conversation(live_server: LiveServer):
    alice = Shopper(live_server.ws_url, token=customer_token(live_server.secret, "alice", "A"))
    await alice.connect()
    await alice.say("我的地址是幸福路8号")
    mallory = Shopper(live_server.ws_url, token=customer_token(live_server.secret, "mallory", "M"))
    welcome = await mallory.connect(last_seq=0)
    assert welcome["conversation_id"] != alice.welcome["conversation_id"]
    assert all("幸福路" not in frame["text"] for frame in welcome["history"])
    # A token naming alice but signed with another key is refused.
    forged = Shopper(live_server.ws_url, token=customer_token(b"guessed-key", "alice", "A"))
    with pytest.raises(AssertionError, match="bad_token"):
        await forged.connect()
    # So is a visitor token made up by the client.
    made_up = Shopper(live_server.ws_url)
    made_up.visitor = sign(b"guessed-key", {"kind": "visitor", "vid": "x"})
    with pytest.raises(AssertionError, match="bad_token"):
        await made_up.connect()
    await alice.close()
    await mallory.close()


async def test_an_expired_token_is_refused_and_the_socket_closed(live_server: LiveServer):
    expired = customer_token(live_server.secret, "cust-9", "过期", ttl_seconds=-10)
    async with connect(live_server.ws_url) as socket:
        await socket.send(f'{{"type": "hello", "v": 1, "token": "{expired}"}}')
        assert '"token_expired"' in await socket.recv()
        await socket.wait_closed()
        assert socket.close_code == 4401


async def test_a_page_from_another_origin_is_refused(live_server: LiveServer):
    async with connect(live_server.ws_url, origin="https://evil.example") as socket:
        frame = await socket.recv()
        assert '"origin_not_allowed"' in frame
        await socket.wait_closed()
        assert socket.close_code == 4403
    own = Shopper(live_server.ws_url, origin=live_server.http_url)
    await own.connect()
    await own.close()


async def test_every_bad_frame_gets_an_error_and_the_connection_stays_usable(
    live_server: LiveServer,
):
    shopper = Shopper(live_server.ws_url)
    await shopper.connect()
    bad_frames: list[tuple[object, str]] = [
        ("{not json", "bad_json"),
        (b"\x89PNG", "binary_not_supported"),
        ({"type": "shout"}, "unknown_type"),
        ({"type": "message", "text": "hi"}, "missing_field"),
        ({"type": "message", "client_id": "e1", "text": "   "}, "empty_text"),
        ({"type": "message", "client_id": "e2", "text": "长" * 1001}, "text_too_long"),
    ]
    for frame, code in bad_frames:
        await shopper.send_frame(frame)  # type: ignore[arg-type]
        error = await shopper.expect("error")
        assert error["code"] == code
        assert error["message"] and not error["message"].isascii()  # Chinese, for the shopper
    _, reply = await shopper.say("还在吗")
    assert reply["sender"] == "bot"
    await shopper.close()


async def test_a_frame_over_the_size_limit_closes_only_that_connection(live_server: LiveServer):
    async with connect(live_server.ws_url, max_size=None) as socket:
        await socket.send('{"type": "hello", "v": 1}')
        await socket.recv()
        await socket.send("x" * (64 * 1024 + 1))
        await socket.wait_closed()
        assert socket.close_code == 1009
    assert httpx.get(f"{live_server.http_url}/healthz").status_code == 200


async def test_too_many_messages_per_second_are_refused_not_stored(live_server: LiveServer):
    shopper = Shopper(live_server.ws_url)
    await shopper.connect()
    for index in range(20):
        await shopper.send_frame({"type": "message", "client_id": f"r{index}", "text": "快点"})
    acked, limited = set(), set()
    while len(acked) + len(limited) < 20:
        frame = await shopper.recv()
        if frame["type"] == "ack":
            acked.add(frame["client_id"])
        elif frame["type"] == "error":
            assert frame["code"] == "rate_limited"
            limited.add(frame["client_id"])
    assert limited and acked and not acked & limited
    await shopper.close()
    history = (await shopper.connect(last_seq=0))["history"]
    stored = {frame["client_id"] for frame in history if frame["sender"] == "shopper"}
    assert stored == acked
    await shopper.close()


async def test_an_acked_message_survives_a_crash(own_server: LiveServer):
    own_server.start()
    shopper = Shopper(own_server.ws_url)
    await shopper.connect()
    await shopper.send_frame({"type": "message", "client_id": "durable", "text": "请问几点发货"})
    await shopper.expect("ack")
    own_server.kill()  # SIGKILL right after the ack: no shutdown hook runs
    own_server.start()
    welcome = await shopper.connect(last_seq=0)
    assert [f["text"] for f in welcome["history"] if f.get("client_id") == "durable"] == [
        "请问几点发货"
    ]
    await shopper.close()
    rows = sqlite3.connect(own_server.data_dir / "xianguo.db").execute(
        "SELECT count(*) FROM message WHERE client_id = 'durable'"
    )
    assert rows.fetchone()[0] == 1


async def test_two_hundred_messages_through_random_drops_lose_and_repeat_nothing(
    own_server: LiveServer,
):
    import random

    own_server.env["CS_RATE_PER_SECOND"] = "10000"
    own_server.env["CS_RATE_BURST"] = "10000"
    own_server.start()
    rng = random.Random(20261125)
    shopper = Shopper(own_server.ws_url)
    await shopper.connect()
    received: list[int] = []  # seqs of message frames, as delivered
    acked: set[int] = set()  # the sender learns its own message's seq from the ack
    unacked: dict[str, str] = {}
    sent = 0
    while sent < 200 or unacked:
        for client_id, text in list(unacked.items()):  # re-send what was never acked
            await shopper.send_frame({"type": "message", "client_id": client_id, "text": text})
        if sent < 200:
            client_id = f"m{sent:03d}"
            unacked[client_id] = f"第{sent}条消息"
            await shopper.send_frame(
                {"type": "message", "client_id": client_id, "text": unacked[client_id]}
            )
            sent += 1
        drop_after = rng.choice([0, 1, 2, 3, 50])
        try:
            for _ in range(drop_after):
                frame = await shopper.recv(timeout=0.5)
                if frame["type"] == "ack":
                    unacked.pop(frame["client_id"], None)
                    acked.add(frame["seq"])
                elif frame["type"] == "message":
                    received.append(frame["seq"])
        except TimeoutError:
            pass
        if rng.random() < 0.3:
            assert shopper.socket is not None
            shopper.socket.transport.abort()  # the network drops, no close handshake
            welcome = await shopper.connect(last_seq=max([*received, 0, *acked]))
            received.extend(frame["seq"] for frame in welcome["history"])
    await shopper.close()
    welcome = await shopper.connect(last_seq=max([*received, 0, *acked]))
    received.extend(frame["seq"] for frame in welcome["history"])
    everything = (await shopper.connect(last_seq=0))["history"]
    shopper_ids = [f["client_id"] for f in everything if f["sender"] == "shopper"]
    assert sorted(shopper_ids) == [f"m{index:03d}" for index in range(200)]  # 0 lost, 0 twice
    assert sum(1 for f in everything if f["sender"] == "bot") == 200  # each answered once
    assert [f["seq"] for f in everything] == list(range(1, 401))
    assert len(received) == len(set(received))  # no frame delivered twice
    assert set(received) | acked == set(range(1, 401))  # and none missed
    await shopper.close()


async def test_the_server_keeps_serving_after_abrupt_disconnects(live_server: LiveServer):
    async def drop_mid_conversation() -> None:
        shopper = Shopper(live_server.ws_url)
        await shopper.connect()
        await shopper.send_frame({"type": "message", "client_id": "x", "text": "还有货吗"})
        assert shopper.socket is not None
        shopper.socket.transport.abort()

    await asyncio.gather(*(drop_mid_conversation() for _ in range(20)))
    shopper = Shopper(live_server.ws_url)
    await shopper.connect()
    _, reply = await shopper.say("在吗")
    assert reply["sender"] == "bot"
    await shopper.close()


async def test_a_last_seq_from_an_earlier_conversation_does_not_hide_the_new_one(
    live_server: LiveServer,
):
    shopper = Shopper(live_server.ws_url)
    await shopper.connect()
    await shopper.say("你好")
    await shopper.close()
    # The client remembers seq 50 of conversation 999; the open conversation is another.
    welcome = await shopper.connect(last_seq=50, conversation_id=999)
    assert [frame["seq"] for frame in welcome["history"]][:2] == [1, 2]
    await shopper.close()
    welcome = await shopper.connect(last_seq=50)  # more than the conversation holds
    assert [frame["seq"] for frame in welcome["history"]][:2] == [1, 2]
    _, reply = await shopper.say("在吗")
    assert reply["seq"] == 4  # live frames are not dropped either
    await shopper.close()


async def test_the_echo_bot_of_the_transport_benchmark_repeats_each_message(tmp_path):
    server = LiveServer(tmp_path / "echo", env={"CS_BOT": "echo"}).start()
    try:
        shopper = Shopper(server.ws_url)
        await shopper.connect()
        for text in ("你好", "这个问题机器人答不了", "车厘子多少钱", "今天能发货吗"):
            _, reply = await shopper.say(text)
            assert reply["sender"] == "bot" and reply["text"] == text
        await shopper.close()
    finally:
        server.stop()
