"""Natural messages reach the right flow over the real websocket (routing regressions).

Each test is a message a fruit-shop shopper would type that the matcher once sent to the
wrong place: a phone number with 12345 in it read as a 12345-hotline complaint, a note read
as nothing, a stock question read as 催发货, a delivery-area question read as order status,
a large order that never reached a person, an explicit ask for a person answered by the bot.
Expected figures come from the demo shop's data files, not from the test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.ledger import CaseType
from app.security import customer_token
from app.shop import Shop
from tests.flows.live import HANDOFF_FRAMES, exchange, handed_off, ledger_rows, say, visitor
from tests.server import LiveServer
from tests.shopper import Shopper


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(
        tmp_path_factory.mktemp("live-routing"), env={"CS_UNPAID_REMINDER_EVERY_SECONDS": "0"}
    ).start()
    yield live
    live.stop()


async def test_a_new_phone_number_containing_12345_changes_the_order(
    server: LiveServer,
) -> None:
    shopper = await visitor(server)
    # an unpaid order of 张敏 (phone ending 2468), so the note tests keep 2468 on XG…15
    asked, kinds = await exchange(shopper, "XG2511200012 手机号改成13812345678，尾号2468")
    assert not kinds & HANDOFF_FRAMES
    assert "XG2511200012" in asked["text"] and "5678" in asked["text"]
    await say(shopper, "确认")
    rows = await ledger_rows(server, type=CaseType.PHONE_CHANGE, order_no="XG2511200012")
    assert [row.details["new"] for row in rows] == ["13812345678"]
    await shopper.close()


async def test_a_bare_phone_number_is_not_a_complaint_but_the_hotline_is(
    server: LiveServer,
) -> None:
    shopper = await visitor(server)
    _, kinds = await exchange(shopper, "我电话13912345670")
    assert not kinds & HANDOFF_FRAMES
    await handed_off(shopper, "再不处理我就打12345")
    await shopper.close()


async def test_a_note_said_with_the_request_is_confirmed_and_recorded(server: LiveServer) -> None:
    shopper = await visitor(server)
    asked = await say(shopper, "订单XG2511200015加个备注：放门卫，手机尾号2468")
    assert "「放门卫」" in asked["text"]
    await say(shopper, "确认")
    other = await visitor(server)
    await say(other, "帮我备注一下下午送")
    confirm = await say(other, "XG2511200015 2468")
    assert "「下午送」" in confirm["text"]
    await say(other, "确认")
    rows = await ledger_rows(server, type=CaseType.NOTE_CHANGE, order_no="XG2511200015")
    assert {row.details["new"] for row in rows} == {"放门卫", "下午送"}
    await shopper.close()
    await other.close()


async def test_stock_of_a_named_fruit_comes_from_the_catalog(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    for text, alias in (("榴莲还有货吗", "榴莲"), ("芒果卖完了吗", "芒果")):
        [product] = shop.find_products(alias)
        answer = await say(shopper, text)
        assert answer["cards"][0]["sku"] == product.sku
        assert answer["cards"][0]["in_stock"] == product.in_stock
        assert ("有货" in answer["text"]) == product.in_stock
        assert "订单号" not in answer["text"]  # not read as 催发货 of an order
    await shopper.close()


async def test_a_fruit_the_shop_does_not_sell_is_said_so_with_what_it_sells(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    for text, fruit in (
        ("西瓜多少钱一斤", "西瓜"),
        ("哈密瓜甜不甜", "哈密瓜"),
        ("有荔枝吗", "荔枝"),
    ):
        answer = await say(shopper, text)
        assert f"没有{fruit}" in answer["text"]
        assert shop.catalog[0].name in answer["text"]
    pick = await say(shopper, "丑橘")  # the question it leaves open is answered by a name
    assert pick["cards"][0]["sku"] == shop.find_products("丑橘")[0].sku
    grapes = await say(shopper, "葡萄多少钱")  # 葡萄 is in 阳光玫瑰葡萄: never "没有葡萄"
    assert "没有" not in grapes["text"]
    await shopper.close()


async def test_an_unsold_fruit_is_said_so_however_the_stock_question_is_put(
    server: LiveServer, shop: Shop
) -> None:
    cherries = shop.find_products("车厘子")[0]
    phrasings = (
        ("西瓜有吗", "西瓜"),
        ("山竹还有吗", "山竹"),
        ("有没有火龙果", "火龙果"),
        ("桃子有货吗", "桃子"),  # not 催发货 of an order
        ("卖杨梅吗", "杨梅"),
        ("石榴怎么卖", "石榴"),
        ("柚子", "柚子"),
    )
    for start in (0, 4):  # two shoppers: the socket allows a burst of 8 messages
        shopper = await visitor(server)
        await say(shopper, "车厘子")  # remembered, yet the fruit named next is the one asked
        for text, fruit in phrasings[start : start + 4]:
            answer = await say(shopper, text)
            assert f"没有{fruit}" in answer["text"], (text, answer["text"])
            assert shop.catalog[0].name in answer["text"]
            assert cherries.name not in answer["text"].split("：")[0]
            assert not answer.get("cards")
        await shopper.close()
    shopper = await visitor(server)
    phone = await say(shopper, "苹果手机有吗")  # a phone, not the fruit
    assert "没有苹果" not in phone["text"]
    grapes = shop.find_products("阳光玫瑰")[0]
    catalog = await say(shopper, "阳光玫瑰葡萄有吗")  # a catalog name holding 葡萄 still wins
    assert catalog["cards"][0]["sku"] == grapes.sku
    await shopper.close()
    shopper = await visitor(server)
    plain = await say(shopper, "葡萄有吗")  # the shop's only grape: an alias in the catalog
    assert plain["cards"][0]["sku"] == grapes.sku and "没有葡萄" not in plain["text"]
    await shopper.close()


async def test_delivery_areas_are_answered_from_the_shipping_file(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    areas = await say(shopper, "哪些地方不能配送")
    closed = [p for r in shop.shipping.regions if not r.deliverable for p in r.provinces]
    assert closed and all(province in areas["text"] for province in closed)
    far = await say(shopper, "新疆能送吗")
    region = shop.shipping.region_of("新疆")
    assert region is not None
    assert "新疆" in far["text"] and f"¥{region.fee_fen // 100}" in far["text"]
    await shopper.close()


async def test_a_district_the_shipping_file_lacks_asks_for_the_city_not_an_order(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    asked = await say(shopper, "能送到朝阳区吗")
    assert "没识别出来" in asked["text"] and "订单" not in asked["text"]
    quoted = await say(shopper, "北京")
    region = shop.shipping.region_of("北京")
    assert region is not None
    assert "北京" in quoted["text"] and f"¥{region.fee_fen // 100}" in quoted["text"]
    await shopper.close()


async def test_ten_boxes_get_the_discount_and_go_to_a_person(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    [wogan] = shop.find_products("沃柑")
    answer = await handed_off(shopper, "我要买10箱沃柑")
    [multi_box] = [p for p in shop.promotions if p.kind == "multi_box"]
    assert f"{multi_box.discount_percent // 10} 折" in answer["text"]
    rows = await ledger_rows(server, type=CaseType.LARGE_ORDER_APPROVAL)
    assert {"sku": wogan.sku, "boxes": 10} in [
        {k: row.details[k] for k in ("sku", "boxes")} for row in rows
    ]
    await shopper.close()


async def test_a_company_group_buy_asks_which_fruit_then_goes_to_a_person(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    asked = await say(shopper, "公司团购二十箱有优惠吗")
    [multi_box] = [p for p in shop.promotions if p.kind == "multi_box"]
    assert "哪款" in asked["text"] and f"{multi_box.discount_percent // 10} 折" in asked["text"]
    await handed_off(shopper, "丑橘")
    [chouju] = shop.find_products("丑橘")
    rows = await ledger_rows(server, type=CaseType.LARGE_ORDER_APPROVAL)
    assert {"sku": chouju.sku, "boxes": 20} in [
        {k: row.details[k] for k in ("sku", "boxes")} for row in rows
    ]
    await shopper.close()


async def test_a_few_boxes_get_the_total_without_a_person(server: LiveServer) -> None:
    shopper = await visitor(server)
    answer, kinds = await exchange(shopper, "想买3箱沃柑")
    assert "¥119.70" in answer["text"] and not kinds & HANDOFF_FRAMES
    await shopper.close()


@pytest.mark.parametrize(
    "text", ["别让机器人回我了", "麻烦叫个工作人员来", "我要跟客服说话", "不想和智能客服聊"]
)
async def test_asking_for_a_person_always_hands_off(server: LiveServer, text: str) -> None:
    shopper = await visitor(server)
    await handed_off(shopper, text)
    await shopper.close()


async def test_a_signed_in_shopper_changes_the_phone_of_the_order_named(
    server: LiveServer,
) -> None:
    token = customer_token(server.secret, "1001", "顾客")
    shopper = Shopper(server.ws_url, token=token)
    await shopper.connect()
    asked = await say(shopper, "XG2511200001 联系方式换成13612345678")
    assert "XG2511200001" in asked["text"]
    done = await say(shopper, "确认")
    assert "5678" in done["text"]
    rows = await ledger_rows(server, type=CaseType.PHONE_CHANGE, order_no="XG2511200001")
    assert rows and rows[-1].customer_ref == "member:1001"
    await shopper.close()


async def test_a_fee_question_asks_where_and_the_bare_city_gets_the_fee(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    asked = await say(shopper, "邮费多少")
    assert "哪个省或城市" in asked["text"]
    quoted = await say(shopper, "成都")
    region = shop.shipping.region_of("四川")
    assert region is not None
    assert "成都" in quoted["text"] and f"¥{region.fee_fen // 100}" in quoted["text"]
    await shopper.close()


async def test_a_count_after_a_product_question_is_a_large_order(server: LiveServer) -> None:
    shopper = await visitor(server)
    await say(shopper, "丑橘多少钱")
    await handed_off(shopper, "12箱")
    rows = await ledger_rows(server, type=CaseType.LARGE_ORDER_APPROVAL)
    assert 12 in [row.details["boxes"] for row in rows]
    await shopper.close()


async def test_a_complaint_about_another_shop_told_as_background_is_not_handed_off(
    server: LiveServer,
) -> None:
    shopper = await visitor(server)
    asked, kinds = await exchange(shopper, "我姐投诉过一家卖鞋的，不是你们。我这单什么时候发")
    assert not kinds & HANDOFF_FRAMES
    assert "订单号" in asked["text"]
    await handed_off(shopper, "别家的事不说了，你们这次发的橙子全烂了，我要投诉")
    await shopper.close()
