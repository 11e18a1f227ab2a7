"""The shop's data files: the demo shop loads, and each mistake staff can make is named."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import httpx
import pytest

from app.config import PROJECT_ROOT
from app.shop import ShopDataError, load_shop
from tests.server import LiveServer

DEMO = PROJECT_ROOT / "shops" / "demo_fruit"


@pytest.fixture
def shop_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "shop"
    shutil.copytree(DEMO, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_demo_shop_loads_with_its_catalog_shipping_and_promotions():
    shop = load_shop(DEMO)
    wogan = shop.product_by_sku("wogan-5jin")
    assert wogan is not None and wogan.price_fen == 3990
    assert shop.shipping.region_of("新疆") is not None
    assert not shop.shipping.region_of("新疆").cold_chain  # type: ignore[union-attr]
    assert shop.promotion("multi_box").min_boxes == 5  # type: ignore[union-attr]
    assert shop.variables["shop.name"] == shop.name
    assert shop.variables["promotions.full_reduction.off_yuan"] == "20"


def test_products_are_found_by_name_and_alias_in_order_of_mention():
    shop = load_shop(DEMO)
    found = shop.find_products("耙耙柑和沃柑哪个甜，阳光玫瑰呢")
    assert [p.sku for p in found] == ["chouju-5jin", "wogan-5jin", "shine-muscat-2jin"]
    assert shop.find_products("你们店在哪") == []


def test_a_city_resolves_to_its_province():
    shipping = load_shop(DEMO).shipping
    place = shipping.find_place("寄到杭州市西湖区运费多少")
    assert place is not None and (place.province, place.city) == ("浙江", "杭州")
    assert shipping.find_place("发得到乌鲁木齐吗").province == "新疆"  # type: ignore[union-attr]
    assert shipping.find_place("你好") is None


def test_a_free_shipping_threshold_waives_the_fee():
    region = load_shop(DEMO).shipping.region_of("广东")
    assert region is not None
    assert region.fee_for(5000) == 800
    assert region.fee_for(9900) == 0


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "catalog.yaml",
            "price: 39.9",
            "price: 贵",
            "catalog.yaml: products[0].price: expected an amount",
        ),
        ("catalog.yaml", "sku: chouju-5jin", "sku: wogan-5jin", "duplicate sku 'wogan-5jin'"),
        ("catalog.yaml", "sweetness: 4", "sweetness: 9", "products[0].sweetness: must be 1-5"),
        (
            "shipping.yaml",
            "杭州: 浙江",
            "杭州: 浙西",
            "shipping.yaml: cities.杭州: unknown province",
        ),
        ("shipping.yaml", "[上海, 江苏,", "[广东, 江苏,", "广东 is already in region"),
        ("promotions.yaml", "amount_off: 20", "off: 20", "key False is not text"),
        (
            "policy.yaml",
            "report_window_hours: 48",
            "report_window_hours: 两天",
            "report_window_hours",
        ),
        (
            "promotions.yaml",
            "min_boxes: 5",
            "min_boxes: 6",
            "promotions[2].min_boxes: 6 differs from policy.yaml large_order_boxes (5)",
        ),
        ("shop.yaml", "name: 鲜果时光", "name: [鲜果", "shop.yaml: line 3, column 7: invalid YAML"),
        (
            "shop.yaml",
            "name: 鲜果时光\n",
            "name: 鲜果时光\nname: 别的店\n",
            "shop.yaml: line 3, column 1: invalid YAML: duplicate key 'name' (also on line 2)",
        ),
    ],
)
def test_each_mistake_names_the_file_and_field(shop_copy, name, old, new, message):
    edit(shop_copy, name, old, new)
    with pytest.raises(ShopDataError) as caught:
        load_shop(shop_copy)
    assert message in str(caught.value)


def test_a_missing_file_is_named(shop_copy):
    (shop_copy / "shipping.yaml").unlink()
    with pytest.raises(ShopDataError, match=r"^shipping\.yaml: file is missing$"):
        load_shop(shop_copy)


def test_the_server_refuses_to_start_on_bad_shop_data_and_says_why(shop_copy, tmp_path):
    edit(shop_copy, "catalog.yaml", "price: 39.9", "price: -1")
    server = LiveServer(tmp_path / "server", env={"CS_SHOP_DIR": str(shop_copy)})
    with pytest.raises(RuntimeError, match=re.escape("catalog.yaml: products[0].price")):
        server.start()


def test_the_storefront_api_serves_the_shop(live_server: LiveServer):
    shop = httpx.get(live_server.http_url + "/api/shop").json()
    assert shop["name"] == load_shop(DEMO).name
    first = shop["catalog"][0]
    assert first == {
        "sku": "wogan-5jin",
        "name": "广西武鸣沃柑",
        "category": "柑橘",
        "price": 39.9,
        "unit": "箱",
        "spec": "5斤装 单果60-75mm",
        "origin": "广西南宁武鸣",
        "in_stock": True,
    }
