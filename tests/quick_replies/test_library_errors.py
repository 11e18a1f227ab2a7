"""Staff edit YAML by hand: every mistake is named by file, line and field, and a broken
edit never takes the serving library down."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from app.shop import Shop, load_shop
from intents.engine import MatchingPaths, load_engine
from intents.holder import LibraryHolder
from quick_replies.errors import LibraryError
from tests.quick_replies.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shop() -> Shop:
    return load_shop(ROOT / "shops" / "demo_fruit")


@pytest.fixture
def paths(tmp_path: Path) -> MatchingPaths:
    for part in ("library", "rules", "lexicon"):
        shutil.copytree(FIXTURES / part, tmp_path / part)
    return MatchingPaths(tmp_path / "library", tmp_path / "rules", tmp_path / "lexicon")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(paths: MatchingPaths, shop: Shop) -> list[str]:
    with pytest.raises(LibraryError) as caught:
        load_engine(paths, shop)
    return caught.value.problems


def test_the_fixture_library_loads(paths: MatchingPaths, shop: Shop) -> None:
    engine = load_engine(paths, shop)
    assert {s.id for s in engine.library.scripts} >= {"shipping-fee", "invoice-how"}
    assert "disabled-script" not in {s.id for s in engine.library.scripts}


def test_an_empty_answer_names_file_line_and_field(paths: MatchingPaths, shop: Shop) -> None:
    edit(
        paths.scripts_dir / "售前.yaml", "answer: 收到后请尽快开箱，阴凉通风处存放。", 'answer: ""'
    )
    assert problems_of(paths, shop) == ["library/售前.yaml:6: scripts[0].answer: empty"]


def test_a_duplicate_id_names_both_places(paths: MatchingPaths, shop: Shop) -> None:
    edit(paths.scripts_dir / "发票.yaml", "id: greeting", "id: courier")
    assert problems_of(paths, shop) == [
        "library/物流.yaml:10: id: duplicate id 'courier' (also at library/发票.yaml:7)"
    ]


def test_an_unknown_variable_is_reported(paths: MatchingPaths, shop: Shop) -> None:
    edit(paths.scripts_dir / "物流.yaml", "{shipping.default_courier}", "{shipping.courier_name}")
    assert problems_of(paths, shop) == [
        "library/物流.yaml:13: scripts[1].answer: unknown variable {shipping.courier_name}"
    ]


def test_an_unknown_intent_label_is_reported(paths: MatchingPaths, shop: Shop) -> None:
    edit(paths.scripts_dir / "售前.yaml", "intent: presale_product_question", "intent: presale")
    assert problems_of(paths, shop) == [
        "library/售前.yaml:4: scripts[0].intent: unknown intent label 'presale'"
    ]


def test_bad_yaml_names_line_and_column(paths: MatchingPaths, shop: Shop) -> None:
    edit(
        paths.scripts_dir / "发票.yaml",
        "questions: [谢谢, 好的谢谢, 感谢]",
        "questions: [谢谢, 好的谢谢",
    )
    [problem] = problems_of(paths, shop)
    assert problem.startswith("library/发票.yaml:")
    assert "bad YAML" in problem


def test_a_key_given_twice_is_reported(paths: MatchingPaths, shop: Shop) -> None:
    edit(paths.lexicon_dir / "homophones.yaml", "退宽: 退款\n", "退宽: 退款\n发漂: 发飘\n")
    assert problems_of(paths, shop) == [
        "lexicon/homophones.yaml:3: 发漂: duplicate key (also on line 1)"
    ]


@pytest.mark.parametrize(
    ("written", "reported"),
    [
        (
            "any: [坏了, 坏吧, 压坏]",
            "rules/rules.yaml:30: rules[3].when.any[1]: '坏吧' is read as '坏'",
        ),
        # in `none` it would keep the rule off far more messages
        ("any: [坏了, 破损, 压坏]\n      none: [是吧]", "when.none[0]: '是吧' is read as '是'"),
        # two characters left once a filler is gone: as broad as a word of two
        ("any: [坏了, 破损, 亲压坏呀]", "when.any[2]: '亲压坏呀' is read as '压坏'"),
    ],
)
def test_a_word_that_shrinks_to_one_or_two_characters_is_reported(
    paths: MatchingPaths, shop: Shop, written: str, reported: str
) -> None:
    edit(paths.intents_dir / "rules.yaml", "any: [坏了, 破损, 压坏]", written)
    [problem] = problems_of(paths, shop)
    assert reported in problem


def test_a_word_that_keeps_three_characters_is_not_reported(
    paths: MatchingPaths, shop: Shop
) -> None:
    edit(paths.intents_dir / "rules.yaml", "any: [坏了, 破损, 压坏]", "any: [坏了, 破损, 压坏了呀]")
    engine = load_engine(paths, shop)  # 压坏了呀 → 压坏了: shorter, still a phrase
    assert any("压坏了" in rule.when.any for rule in engine.rules if rule.when)


def test_too_few_phrasings_are_reported(paths: MatchingPaths, shop: Shop) -> None:
    edit(
        paths.scripts_dir / "售前.yaml",
        "questions: [甜不甜, 酸不酸, 口感怎么样]",
        "questions: [甜不甜]",
    )
    assert problems_of(paths, shop) == [
        "library/售前.yaml:9: scripts[1].questions: expected at least 2 entries, got 1"
    ]


def test_rule_errors_name_the_rule_field(paths: MatchingPaths, shop: Shop) -> None:
    rules = paths.intents_dir / "rules.yaml"
    edit(rules, "regex: ['到哪|什么状态|发货了没|到了没']", "regex: ['到哪(了']")
    edit(rules, "order_no: {required: true}", "order_number: {required: true}")
    edit(rules, "action: {script: invoice-how}", "action: {script: invoice-nope}")
    problems = problems_of(paths, shop)
    assert problems[0].startswith(
        "rules/rules.yaml:8: rules[0].when.regex[0]: bad regular expression"
    )
    assert problems[1].startswith("rules/rules.yaml:11: rules[0].slots.order_number: unknown slot")
    assert (
        problems[2] == "rules/rules.yaml:39: rules[4].action.script: unknown script 'invoice-nope'"
    )


def test_an_alternative_that_does_not_compile_is_reported(paths: MatchingPaths, shop: Shop) -> None:
    # An alternation is compiled one alternative at a time (never whole), so the error of
    # one alternative must still reach staff with the rule's field.
    rules = paths.intents_dir / "rules.yaml"
    edit(rules, "regex: ['到哪|什么状态|发货了没|到了没']", "regex: ['到哪|(?<=已经|刚)发货了没']")
    [problem] = problems_of(paths, shop)
    assert problem.startswith("rules/rules.yaml:8: rules[0].when.regex[0]: bad regular expression")
    assert "look-behind requires fixed-width pattern" in problem


def test_a_duplicate_rule_name_is_reported(paths: MatchingPaths, shop: Shop) -> None:
    edit(paths.intents_dir / "rules.yaml", "name: complaint", "name: human_request")
    [problem] = problems_of(paths, shop)
    assert problem.startswith("rules/rules.yaml:20: name: duplicate rule 'human_request'")


def test_a_failed_reload_keeps_the_previous_library_serving(
    paths: MatchingPaths, shop: Shop
) -> None:
    holder = LibraryHolder(lambda: load_engine(paths, shop, today=lambda: date(2026, 11, 25)))
    before = holder.engine
    assert before.match("运费怎么算").script_id == "shipping-fee"

    edit(paths.scripts_dir / "物流.yaml", "id: courier", "id: Courier!")
    report = holder.reload()

    assert not report.ok
    assert report.problems[0].startswith("library/物流.yaml:10: scripts[1].id:")
    assert holder.engine is before
    assert holder.engine.match("运费怎么算").script_id == "shipping-fee"


def test_a_good_reload_swaps_in_the_new_library(paths: MatchingPaths, shop: Shop) -> None:
    holder = LibraryHolder(lambda: load_engine(paths, shop))
    edit(paths.scripts_dir / "售前.yaml", "有礼盒装吗, ", "有礼盒装吗, 能不能开礼品卡, ")
    report = holder.reload()
    assert report.ok and report.scripts == len(holder.engine.library.scripts)
    assert holder.engine.match("能不能开礼品卡").script_id == "gift-box"


def test_lexicon_and_settings_errors_name_their_field(paths: MatchingPaths, shop: Shop) -> None:
    lexicon = paths.lexicon_dir
    (lexicon / "synonyms.yaml").write_text("快递: {物流: 1}\n", encoding="utf-8")
    edit(lexicon / "matching.yaml", "answer_threshold: 72", "answer_treshold: 72")
    problems = problems_of(paths, shop)
    assert problems == ["lexicon/synonyms.yaml:1: 快递: expected a list of variants"]
    (lexicon / "synonyms.yaml").write_text("快递: [物流]\n", encoding="utf-8")
    [problem] = problems_of(paths, shop)
    assert problem.startswith("lexicon/matching.yaml:2: answer_treshold: unknown setting")


def test_a_phrasing_that_fillers_shrink_to_one_character_is_refused(
    paths: MatchingPaths, shop: Shop
) -> None:
    (paths.lexicon_dir / "fillers.yaml").write_text("fillers: [麻烦, 你]\n", encoding="utf-8")
    edit(paths.scripts_dir / "售前.yaml", "questions: [", "questions: [麻烦你了, ")
    [problem] = problems_of(paths, shop)
    assert problem.startswith("library/售前.yaml:")
    assert "scripts[0].questions[0]: '麻烦你了' reads as '了' once filler words" in problem


def test_a_dismissed_list_that_is_no_list_is_refused(paths: MatchingPaths, shop: Shop) -> None:
    (paths.lexicon_dir / "settled.yaml").write_text(
        "settled: [不急]\ndismissed: 不是问\n", encoding="utf-8"
    )
    assert problems_of(paths, shop) == [
        "lexicon/settled.yaml:2: dismissed: expected a list of words"
    ]


def test_a_misspelt_list_name_in_settled_is_refused(paths: MatchingPaths, shop: Shop) -> None:
    (paths.lexicon_dir / "settled.yaml").write_text(
        "settled: [不急]\ndismised: [不是问]\n", encoding="utf-8"
    )
    assert problems_of(paths, shop) == [
        "lexicon/settled.yaml:2: dismised: unknown list"
        " (known: settled, dismissed, continued, pasted, settles_last, pointing, elsewhere,"
        " disputes)"
    ]


@pytest.mark.parametrize("name", ["settled", "form_fields"])
def test_a_word_list_that_is_no_list_is_refused(
    paths: MatchingPaths, shop: Shop, name: str
) -> None:
    (paths.lexicon_dir / f"{name}.yaml").write_text("不急\n", encoding="utf-8")
    expected = f"lexicon/{name}.yaml:1: (document): expected a list of words"
    assert problems_of(paths, shop) == [expected]


def test_the_bots_own_phrases_must_all_be_there(paths: MatchingPaths, shop: Shop) -> None:
    edit(paths.lexicon_dir / "bot_texts.yaml", "clarify_prefix: 您是不是想问：", "clarify_prefix:")
    assert problems_of(paths, shop) == ["lexicon/bot_texts.yaml:3: clarify_prefix: missing"]
