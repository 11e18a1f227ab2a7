"""Rules fire exactly when their ``when`` holds, however their keywords overlap."""

from __future__ import annotations

from pathlib import Path

from intents.engine import Engine
from intents.firing import RuleFiring
from intents.labels import INTENT_LABELS
from intents.rules import Rule, RuleContext, load_rules
from intents.slots import SLOT_NAMES

RULES = """
rules:
  - name: refund_progress
    intent: return_refund
    priority: 20
    when: {any: [退款进度, 退款到哪]}
    action: {handoff: asked_for_human}
  - name: refund
    intent: return_refund
    priority: 10
    when: {any: [退款, 退货], none: [发票]}
    action: {handoff: asked_for_human}
  - name: refund_invoice
    intent: invoice
    priority: 5
    when: {all: [退款, 发票]}
    action: {handoff: asked_for_human}
  - name: shipped_yet
    intent: order_status
    priority: 1
    when: {regex: ['发货了(吗|没)']}
    action: {handoff: asked_for_human}
"""


def loaded(tmp_path: Path, engine: Engine, source: str) -> tuple[Rule, ...]:
    (tmp_path / "rules.yaml").write_text(source, encoding="utf-8")
    context = RuleContext(
        intents=INTENT_LABELS,
        slot_names=SLOT_NAMES,
        normalise=lambda word: engine.normaliser.normalise(word).text,
    )
    return load_rules(tmp_path, context)


def fired(tmp_path: Path, engine: Engine, text: str) -> list[str]:
    rules = loaded(tmp_path, engine, RULES)
    firing = RuleFiring(rules)
    naive = [r.name for r in rules if r.when and r.when.holds(text)]
    found = [r.name for r in firing.fired(text)]
    assert found == naive
    return found


def test_a_keyword_inside_a_longer_one_still_counts(tmp_path: Path, engine: Engine) -> None:
    assert fired(tmp_path, engine, "我的退款进度怎么样") == ["refund_progress", "refund"]


def test_none_and_all_are_respected(tmp_path: Path, engine: Engine) -> None:
    assert fired(tmp_path, engine, "退款了发票怎么办") == ["refund_invoice"]


def test_rules_without_keywords_fire_on_their_regex(tmp_path: Path, engine: Engine) -> None:
    assert fired(tmp_path, engine, "发货了吗") == ["shipped_yet"]
    assert fired(tmp_path, engine, "运费多少") == []


def test_a_regex_with_triggers_fires_wherever_it_matches(tmp_path: Path, engine: Engine) -> None:
    assert fired(tmp_path, engine, "你们昨天发货了没") == ["shipped_yet"]
    assert fired(tmp_path, engine, "发货没") == []


def test_a_rule_written_as_one_alternation_fires_on_any_branch(
    tmp_path: Path, engine: Engine
) -> None:
    rules = loaded(
        tmp_path,
        engine,
        """
rules:
  - name: attitude
    intent: complaint_dispute
    priority: 1
    when:
      regex:
        - |
          (?x)
            (态度|服务)(太)?差
          | 等了[^,]{0,4}(天|小时)
          | [^,]{30,}
    action: {handoff: complaint}
""",
    )
    firing = RuleFiring(rules)
    long = "我" * 30  # only the branch without words to look for matches it
    cases = [
        ("服务太差", ["attitude"]),
        ("等了三天", ["attitude"]),
        ("态度很好", []),
        (long, ["attitude"]),
        (long[1:], []),
    ]
    for text, expected in cases:
        assert [rule.name for rule in firing.fired(text)] == expected
        assert [r.name for r in rules if r.when and r.when.holds(text)] == expected


def test_an_alternation_of_many_branches_fires_on_each_branch_s_words(
    tmp_path: Path, engine: Engine
) -> None:
    """Forty branches of eight words each, more than one budget of triggers holds: the rule is
    gated by every branch's own words, and a gate that left any branch out would miss it."""
    branches = [
        "("
        + "|".join(f"甲{chr(0x4E00 + 8 * b + w)}{chr(0x4E00 + 8 * b + w)}" for w in range(8))
        + ")乙"
        for b in range(40)
    ]
    source = (
        "rules:\n  - name: many\n    intent: other\n    priority: 1\n    when:\n      regex:\n"
        "        - |\n          (?x)\n            "
        + "\n          | ".join(branches)
        + "\n    action: {handoff: complaint}\n"
    )
    rules = loaded(tmp_path, engine, source)
    firing = RuleFiring(rules)
    for b in (0, 17, 39):
        char = chr(0x4E00 + 8 * b + 5)
        text = f"说甲{char}{char}乙了"
        assert [rule.name for rule in firing.fired(text)] == ["many"]
        assert [r.name for r in rules if r.when and r.when.holds(text)] == ["many"]
    assert firing.fired("甲乙丙丁") == []
