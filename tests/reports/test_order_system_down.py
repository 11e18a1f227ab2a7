"""When the order system cannot answer, consult conversion is unknown ("—"), never 0 %,
and every other figure still comes out; the failure is counted in /metrics."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest

from app.config import Settings
from app.shop import load_shop
from tests.reports.conftest import Api
from tests.reports.seed import Seeded, seed_march
from tests.server import LiveServer, free_port
from tests.test_operations import metric

MARCH = {"period": "month", "date": "2026-03-15"}


@pytest.fixture(scope="module")
def orders_down(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Seeded]]:
    data_dir = tmp_path_factory.mktemp("orders-down")
    seeded = seed_march(data_dir)
    env = {
        "CS_ORDER_API_URL": f"http://127.0.0.1:{free_port()}",  # nobody listens there
        "CS_ORDER_API_RETRIES": "0",
        "CS_UNPAID_REMINDER_EVERY_SECONDS": "0",
    }
    server = LiveServer(data_dir, env=env).start()
    yield server, seeded
    server.stop()
    seeded.engine.dispose()


def test_conversion_is_unknown_and_the_rest_is_unchanged(orders_down: tuple[LiveServer, Seeded]):
    server, seeded = orders_down
    boss = Api(server, seeded.tokens["boss"])
    report = boss.kpis(**MARCH)
    conversion = report["conversion"]
    assert conversion["available"] is False and conversion["converted"] is None
    assert conversion["presale_conversations"] == 2  # still counted from the chats
    assert report["conversations"] == 6 and report["bot_resolved"]["count"] == 2

    content = boss.get("/api/reports/summary.csv", **MARCH).content.decode("utf-8-sig")
    by_metric = {row[0]: row[1:] for row in csv.reader(io.StringIO(content))}
    assert by_metric["咨询转化率"] == ["—", "—", "—"]

    scraped = boss.client.get("/metrics").text
    assert metric(scraped, 'cs_order_system_errors_total{operation="list_orders"}') >= 1


def test_the_shop_heads_the_figures(orders_down: tuple[LiveServer, Seeded]):
    server, seeded = orders_down
    shop = load_shop(Settings().shop_dir)
    assert Api(server, seeded.tokens["root"]).kpis(**MARCH)["shop"] == shop.name
