"""The flows' data files are checked at start, and a broken order system never guesses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.config import Settings
from app.db import make_engine
from app.flows import FlowEngine, build_flows
from app.flows.policy import FlowPolicy
from app.flows.texts import Texts, TextsError
from app.metrics import Metrics
from app.orders import EmbeddedOrderSystem, seed_from_file
from app.shop import Shop, ShopDataError
from tests.flows.conftest import NOW, SHOP_DIR, Clock, member, visitor
from tests.orders.shop_api import TOKEN, ShopApi
from tests.server import free_port


def test_a_missing_or_wrong_policy_number_names_file_and_field(shop: Shop) -> None:
    without = {k: v for k, v in shop.policy.items() if k != "auto_approve_max"}
    with pytest.raises(ShopDataError, match=r"policy\.yaml: auto_approve_max: required"):
        FlowPolicy.from_policy(without)
    with pytest.raises(ShopDataError, match="compensation_ratio_full"):
        FlowPolicy.from_policy({**shop.policy, "compensation_ratio_full": 3})
    with pytest.raises(ShopDataError, match="order_no_pattern"):
        FlowPolicy.from_policy({**shop.policy, "order_no_pattern": "XG[0-9"})
    policy = FlowPolicy.from_policy(shop.policy)
    assert policy.auto_approve_max_fen == 3000 and policy.report_window_hours == 48


def test_texts_refuse_yaml_booleans_as_keys() -> None:
    with pytest.raises(TextsError, match="quote it"):
        Texts({"buttons": {True: {"label": "好", "text": "好"}}}, "texts.zh.yaml")


def test_every_button_of_the_texts_file_renders() -> None:
    texts = Texts.load()
    for key in ("human", "yes", "no", "reship", "personal"):
        assert texts.button(key).label


def flows_against(
    url: str, tmp_path: Path, shop: Shop, metrics: Metrics | None = None
) -> FlowEngine:
    settings = Settings(
        data_dir=tmp_path,
        shop_dir=SHOP_DIR,
        secret_key="x",
        order_api_url=url,
        order_api_token=TOKEN,
        order_api_timeout=0.3,
        order_api_retries=1,
    )
    engine = make_engine(settings.sqlalchemy_url)
    return build_flows(settings, engine, shop, Clock(NOW), metrics=metrics)


async def test_an_order_system_that_is_down_is_said_plainly_with_a_person_offered(
    tmp_path: Path, shop: Shop
) -> None:
    metrics = Metrics()
    flows = flows_against(f"http://127.0.0.1:{free_port()}", tmp_path, shop, metrics)
    chat = member(flows, "1001")
    reply = await chat.start("logistics", "XG2511200003 物流")
    assert "订单系统暂时无法查询" in reply.text and reply.buttons[0].label == "转人工"
    assert flows.pending(chat.turn) is None
    counted = metrics.registry.get_sample_value(
        "cs_order_system_errors_total", {"operation": "get_order"}
    )
    assert counted == 1
    await flows.aclose()


@pytest.fixture
def shop_api(tmp_path: Path) -> Any:
    engine = make_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    seed_from_file(engine, SHOP_DIR / "orders.yaml", NOW)
    api = ShopApi(EmbeddedOrderSystem(engine, clock=lambda: NOW)).start()
    yield api
    api.stop()


async def test_the_flows_work_the_same_over_a_shops_http_api(
    tmp_path: Path, shop: Shop, shop_api: ShopApi
) -> None:
    flows = flows_against(shop_api.url, tmp_path / "bot", shop)
    chat = visitor(flows)
    reply = await chat.start("logistics", "XG2511200014 2468")
    assert reply.cards[0]["order_no"] == "XG2511200014" and "已经签收" in reply.text
    lost = await member(flows, "1002").start("logistics", "XG2511200006")
    assert "丢件" in lost.text
    assert any(r[0] == "POST" and r[1].endswith("/after-sales") for r in shop_api.requests)
    shop_api.fault = "garbage"
    broken = await member(flows, "1001").start("order_status", "XG2511200003")
    assert "订单系统暂时无法查询" in broken.text
    await flows.aclose()
