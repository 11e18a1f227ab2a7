"""Health and metrics endpoints of the real server."""

from __future__ import annotations

import httpx

from tests.server import LiveServer
from tests.shopper import Shopper


def metric(body: str, name: str) -> float:
    for line in body.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in metrics")


async def test_health_says_the_database_answers(live_server: LiveServer):
    response = httpx.get(f"{live_server.http_url}/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


async def test_metrics_count_connections_and_messages(live_server: LiveServer):
    before = httpx.get(f"{live_server.http_url}/metrics").text
    shopper = Shopper(live_server.ws_url)
    await shopper.connect()
    await shopper.say("有车厘子吗")
    during = httpx.get(f"{live_server.http_url}/metrics")
    assert during.headers["content-type"].startswith("text/plain")
    body = during.text
    assert metric(body, 'cs_open_connections{kind="shopper"}') >= 1
    assert metric(body, 'cs_messages_total{sender="shopper"}') == (
        _or_zero(before, 'cs_messages_total{sender="shopper"}') + 1
    )
    assert metric(body, "cs_bot_answer_seconds_count") >= 1
    await shopper.close()


def _or_zero(body: str, name: str) -> float:
    try:
        return metric(body, name)
    except AssertionError:
        return 0.0
