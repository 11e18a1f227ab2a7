"""Before the sale, answered from the demo shop's catalog, shipping and promotions files."""

from __future__ import annotations

from app.flows import FlowEngine
from app.ledger import CaseType
from tests.flows.conftest import visitor


async def test_price_stock_origin_and_storage_come_from_the_catalog(flows: FlowEngine) -> None:
    chat = visitor(flows)
    price = await chat.start("presale_product", "沃柑多少钱", product="wogan-5jin")
    assert "¥39.90/箱" in price.text and price.cards[0]["kind"] == "product"
    origin = await chat.start("presale_product", "丑橘是哪里产的")
    assert "四川眉山" in origin.text
    storage = await chat.start("presale_product", "车厘子怎么保存")
    assert "0-4℃" in storage.text and "5 天" in storage.text
    stock = await chat.start("presale_product", "榴莲有货吗")
    assert "有货" in stock.text


async def test_an_unnamed_product_is_asked_for(flows: FlowEngine) -> None:
    chat = visitor(flows)
    asked = await chat.start("presale_product", "这个多少钱")
    assert chat.waiting_for == "product" and "沃柑" in asked.text
    answer = await chat.reply("砂糖橘")
    assert "广西砂糖橘" in answer.text


async def test_which_is_sweeter(flows: FlowEngine) -> None:
    chat = visitor(flows)
    reply = await chat.start("compare_products", "沃柑和丑橘哪个甜")
    assert reply.text.startswith("四川不知火丑橘更甜")
    assert [c["sku"] for c in reply.cards] == ["chouju-5jin", "wogan-5jin"]
    cheaper = await chat.start(
        "compare_products", "哪个便宜", products=["cherry-3jin", "shatangju-5jin"]
    )
    assert cheaper.text.startswith("广西砂糖橘更实惠")


async def test_comparing_needs_two_products(flows: FlowEngine) -> None:
    chat = visitor(flows)
    await chat.start("compare_products", "沃柑和哪个比较甜")
    assert chat.waiting_for == "product"
    reply = await chat.reply("丑橘")
    assert "更甜" in reply.text


async def test_shipping_fee_and_delivery_area_by_province_or_city(flows: FlowEngine) -> None:
    chat = visitor(flows)
    free = await chat.start("shipping_quote", "杭州包邮吗")
    assert "包邮" in free.text and "1-2 天" in free.text
    fee = await chat.start("shipping_quote", "运费多少", place={"province": "四川", "city": ""})
    assert "¥8" in fee.text and "满 ¥99 包邮" in fee.text
    no = await chat.start("shipping_quote", "能寄香港吗")
    assert "不在我们的配送范围" in no.text
    cold = await chat.start("shipping_quote", "车厘子能寄新疆吗")
    assert "冷链暂时到不了" in cold.text
    warm = await chat.start("shipping_quote", "沃柑能寄新疆吗")
    assert "¥25" in warm.text


async def test_an_unknown_place_is_asked_again(flows: FlowEngine) -> None:
    chat = visitor(flows)
    await chat.start("shipping_quote", "运费怎么算")
    again = await chat.reply("火星")
    assert chat.waiting_for == "place" and "没识别出来" in again.text
    answer = await chat.reply("深圳")
    assert "深圳" in answer.text and "¥8" in answer.text


async def test_promotions_are_listed(flows: FlowEngine) -> None:
    reply = await visitor(flows).start("promotions", "有什么活动")
    assert "满199减20" in reply.text and "新人券" in reply.text


async def test_five_boxes_or_more_get_the_rule_and_a_person(flows: FlowEngine) -> None:
    chat = visitor(flows)
    small = await chat.start(
        "large_order", "买3箱", product="wogan-5jin", quantity={"value": 3, "unit": "箱"}
    )
    assert small.outcome == "answer" and "¥119.70" in small.text and "5箱" in small.text
    big = await chat.start("large_order", "丑橘我要买10箱")
    assert big.outcome == "handoff" and big.handoff_reason == "large_order"
    assert "9 折" in big.text and "¥449.10" in big.text
    [row] = await chat.ledger(type=CaseType.LARGE_ORDER_APPROVAL)
    assert row.details == {"sku": "chouju-5jin", "boxes": 10, "discount_percent": 90}


async def test_a_large_order_without_a_quantity_asks_for_it(flows: FlowEngine) -> None:
    chat = visitor(flows)
    await chat.start("large_order", "批量买沃柑", product="wogan-5jin")
    assert chat.waiting_for == "quantity"
    reply = await chat.reply("八箱")
    assert reply.outcome == "handoff"


async def test_ten_boxes_asked_as_a_price_question_is_a_large_order(flows: FlowEngine) -> None:
    reply = await visitor(flows).start(
        "presale_product",
        "沃柑要买10箱",
        product="wogan-5jin",
        quantity={"value": 10, "unit": "箱"},
    )
    assert reply.handoff_reason == "large_order"


async def test_a_comparison_that_reached_promotions_is_still_compared(flows: FlowEngine) -> None:
    reply = await visitor(flows).start("promotions", "车厘子和砂糖橘哪个便宜")
    assert reply.text.startswith("广西砂糖橘更实惠")


async def test_traditional_characters_read_like_simplified(flows: FlowEngine) -> None:
    chat = visitor(flows)
    stock = await chat.start("presale_product", "榴蓮還有貨嗎")
    assert "现在有货" in stock.text
