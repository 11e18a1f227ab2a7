"""A message made of slots only (a fruit's name, an order number) is understood on its own
and answers a waiting flow; a new question that carries a slot is a change of topic."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import Settings
from app.flows import FLOWS
from app.shop import load_shop
from intents.engine import Engine, MatchingPaths, load_engine
from intents.labels import INTENT_LABELS
from intents.rules import RuleContext, load_rules
from intents.slots import SLOT_NAMES
from intents.topic import changes_topic
from quick_replies.errors import LibraryError

SETTINGS = Settings()


@pytest.fixture(scope="module")
def engine() -> Engine:
    shop = load_shop(SETTINGS.shop_dir)
    return load_engine(MatchingPaths.from_settings(SETTINGS), shop, flows=FLOWS.keys())


@pytest.mark.parametrize(
    "text",
    [
        *("丑橘", "沃柑呢", "阳光玫瑰", "亲，猕猴桃", "有没有车厘子", "卖不卖榴莲", "要丑橘"),
        *("介绍一下丑橘", "我想问下草莓", "蓝莓怎么样"),
    ],
)
def test_a_bare_fruit_name_shows_the_product(engine: Engine, text: str) -> None:
    result = engine.match(text, diagnose=False)
    assert (result.outcome, result.flow) == ("flow", "presale_product")
    assert result.only_slots == {"product"}


@pytest.mark.parametrize("text", ["XG2511200003", "xg2511200003", "XG2511200003 1234"])
def test_a_bare_order_number_looks_the_order_up(engine: Engine, text: str) -> None:
    result = engine.match(text, diagnose=False)
    assert (result.outcome, result.flow) == ("flow", "order_status")
    assert result.only_slots == {"order_no"}


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        ("丑橘5箱", "large_order"),
        ("两箱沃柑", "large_order"),
        ("丑橘 成都", "shipping_quote"),
        ("车厘子寄新疆", "shipping_quote"),
    ],
)
def test_a_fruit_with_a_count_or_a_place_alone(engine: Engine, text: str, flow: str) -> None:
    result = engine.match(text, diagnose=False)
    assert (result.outcome, result.flow) == ("flow", flow), result.explanation


def test_two_fruit_names_are_compared_and_a_place_gets_the_shipping_fee(engine: Engine) -> None:
    both = engine.match("沃柑和丑橘", diagnose=False)
    assert (both.flow, both.only_slots) == ("compare_products", {"product", "products"})
    place = engine.match("成都", diagnose=False)
    assert (place.flow, place.only_slots) == ("shipping_quote", {"place"})


@pytest.mark.parametrize(
    "text", ["丑橘", "XG2511200003", "XG2511200003 尾号1234", "3个", "成都", "a@b.cn"]
)
@pytest.mark.parametrize("flow", ["invoice", "bad_fruit", "order_status", "large_order"])
def test_a_reply_made_of_slots_answers_a_flow_waiting_for_free_text(
    engine: Engine, text: str, flow: str
) -> None:
    assert not changes_topic(engine, flow, engine.match(text, diagnose=False), "title")


@pytest.mark.parametrize(
    ("text", "awaiting"),
    [
        ("丑橘", "product"),
        ("XG2511200003", "order_no"),
        ("XG2511200003 1234", "phone4"),
        ("两箱", "quantity"),
        ("成都", "place"),
        ("a@b.cn", "email"),
        ("订单号是XG2511200003", "order_no"),
        ("邮箱是a@b.cn", "email"),
        ("新号码是13611112222", "phone"),
        ("蓝莓", "order_pick"),  # which of my orders: the one with blueberries
    ],
)
def test_a_reply_made_of_the_slot_asked_for_answers_the_flow(
    engine: Engine, text: str, awaiting: str
) -> None:
    assert not changes_topic(engine, "large_order", engine.match(text), awaiting)


def test_a_fruit_name_does_not_answer_a_question_for_the_order(engine: Engine) -> None:
    result = engine.match("丑橘", diagnose=False)
    assert changes_topic(engine, "urge_shipping", result, "order_no")
    assert changes_topic(engine, "order_status", engine.match("成都"), "phone4")


@pytest.mark.parametrize("text", ["沃柑有货吗", "车厘子多少钱", "寄到成都运费多少"])
@pytest.mark.parametrize("flow", ["invoice", "order_status", "change_order"])
def test_a_new_question_with_a_slot_changes_topic(engine: Engine, text: str, flow: str) -> None:
    result = engine.match(text, diagnose=False)
    assert result.slots and not result.only_slots
    assert changes_topic(engine, flow, result)


def test_a_fruit_name_with_other_words_is_not_bare(engine: Engine) -> None:
    assert not engine.match("丑橘和沃柑哪个甜").only_slots
    assert engine.match("不要丑橘").flow != "presale_product"
    assert not engine.match("XG2511200003 到哪了").only_slots


def load_problems(folder: Path, rules: str) -> str:
    """The problems ``load_rules`` reports for a rules file holding ``rules``."""
    (folder / "rules.yaml").write_text(rules, encoding="utf-8")
    context = RuleContext(intents=INTENT_LABELS, slot_names=SLOT_NAMES, normalise=lambda word: word)
    with pytest.raises(LibraryError) as error:
        load_rules(folder, context)
    return "\n".join(error.value.problems)


def test_only_and_rest_are_checked_at_load(tmp_path: Path) -> None:
    problems = load_problems(
        tmp_path,
        "rules:\n"
        "  - name: a\n    intent: other\n    when: {only: [fruit]}\n"
        "    action: {script: s}\n"
        "  - name: b\n    intent: other\n    when: {rest: '\\d{4}'}\n"
        "    action: {script: s}\n"
        "  - name: c\n    intent: other\n    when: {only: [order_no], rest: '(x'}\n"
        "    action: {script: s}\n",
    )
    assert "rules[0].when.only[0]: unknown slot 'fruit'" in problems
    assert "rules[1].when.rest: `rest` only applies with `only`" in problems
    assert "rules[2].when.rest: bad regular expression" in problems


def test_asking_to_send_to_my_email_stays_with_the_invoice(engine: Engine) -> None:
    assert not changes_topic(engine, "invoice", engine.match("发我邮箱吧"), "email")


def test_an_unsold_fruit_stands_in_for_the_product_only_where_a_rule_says_so(
    engine: Engine,
) -> None:
    assert engine.slots_of("西瓜还有吗")["unsold"] == "西瓜"
    assert "unsold" not in engine.slots_of("车厘子和西瓜哪个甜")  # a catalog product wins
    assert "unsold" not in engine.slots_of("葡萄有吗")  # a catalog alias (阳光玫瑰葡萄)
    assert "unsold" not in engine.slots_of("苹果手机有吗")  # matching.yaml not_produce
    stock = engine.match("西瓜还有吗")
    assert (stock.flow, stock.missing_slots) == ("presale_product", ())
    assert engine.match("有没有西瓜").only_slots == frozenset({"unsold"})
    assert engine.match("这个还有吗").missing_slots == ("product",)


def test_a_slot_that_stands_in_is_checked_at_load(tmp_path: Path) -> None:
    problems = load_problems(
        tmp_path,
        "rules:\n"
        "  - name: a\n    intent: other\n    when: {any: [有吗]}\n"
        "    slots: {product: {required: true, or: [fruit], ask: yes}}\n"
        "    action: {script: s}\n",
    )
    assert "rules[0].slots.product.or[0]: unknown slot 'fruit'" in problems
    assert "rules[0].slots.product.ask: unknown field" in problems
