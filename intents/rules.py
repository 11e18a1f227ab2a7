"""Intent rules: ``intents/rules/*.yaml``, validated and compiled at load."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from intents.triggers import Branch, branches
from quick_replies import fields
from quick_replies.errors import LibraryError
from quick_replies.normalize import is_marker
from quick_replies.yaml_source import FieldPath, YamlSource, read_yaml

Compiled = TypeVar("Compiled")

RULE_FIELDS = {"name", "intent", "priority", "when", "examples", "slots", "action"}
WHEN_FIELDS = {"any", "all", "none", "regex", "only", "rest"}
ACTIONS = ("flow", "script", "handoff")
SLOT_FIELDS = {"required", "or"}


@dataclass(frozen=True, slots=True)
class Regex:
    """A rule's regular expression. One written as an alternation (a phrasing a line) is kept
    as its alternatives, each compiled alone with the words it needs, and never compiled
    whole (a cold start compiles each rule's text once): a text matches when one does."""

    whole: re.Pattern[str] | None
    branches: tuple[Branch, ...] = ()

    @classmethod
    def compile(cls, text: str) -> Regex:
        """Raises ``re.error`` for a pattern that does not compile."""
        found = branches(text)
        return cls(None, tuple(found)) if found else cls(re.compile(text))

    def search(self, text: str) -> bool:
        if self.whole is not None:
            return self.whole.search(text) is not None
        return any(pattern.search(text) is not None for pattern, _ in self.branches)


@dataclass(frozen=True, slots=True)
class Condition:
    """``when``: every given part must hold over the normalised text."""

    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    regex: tuple[Regex, ...] = ()
    # The message is nothing but these slots, said now (沃柑, XG2511200003); ``rest``: what
    # else it may hold (the phone's last 4 digits after an order number).
    only: frozenset[str] = frozenset()
    rest: re.Pattern[str] | None = None

    def made_of(self, said: SaidSlots | None) -> bool:
        """``only`` holds for a message made of ``said.kinds`` plus ``said.rest``."""
        if said is None or not said.kinds <= self.only:
            return False
        if not said.rest:
            return True
        return self.rest is not None and self.rest.fullmatch(said.rest) is not None

    def holds(self, text: str) -> bool:
        return (
            (not self.any or any(word in text for word in self.any))
            and all(word in text for word in self.all)
            and not any(word in text for word in self.none)
            and all(pattern.search(text) for pattern in self.regex)
        )


@dataclass(frozen=True, slots=True)
class SaidSlots:
    """A message made of slots: their kinds and what is left once their words are out."""

    kinds: frozenset[str]
    rest: str


@dataclass(frozen=True, slots=True)
class Action:
    kind: str  # flow | script | handoff
    target: str  # flow name, script id or handoff reason


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    intent: str
    priority: int
    when: Condition | None
    examples: tuple[str, ...]
    required_slots: tuple[str, ...] = ()  # slots the rule cannot act without
    # slot name → the slots that fill it too (product ← unsold: 西瓜有吗 runs the flow,
    # which says the shop does not sell it)
    stand_ins: dict[str, tuple[str, ...]] = field(default_factory=dict)
    action: Action = Action("script", "")
    where: str = ""

    def filled(self, name: str, known: dict[str, Any]) -> bool:
        """Whether slot ``name`` (or one that stands in for it) is in ``known``."""
        return any(known.get(slot) for slot in (name, *self.stand_ins.get(name, ())))


@dataclass(frozen=True, slots=True)
class RuleContext:
    intents: Collection[str]
    slot_names: Collection[str]
    normalise: Callable[[str], str]  # keywords go through the same normaliser as messages
    fillers_in: Callable[[str], list[str]] = lambda word: []  # the filler words it drops
    flows: Collection[str] | None = None
    script_ids: Collection[str] | None = None


def load_rules(directory: Path, context: RuleContext) -> tuple[Rule, ...]:
    """Rules of ``directory/*.yaml``, highest priority first; ``LibraryError`` lists problems."""
    problems: list[str] = []
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")) if directory.exists() else []:
        try:
            source = read_yaml(path, f"{directory.name}/{path.name}")
        except LibraryError as exc:
            problems.extend(exc.problems)
            continue
        top = fields.mapping(source, (), source.data)
        for index, raw in enumerate(fields.sequence(source, ("rules",), top.get("rules"))):
            rule = _rule(source, ("rules", index), raw, context)
            if rule is None:
                continue
            if rule.name in seen:
                source.problems.append(
                    f"{rule.where}: name: duplicate rule {rule.name!r} (also at {seen[rule.name]})"
                )
            seen[rule.name] = rule.where
            rules.append(rule)
        problems.extend(source.problems)
    if problems:
        raise LibraryError(problems)
    return tuple(sorted(rules, key=lambda rule: -rule.priority))


def _rule(source: YamlSource, path: FieldPath, raw: Any, ctx: RuleContext) -> Rule | None:
    if not isinstance(raw, dict):
        source.problem(path, "expected a mapping")
        return None
    before = len(source.problems)
    fields.unknown_keys(source, path, raw, RULE_FIELDS)
    intent = fields.text(source, (*path, "intent"), raw.get("intent"))
    if intent and intent not in ctx.intents:
        source.problem((*path, "intent"), f"unknown intent label {intent!r}")
    when = _condition(source, (*path, "when"), raw.get("when"), ctx)
    examples = fields.text_list(source, (*path, "examples"), raw.get("examples"))
    if when is None and not examples:
        source.problem(path, "a rule needs `when` or `examples` (it could never fire)")
    required, stand_ins = _slots(source, (*path, "slots"), raw.get("slots"), ctx)
    rule = Rule(
        name=fields.text(source, (*path, "name"), raw.get("name")),
        intent=intent,
        priority=fields.integer(source, (*path, "priority"), raw.get("priority"), 0),
        when=when,
        examples=examples,
        required_slots=required,
        stand_ins=stand_ins,
        action=_action(source, (*path, "action"), raw.get("action"), ctx),
        where=source.where(path),
    )
    return rule if len(source.problems) == before else None


def _condition(source: YamlSource, path: FieldPath, raw: Any, ctx: RuleContext) -> Condition | None:
    if raw is None:
        return None
    when = fields.mapping(source, path, raw)
    fields.unknown_keys(source, path, when, WHEN_FIELDS)

    def words(key: str) -> tuple[str, ...]:
        listed = fields.text_list(source, (*path, key), when.get(key))
        normalised = tuple(ctx.normalise(word) or word.lower() for word in listed)
        for index, (word, read) in enumerate(zip(listed, normalised, strict=True)):
            if _shrinks(word, read, ctx):
                source.problem(
                    (*path, key, index),
                    f"{word!r} is read as {read!r} once filler words are dropped, so it "
                    f"would match every message holding {read!r}; write {read!r} itself "
                    "if that is meant, or a longer word or a regex",
                )
        return normalised

    patterns = []
    for index, pattern in enumerate(fields.text_list(source, (*path, "regex"), when.get("regex"))):
        compiled = _compile(source, (*path, "regex", index), pattern, Regex.compile)
        if compiled is not None:
            patterns.append(compiled)
    only = fields.text_list(source, (*path, "only"), when.get("only"))
    for index, name in enumerate(only):
        if name not in ctx.slot_names:
            source.problem((*path, "only", index), f"unknown slot {name!r}")
    rest = None
    if when.get("rest") is not None:
        if not only:
            source.problem((*path, "rest"), "`rest` only applies with `only`")
        rest_text = fields.text(source, (*path, "rest"), when["rest"])
        rest = _compile(source, (*path, "rest"), rest_text, re.compile)
    return Condition(
        any=words("any"),
        all=words("all"),
        none=words("none"),
        regex=tuple(patterns),
        only=frozenset(only),
        rest=rest,
    )


def _shrinks(word: str, read: str, ctx: RuleContext) -> bool:
    """Whether dropping filler words leaves a keyword too short to mean what was written:
    one character (坏吧 → 坏), or two once a filler is gone (操作麻烦 → 操作, 就是笑话 → 笑话)."""
    if len(read) >= len(word) or any(map(is_marker, read)):
        return False
    return len(read) == 1 or (len(read) == 2 and bool(ctx.fillers_in(word)))


def _compile(
    source: YamlSource,
    path: FieldPath,
    pattern: str,
    compile: Callable[[str], Compiled],
) -> Compiled | None:
    try:
        return compile(pattern)
    except re.error as exc:
        source.problem(path, f"bad regular expression: {exc}")
        return None


def _slots(
    source: YamlSource, path: FieldPath, raw: Any, ctx: RuleContext
) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """``{product: {required: true, or: [unsold]}}`` → the required slots and stand-ins."""
    required: list[str] = []
    stand_ins = {}
    for name, spec in fields.mapping(source, path, raw).items():
        at = (*path, str(name))
        if name not in ctx.slot_names:
            source.problem(at, f"unknown slot (known: {sorted(ctx.slot_names)})")
            continue
        spec = fields.mapping(source, at, spec)
        fields.unknown_keys(source, at, spec, SLOT_FIELDS)
        if fields.flag(source, (*at, "required"), spec.get("required"), False):
            required.append(str(name))
        others = fields.text_list(source, (*at, "or"), spec.get("or"))
        for index, other in enumerate(others):
            if other not in ctx.slot_names:
                source.problem((*at, "or", index), f"unknown slot {other!r}")
        if others:
            stand_ins[str(name)] = others
    return tuple(required), stand_ins


def _action(source: YamlSource, path: FieldPath, raw: Any, ctx: RuleContext) -> Action:
    action = fields.mapping(source, path, raw)
    given = [kind for kind in ACTIONS if kind in action]
    if len(given) != 1 or len(action) != 1:
        source.problem(path, "expected exactly one of flow, script, handoff")
        return Action("script", "")
    kind = given[0]
    target = fields.text(source, (*path, kind), action[kind])
    known = {"flow": ctx.flows, "script": ctx.script_ids}.get(kind)
    if target and known is not None and target not in known:
        source.problem((*path, kind), f"unknown {kind} {target!r}")
    return Action(kind, target)
