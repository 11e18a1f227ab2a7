"""Health and metrics endpoints of the real server: an operator scrapes /metrics while
shoppers and an agent talk over real websockets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.config import Settings
from app.security import customer_token
from tests.handoff.clients import AgentClient, create_agent, shopper_frame
from tests.server import ROOT, LiveServer, free_port
from tests.shopper import Shopper


def metric(body: str, name: str) -> float:
    for line in body.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in metrics")


def _or_zero(body: str, name: str) -> float:
    try:
        return metric(body, name)
    except AssertionError:
        return 0.0


def scrape(server: LiveServer) -> str:
    response = httpx.get(f"{server.http_url}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def bot_reply(shopper: Shopper, text: str) -> dict[str, Any]:
    """Send a message; the bot's answer, past acks, typing and queue frames."""
    await shopper.send_frame({"type": "message", "client_id": text, "text": text})
    while True:
        frame = await shopper.recv(timeout=15)
        assert frame["type"] != "error", frame
        if frame["type"] == "message" and frame["sender"] == "bot":
            return frame


@pytest.fixture(scope="module")
def ops_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The matching bot, a desk that is always open, and an order system nobody answers at."""
    env = {
        "CS_HANDOFF_HOURS": "always",
        "CS_ORDER_API_URL": f"http://127.0.0.1:{free_port()}",
        "CS_ORDER_API_RETRIES": "0",
        "CS_ORDER_API_TIMEOUT": "2",
        "CS_UNPAID_REMINDER_EVERY_SECONDS": "0",
    }
    server = LiveServer(tmp_path_factory.mktemp("ops"), env=env).start()
    yield server
    server.stop()


async def test_health_says_the_database_answers(live_server: LiveServer):
    response = httpx.get(f"{live_server.http_url}/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


async def test_metrics_count_connections_and_messages(live_server: LiveServer):
    before = scrape(live_server)
    shopper = Shopper(live_server.ws_url)
    await shopper.connect()
    await shopper.say("有车厘子吗")
    body = scrape(live_server)
    assert metric(body, 'cs_open_connections{kind="shopper"}') >= 1
    assert metric(body, 'cs_messages_total{sender="shopper"}') == (
        _or_zero(before, 'cs_messages_total{sender="shopper"}') + 1
    )
    assert metric(body, 'cs_messages_total{sender="bot"}') >= 1
    assert metric(body, "cs_bot_answer_seconds_count") >= 1
    assert metric(body, "cs_match_seconds_count") == _or_zero(before, "cs_match_seconds_count") + 1
    await shopper.close()


async def test_an_operator_sees_agents_matching_and_the_queue(ops_server: LiveServer):
    create_agent(ops_server, "solo", max_chats=1)
    agent = await AgentClient(ops_server, "solo").connect()
    first, second = Shopper(ops_server.ws_url), Shopper(ops_server.ws_url)
    await first.connect()
    await second.connect()
    body = scrape(ops_server)
    assert metric(body, 'cs_open_connections{kind="agent"}') == 1
    assert metric(body, 'cs_open_connections{kind="shopper"}') == 2
    assert metric(body, "cs_queue_length") == 0

    await bot_reply(first, "转人工")
    await shopper_frame(first, "agent_joined")
    chat = await agent.assigned_chat()
    await bot_reply(second, "我要找人工客服")  # the only agent is full: the chat waits
    queued = await shopper_frame(second, "queue")
    assert queued["position"] == 1

    body = scrape(ops_server)
    assert metric(body, "cs_queue_length") == 1
    assert metric(body, "cs_queue_oldest_wait_seconds") > 0
    assert metric(body, "cs_queue_wait_seconds_count") == 1  # the first chat's wait
    assert metric(body, "cs_match_seconds_count") >= 2
    assert metric(body, 'cs_messages_total{sender="shopper"}') >= 2
    assert metric(body, 'cs_handoffs_total{reason="asked_for_human"}') == 2

    await agent.reply(chat["conversation_id"], "您好，我来帮您看看")
    body = scrape(ops_server)
    assert metric(body, 'cs_messages_total{sender="agent"}') == 1

    await agent.close()
    await first.close()
    await second.close()
    await closed_everywhere(ops_server)


async def closed_everywhere(server: LiveServer) -> None:
    """The server notices closed sockets a moment after the client: ask until it has."""
    for _ in range(100):
        body = scrape(server)
        if metric(body, 'cs_open_connections{kind="shopper"}') == 0 and (
            metric(body, 'cs_open_connections{kind="agent"}') == 0
        ):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"connections still open:\n{body}")


async def test_order_system_failures_are_counted_when_it_is_down(ops_server: LiveServer):
    before = scrape(ops_server)
    token = customer_token(ops_server.secret, "1001", "顾客")
    shopper = Shopper(ops_server.ws_url, token=token)
    await shopper.connect()
    reply = await bot_reply(shopper, "XG2511200003 物流到哪了")
    assert "订单系统暂时无法查询" in reply["text"]
    body = scrape(ops_server)
    name = 'cs_order_system_errors_total{operation="get_order"}'
    assert metric(body, name) == _or_zero(before, name) + 1
    await shopper.close()


@pytest.mark.parametrize("document", ["docs/operations.md", "README.md"])
def test_every_setting_is_documented(document: str):
    text = (ROOT / document).read_text(encoding="utf-8")
    missing = [f"CS_{name.upper()}" for name in Settings.model_fields]
    missing = [variable for variable in missing if f"`{variable}`" not in text]
    assert missing == [], f"{document} does not list {missing}"


def test_the_readme_starts_with_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line.split("#")[0].strip() for line in lines[3:5]]
    assert lines[2] == "```sh" and commands == ["make run", "make test"] and lines[5] == "```"
