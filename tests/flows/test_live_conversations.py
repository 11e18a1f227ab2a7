"""Multi-turn conversations over the real websocket: what a shopper types on its own (a
fruit's name, an order number), a new question while a flow waits for an answer, the
ownership question saying what it is for, and 转人工 at any point.

Expected words come from the flows' texts file and the demo shop's data, not the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.flows.texts import Texts, yuan
from app.ledger import CaseType
from app.shop import Product, Shop
from tests.flows.live import HANDOFF_FRAMES, exchange, handed_off, ledger_rows, member, say, visitor
from tests.server import LiveServer
from tests.shopper import Shopper

TEXTS = Texts.load()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(
        tmp_path_factory.mktemp("live-talk"), env={"CS_UNPAID_REMINDER_EVERY_SECONDS": "0"}
    ).start()
    yield live
    live.stop()


def product(shop: Shop, alias: str) -> Product:
    [found] = shop.find_products(alias)
    return found


def shows_product(answer: dict[str, Any], item: Product) -> bool:
    card = answer["cards"][0] if answer.get("cards") else {}
    return (
        card.get("sku") == item.sku
        and card.get("in_stock") == item.in_stock
        and f"¥{yuan(item.price_fen)}" in answer["text"]
        and item.spec in answer["text"]
    )


def asks_phone_for(answer: dict[str, Any], flow: str) -> bool:
    return answer["text"].startswith(TEXTS(f"purpose_{flow}")) and "后4位" in answer["text"]


@pytest.mark.parametrize("alias", ["丑橘", "沃柑", "阳光玫瑰", "猕猴桃呢"])
async def test_a_fruit_name_alone_gets_the_product_card(
    server: LiveServer, shop: Shop, alias: str
) -> None:
    shopper = await visitor(server)
    answer = await say(shopper, alias)
    item = product(shop, alias.removesuffix("呢"))
    assert shows_product(answer, item), answer
    assert ("有货" in answer["text"]) == item.in_stock
    await shopper.close()


async def test_a_fruit_name_answers_the_group_buy_asking_which_fruit(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    asked = await say(shopper, "公司要团购水果")
    assert "哪款" in asked["text"]
    grapes = product(shop, "阳光玫瑰")
    how_many = await say(shopper, "阳光玫瑰")
    assert how_many["text"] == TEXTS("large_order_ask_quantity", name=grapes.name, unit=grapes.unit)
    await shopper.close()


async def test_an_order_number_alone_is_looked_up_after_the_phone_check(
    server: LiveServer,
) -> None:
    shopper = await visitor(server)
    asked = await say(shopper, "XG2511200003")
    assert asks_phone_for(asked, "order_status") and not asked.get("cards")
    shown = await say(shopper, "1234")
    assert shown["cards"][0]["order_no"] == "XG2511200003"
    stranger = await visitor(server)
    await say(stranger, "XG2511200003")
    refused = await say(stranger, "0000")  # not the phone of the order
    assert refused["text"] == TEXTS("order_not_found_visitor") and not refused.get("cards")
    corrected = await say(stranger, "1234")  # the digits again, for the same order
    assert corrected["cards"][0]["order_no"] == "XG2511200003"
    await shopper.close()
    await stranger.close()


async def test_a_member_sees_their_order_by_its_number_and_no_one_elses(
    server: LiveServer,
) -> None:
    shopper = await member(server, "1001")
    shown = await say(shopper, "XG2511200003")
    assert shown["cards"][0]["order_no"] == "XG2511200003"
    other = await say(shopper, "XG2511200014")  # 张敏's order
    assert "XG2511200014" in other["text"] and not other.get("cards")
    assert other["text"] == TEXTS("order_not_found_member", order_no="XG2511200014")
    await shopper.close()


async def test_an_order_number_answers_the_invoice_flow_waiting_for_it(
    server: LiveServer,
) -> None:
    shopper = await visitor(server)
    asked = await say(shopper, "我要开发票")
    assert asked["text"].startswith(TEXTS("purpose_invoice"))
    checked = await say(shopper, "XG2511200014")
    assert asks_phone_for(checked, "invoice")
    title = await say(shopper, "2468")
    assert title["text"] == TEXTS("invoice_ask_title")
    await shopper.close()


async def test_an_order_number_and_an_email_said_in_a_sentence_answer_the_invoice(
    server: LiveServer,
) -> None:
    shopper = await visitor(server)
    await say(shopper, "要开发票")
    checked = await say(shopper, "订单号是XG2511200015")
    assert asks_phone_for(checked, "invoice")
    await say(shopper, "2468")
    email = await say(shopper, "个人")
    assert email["text"] == TEXTS("invoice_ask_email")
    done = await say(shopper, "邮箱是zm@example.com")
    assert "XG2511200015" in done["text"] and "zm@example.com" in done["text"]
    await shopper.close()


async def test_a_stock_question_is_not_taken_for_the_invoice_title(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await member(server, "1003")
    await say(shopper, "开个发票")
    title = await say(shopper, "XG2511200014")
    assert title["text"] == TEXTS("invoice_ask_title")
    stock = await say(shopper, "沃柑有货吗")
    assert stock["cards"][0]["sku"] == product(shop, "沃柑").sku
    assert "税号" not in stock["text"]
    again = await say(shopper, "我还是要开发票")
    assert again["text"] == TEXTS("invoice_ask_title")  # the verified order is remembered
    email = await say(shopper, "个人")
    assert email["text"] == TEXTS("invoice_ask_email")
    done = await say(shopper, "zhangmin@example.com")
    assert "「个人」" in done["text"]
    rows = await ledger_rows(server, type=CaseType.INVOICE, order_no="XG2511200014")
    assert [row.details.get("title") for row in rows] == ["个人"], rows
    await shopper.close()


async def test_a_price_question_while_the_phone_is_awaited_gets_the_price(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    assert asks_phone_for(await say(shopper, "XG2511200003的快递到哪了"), "order_status")
    price = await say(shopper, "车厘子多少钱")
    assert shows_product(price, product(shop, "车厘子")), price
    await shopper.close()


async def test_each_flow_says_what_the_phone_check_is_for(server: LiveServer) -> None:
    shopper = await visitor(server)
    first = await say(shopper, "XG2511200003")
    assert asks_phone_for(first, "order_status")
    tracking = await say(shopper, "查一下物流")
    assert asks_phone_for(tracking, "logistics") and tracking["text"] != first["text"]
    invoice = await say(shopper, "要开发票")
    assert asks_phone_for(invoice, "invoice")
    refund = await say(shopper, "我想退款")
    assert asks_phone_for(refund, "refund")
    await shopper.close()


async def start_invoice(shopper: Shopper) -> None:
    await say(shopper, "我要开发票")


async def await_phone(shopper: Shopper) -> None:
    await say(shopper, "XG2511200003")


async def confirm_phone_change(shopper: Shopper) -> None:
    asked = await say(shopper, "XG2511200001 手机号改成13698765432，尾号1234")
    assert "13698765432" in asked["text"]


async def await_photos(shopper: Shopper) -> None:
    asked = await say(shopper, "XG2511200007 收到的沃柑坏了几个，手机尾号1234")
    assert "📷" in asked["text"]


async def nothing(shopper: Shopper) -> None:
    return None


async def await_place(shopper: Shopper) -> None:
    assert "哪个省或城市" in (await say(shopper, "邮费多少"))["text"]


async def await_group_fruit(shopper: Shopper) -> None:
    assert "哪款" in (await say(shopper, "团购"))["text"]


async def bot_asks_which_fruit(shopper: Shopper) -> None:
    assert "哪一款" in (await say(shopper, "两箱"))["text"]  # the bot's own slot question


SETUPS = {  # visitors: each one is a fresh conversation
    "fresh": nothing,
    "invoice_waits_for_order": start_invoice,
    "order_waits_for_phone": await_phone,
    "change_waits_for_yes": confirm_phone_change,
    "bad_fruit_waits_for_photos": await_photos,
    "shipping_waits_for_place": await_place,
    "group_buy_waits_for_fruit": await_group_fruit,
    "bot_waits_for_fruit": bot_asks_which_fruit,
}


@pytest.mark.parametrize("setup", list(SETUPS))
@pytest.mark.parametrize("ask", ["转人工", "人工", "人工客服", "找真人"])
async def test_asking_for_a_person_hands_off_at_any_point(
    server: LiveServer, setup: str, ask: str
) -> None:
    shopper = await visitor(server)
    await SETUPS[setup](shopper)
    answer = await handed_off(shopper, ask)
    assert answer["text"]
    await shopper.close()


async def test_after_a_fruit_name_a_yes_is_small_talk_not_a_handoff(server: LiveServer) -> None:
    shopper = await visitor(server)
    await say(shopper, "草莓")
    _, kinds = await exchange(shopper, "好的")
    assert not kinds & HANDOFF_FRAMES
    await shopper.close()


async def test_a_fruit_name_is_no_answer_to_a_question_for_the_order(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    asked = await say(shopper, "怎么还不发货")  # the flow asks for the shopper's order
    assert asked["text"].startswith(TEXTS("purpose_urge_shipping"))
    card = await say(shopper, "车厘子")
    assert shows_product(card, product(shop, "车厘子")), card
    await shopper.close()


async def test_two_fruit_names_are_compared_and_a_city_gets_the_fee(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    both = await say(shopper, "沃柑和丑橘")
    for alias in ("沃柑", "丑橘"):
        item = product(shop, alias)
        assert f"{item.name}：甜度 {item.sweetness}/5" in both["text"]
    fee = await say(shopper, "成都")
    region = shop.shipping.region_of("四川")
    assert region is not None
    assert "成都" in fee["text"] and f"¥{region.fee_fen // 100}" in fee["text"]
    await shopper.close()


async def test_a_fruit_named_for_a_count_is_spelled_by_name(server: LiveServer, shop: Shop) -> None:
    shopper = await visitor(server)
    asked = await say(shopper, "两箱")
    assert "哪一款" in asked["text"]
    item = product(shop, "丑橘")
    filled = await say(shopper, "丑橘")
    assert item.name in filled["text"] and item.sku not in filled["text"]
    await shopper.close()


async def test_the_fruit_named_in_a_bad_fruit_report_picks_the_item(server: LiveServer) -> None:
    shopper = await member(server, "1002")  # XG2511200008: cherries and blueberries
    asked = await say(shopper, "XG2511200008 车厘子坏了")
    assert "📷" in asked["text"] and "智利车厘子" in asked["text"]
    await shopper.close()


async def test_which_is_cheaper_compares_the_fruits_just_asked_about(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    await say(shopper, "车厘子")
    await say(shopper, "榴莲")
    cherries, durian = product(shop, "车厘子"), product(shop, "榴莲")
    cheaper = await say(shopper, "哪个便宜")
    best = min((cherries, durian), key=lambda item: item.price_fen)
    assert cheaper["text"].startswith(best.name)
    assert cherries.name in cheaper["text"] and durian.name in cheaper["text"]
    await shopper.close()


async def test_a_forgotten_phone_gets_a_way_out_not_the_same_question(server: LiveServer) -> None:
    shopper = await visitor(server)
    await say(shopper, "XG2511200003")
    forgot = await say(shopper, "我忘了手机号")
    assert forgot["text"] == TEXTS("phone4_forgotten")
    assert [b["text"] for b in forgot["buttons"]] == ["转人工"]
    await handed_off(shopper, "转人工")
    await shopper.close()


async def test_courier_and_cold_chain_questions_get_their_own_answers(
    server: LiveServer, shop: Shop
) -> None:
    shopper = await visitor(server)
    courier = await say(shopper, "发顺丰吗")
    assert all(name in courier["text"] for name in shop.shipping.couriers)
    far = next(r for r in shop.shipping.regions if r.deliverable and not r.cold_chain)
    reach = await say(shopper, f"冷链能到{far.provinces[0]}吗")
    cold = [p.name for p in shop.catalog if p.cold_chain]
    assert far.provinces[0] in reach["text"] and all(name in reach["text"] for name in cold)
    await shopper.close()


async def test_company_alone_asks_for_the_company_name(server: LiveServer) -> None:
    shopper = await visitor(server)
    title = await say(shopper, "XG2511200001 开发票 尾号1234")
    assert title["text"] == TEXTS("invoice_ask_title")
    which = await say(shopper, "公司")
    assert which["text"] == TEXTS("invoice_ask_company_name")
    tax_id = await say(shopper, "杭州果香贸易有限公司")
    assert "「杭州果香贸易有限公司」" in tax_id["text"] and "税号" in tax_id["text"]
    await shopper.close()


async def test_a_city_alone_is_no_new_address(server: LiveServer) -> None:
    shopper = await visitor(server)
    asked = await say(shopper, "XG2511200001 改地址 尾号1234")
    assert asked["text"] == TEXTS("change_ask_address")
    vague = await say(shopper, "上海")
    assert vague["text"] == TEXTS("change_bad_address")
    full = await say(shopper, "上海市浦东新区世纪大道100号")
    assert "「上海市浦东新区世纪大道100号」" in full["text"]
    await shopper.close()
