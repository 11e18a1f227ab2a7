"""Which rules fire on a message, without testing every keyword of every rule.

At load: every keyword of every ``when`` goes into one Aho-Corasick automaton (pyahocorasick,
in C). A rule without ``any`` keywords is gated by the triggers of its regex instead
(``intents.triggers``: words no match can do without). Per message: one pass of the automaton
over the text finds the keywords and triggers present, overlapping ones included (a set),
then only rules that could fire are checked, with set operations, and only then their regexes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import ahocorasick  # type: ignore[import-not-found]

from intents.rules import Rule, SaidSlots
from intents.triggers import Branch, Triggers, triggers


class RuleFiring:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules = tuple(rule for rule in rules if rule.when is not None)
        self._checks = [_regex_checks(rule) for rule in self._rules]
        gates = list(map(_gate, self._rules, self._checks))
        words = {w for rule in self._rules for w in _words(rule)}
        words |= {w for gate in gates if gate for w in gate}
        words |= {w for checks in self._checks for w in _branch_words(checks)}
        self._keywords = _automaton(words)
        by_word: dict[str, list[int]] = defaultdict(list)
        self._always: list[int] = []
        # A rule of ``only`` slots is tried only on a message made of slots.
        self._made_of = [i for i, rule in enumerate(self._rules) if rule.when and rule.when.only]
        for index, gate in enumerate(gates):
            for word in gate or ():
                by_word[word].append(index)
            if not gate and index not in self._made_of:
                self._always.append(index)
        self._by_word = dict(by_word)
        self._all = [frozenset(r.when.all) for r in self._rules if r.when]
        self._none = [frozenset(r.when.none) for r in self._rules if r.when]

    def present(self, text: str) -> set[str]:
        """The keywords of any rule that occur in ``text``."""
        if self._keywords is None:
            return set()
        return {word for _, word in self._keywords.iter(text)}

    def fired(self, text: str, said: SaidSlots | None = None) -> list[Rule]:
        """Rules whose ``when`` holds, in load order (highest priority first); ``said``: the
        message is made of slots (rules with ``only`` need it)."""
        present = self.present(text)
        maybe = set(self._always)
        for word in present:
            maybe.update(self._by_word.get(word, ()))
        if said is not None:
            maybe.update(self._made_of)
        fired = []
        for index in sorted(maybe):
            rule = self._rules[index]
            assert rule.when is not None
            if rule.when.only and not rule.when.made_of(said):
                continue
            if not self._all[index] <= present or not self._none[index].isdisjoint(present):
                continue
            for check in self._checks[index]:  # a plain loop: this runs for every message
                if isinstance(check, SplitRegex):
                    if not check.holds(text, present):
                        break
                elif check.search(text) is None:
                    break
            else:
                fired.append(rule)
        return fired


class SplitRegex:
    """A regex written as one alternation, its branches filed under their triggers: only the
    branches whose words are in the message are tried (and those without triggers)."""

    def __init__(self, found: list[Branch]) -> None:
        by_word: dict[str, list[re.Pattern[str]]] = defaultdict(list)
        for pattern, words in found:
            for word in words or ():
                by_word[word].append(pattern)
        self.words = frozenset(by_word)
        self._by_word = {word: tuple(patterns) for word, patterns in by_word.items()}
        self._untriggered = tuple(pattern for pattern, words in found if words is None)

    @property
    def gate(self) -> Triggers | None:
        """Words one of which every match holds: its branches' own, unless one has none."""
        return None if self._untriggered else self.words

    def holds(self, text: str, present: set[str]) -> bool:
        for word in self.words.intersection(present):
            for pattern in self._by_word[word]:
                if pattern.search(text) is not None:
                    return True
        return any(pattern.search(text) is not None for pattern in self._untriggered)


RegexCheck = re.Pattern[str] | SplitRegex


def _regex_checks(rule: Rule) -> list[RegexCheck]:
    """Each regex of ``rule``, split into its alternatives when it is one alternation."""
    assert rule.when is not None
    checks: list[RegexCheck] = []
    for regex in rule.when.regex:
        if regex.branches:
            checks.append(SplitRegex(list(regex.branches)))
        else:
            assert regex.whole is not None
            checks.append(regex.whole)
    return checks


def _branch_words(checks: list[RegexCheck]) -> set[str]:
    """The triggers of every branch of a split regex: they must be found in the message."""
    return {word for check in checks if isinstance(check, SplitRegex) for word in check.words}


def _words(rule: Rule) -> set[str]:
    assert rule.when is not None
    return {*rule.when.any, *rule.when.all, *rule.when.none} - {""}


def _gate(rule: Rule, checks: list[RegexCheck]) -> Triggers | None:
    """Words one of which a message needs before ``rule`` can fire: its ``any`` keywords, or
    else the best triggers of its regexes (all must match, so any one regex's will do). A
    split regex is gated by its branches' own words, finer than the triggers of the whole
    alternation (which must share one budget of words among all the branches)."""
    assert rule.when is not None
    if rule.when.any:
        return frozenset(rule.when.any)
    found = [_check_triggers(check) for check in checks]
    usable = [t for t in found if t]
    return max(usable, key=lambda t: (min(map(len, t)), -len(t)), default=None)


def _check_triggers(check: RegexCheck) -> Triggers | None:
    return check.gate if isinstance(check, SplitRegex) else triggers(check)


def _automaton(words: set[str]) -> ahocorasick.Automaton | None:
    """An automaton reporting each of ``words`` found in a text (None when there are none:
    an automaton without words cannot be built)."""
    if not words:
        return None
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for word in sorted(words):
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton
