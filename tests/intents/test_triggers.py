"""Triggers of a regex: words every match contains, so the regex is skipped without them."""

from __future__ import annotations

import re

import pytest

from intents.triggers import branches, triggers


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("发货了(吗|没)", {"发货了吗", "发货了没"}),
        ("(态度|服务)(真的|太)?(差|冷淡)", {"态度", "服务"}),
        ("(?x) (退款 | 退货) [^,]{0,4} 多久", {"多久"}),
        ("^(好的|好|行)+$", {"好的", "好", "行"}),
        ("[a-c]x", {"ax", "bx", "cx"}),
        ("[a-c].x", {"x"}),
        ("(?i)OK了", {"ok了"}),
        (
            "(?:换货.{0,3}(改|变)(成|为)?退)|(?:(不换|不想换)了?.{0,3}退)",
            {"换货", "不换", "不想换"},
        ),
    ],
)
def test_every_match_holds_a_trigger(pattern: str, expected: set[str]) -> None:
    assert triggers(re.compile(pattern)) == expected


@pytest.mark.parametrize("pattern", ["[^,]{1,8}吗?", "(退款)?", ".*", "(?=退款)", r"\d+"])
def test_no_triggers_when_a_match_may_hold_no_literal(pattern: str) -> None:
    assert triggers(re.compile(pattern)) is None


def test_an_alternation_splits_into_branches_that_match_as_the_whole() -> None:
    pattern = re.compile(
        """(?x)
          (态度|服务)(太)?差
        | 等了[^,]{0,4}(天|小时)
        | .*没人理
        | \\d{11}
        """
    )
    split = branches(pattern)
    assert split is not None
    expected = [{"态度", "服务"}, {"等了"}, {"没人理"}, None]
    assert [found for _, found in split] == expected
    for text in ["服务太差了", "等了三天", "一直没人理", "态度很好", "等一下", "13800138000"]:
        assert any(branch.search(text) for branch, _ in split) == bool(pattern.search(text))


def test_a_pattern_that_is_no_alternation_is_not_split() -> None:
    assert branches(re.compile("发货了(吗|没)")) is None
