"""The traffic simulator fills a real server with conversations the dashboard then shows;
it only ever talks to loopback addresses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from app.config import Settings
from app.simulate import simulate
from tests.server import TEST_SECRET, LiveServer


async def test_simulated_shoppers_and_an_agent_fill_the_dashboard(own_server: LiveServer):
    server = own_server.start()
    settings = Settings(secret_key=TEST_SECRET, data_dir=server.data_dir)
    tally = await simulate(
        server.ws_url,
        shoppers=12,
        concurrency=6,
        max_seconds=90,
        seed=7,
        agents=1,
        settings=settings,
    )
    assert tally.errors == []
    assert tally.conversations == 12 and tally.messages >= 12
    assert tally.agents.logged_in == 1
    token = httpx.post(
        f"{server.http_url}/api/agents/login", json={"username": "wang", "password": "wang-demo"}
    ).json()["token"]
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()
    report = httpx.get(
        f"{server.http_url}/api/reports/kpis",
        params={"start": str(today - timedelta(days=1)), "end": str(today + timedelta(days=1))},
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    # members share three demo customers and resume their open conversation
    assert 1 <= report["conversations"] <= 12
    assert report["top_intents"]
    assert sum(day["conversations"] for day in report["daily"]) == report["conversations"]


async def test_it_refuses_anything_but_loopback(tmp_path: Path):
    with pytest.raises(SystemExit, match="loopback only"):
        await simulate("ws://example.com/ws/chat", 1, 1, 1, 1, settings=Settings(data_dir=tmp_path))


@pytest.mark.parametrize(
    ("shoppers", "concurrency", "max_seconds", "agents", "words"),
    [
        (5001, 10, 60, 0, "--shoppers: from 1 to 5000"),
        (0, 10, 60, 0, "--shoppers"),
        (10, 501, 60, 0, "--concurrency: from 1 to 500"),
        (10, 10, 601, 0, "--max-seconds: from 1 to 600"),
        (10, 10, 60, 5, "--agents: from 0 to 4"),
    ],
)
async def test_every_run_is_bounded_in_count_and_time(
    tmp_path: Path, shoppers: int, concurrency: int, max_seconds: float, agents: int, words: str
):
    with pytest.raises(SystemExit, match=words):
        await simulate(
            "ws://127.0.0.1:9/ws/chat",
            shoppers,
            concurrency,
            max_seconds,
            1,
            agents,
            settings=Settings(data_dir=tmp_path),
        )
