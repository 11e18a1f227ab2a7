"""What a shopper mentions in passing becomes a slot the flows can use."""

from __future__ import annotations

from intents.engine import Engine


def test_order_number_in_the_shops_pattern_is_found_in_any_case(engine: Engine) -> None:
    assert engine.slots_of("订单ｘｇ20240001到哪了")["order_no"] == "XG20240001"


def test_an_order_placeholder_counts_as_an_order_number(engine: Engine) -> None:
    assert engine.slots_of("我的订单[订单x]怎么还没到")["order_no"] == "[订单x]"


def test_a_mainland_mobile_number_is_found_with_or_without_dashes(engine: Engine) -> None:
    assert engine.slots_of("电话改成138-1234-5678")["phone"] == "13812345678"
    assert "phone" not in engine.slots_of("单号12345678901234")


def test_quantities_read_chinese_numerals(engine: Engine) -> None:
    assert engine.slots_of("要两箱")["quantity"] == {"value": 2, "unit": "箱"}
    assert engine.slots_of("来三斤")["quantity"] == {"value": 3, "unit": "斤"}
    assert engine.slots_of("买5盒")["quantity"] == {"value": 5, "unit": "盒"}
    assert engine.slots_of("十二箱可以优惠吗")["quantity"] == {"value": 12, "unit": "箱"}


def test_dates_are_relative_to_today(engine: Engine) -> None:
    assert engine.slots_of("明天能送到吗")["date"] == "2026-11-26"
    assert engine.slots_of("后天")["date"] == "2026-11-27"
    assert engine.slots_of("周五送可以吗")["date"] == "2026-11-27"
    assert engine.slots_of("下周一")["date"] == "2026-11-30"
    assert engine.slots_of("12月3号到")["date"] == "2026-12-03"
    assert engine.slots_of("一月五日")["date"] == "2027-01-05"


def test_products_come_from_catalog_names_and_aliases_longest_first(engine: Engine) -> None:
    slots = engine.slots_of("阳光玫瑰和车厘子哪个甜")
    assert slots["product"] == "shine-muscat-2jin"
    assert slots["products"] == ["shine-muscat-2jin", "cherry-3jin"]
    assert engine.slots_of("丑橘还有吗")["product"] == "chouju-5jin"


def test_a_city_is_placed_in_its_province(engine: Engine) -> None:
    assert engine.slots_of("寄到杭州要几天")["place"] == {"province": "浙江", "city": "杭州"}
    assert engine.slots_of("新疆能发吗")["place"] == {"province": "新疆", "city": None}


def test_a_place_the_shipping_table_lacks_is_named_from_its_cue_and_ending(
    engine: Engine,
) -> None:
    unknown = {"province": None, "city": None, "name": "朝阳区"}
    assert engine.slots_of("能送到朝阳区吗")["place"] == unknown
    assert engine.slots_of("朝阳区能送吗")["place"] == unknown
    assert engine.slots_of("我在城关镇，可以发吗")["place"]["name"] == "城关镇"
    assert engine.slots_of("能送到北京市朝阳区吗")["place"]["province"] == "北京"  # known first
    for text in ("这两个有什么区别", "什么时候上市", "寄到县里要几天", "送到家门口吗"):
        assert "place" not in engine.slots_of(text), text


def test_email_and_tax_id_for_invoices(engine: Engine) -> None:
    slots = engine.slots_of("抬头公司，税号91330100MA2B3C4D5E，邮箱 Fin@Example.com")
    assert slots["tax_id"] == "91330100MA2B3C4D5E"
    assert slots["email"] == "fin@example.com"  # cleaned text is lower case


def test_a_message_without_slots_gives_none(engine: Engine) -> None:
    assert engine.slots_of("你们家水果甜吗") == {}


def test_digits_of_an_order_number_are_not_read_as_a_phone_or_quantity(engine: Engine) -> None:
    slots = engine.slots_of("xg13812345678箱")
    assert slots == {"order_no": "XG13812345678"}


def test_placeholders_of_slot_kinds_fill_those_slots(engine: Engine) -> None:
    assert engine.slots_of("电话改成[电话x]")["phone"] == "[电话x]"


def test_a_phone_number_dictated_by_voice_is_a_phone_slot(engine: Engine) -> None:
    assert engine.slots_of("手机号是一三九一二三四五六七八")["phone"] == "13912345678"
