"""The matching engine: normalise, extract slots, fire rules, fuzzy-match, decide.

``load_engine`` builds everything once (lexicon, library, rules, index); ``Engine.match`` is
pure — no I/O, no mutation — so it can be swapped atomically by ``LibraryHolder``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from app.shop import Shop
from intents.decide import Decider
from intents.firing import RuleFiring
from intents.labels import INTENT_LABELS
from intents.result import MatchResult
from intents.rules import Rule, RuleContext, load_rules
from intents.slots import SLOT_NAMES, SlotConfig, SlotExtractor
from intents.texts import BotTexts, load_bot_texts
from quick_replies.library import Library, LibraryContext, load_library
from quick_replies.matcher import FuzzyMatcher, Target
from quick_replies.normalize import Normaliser, load_normaliser
from quick_replies.settings import MatchSettings, load_match_settings


@dataclass(frozen=True, slots=True)
class MatchingPaths:
    scripts_dir: Path
    intents_dir: Path
    lexicon_dir: Path

    @classmethod
    def from_settings(cls, settings: Any) -> MatchingPaths:
        return cls(settings.scripts_dir, settings.intents_dir, settings.lexicon_dir)


class Engine:
    def __init__(
        self,
        *,
        normaliser: Normaliser,
        settings: MatchSettings,
        library: Library,
        rules: tuple[Rule, ...],
        slots: SlotExtractor,
        texts: BotTexts,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.normaliser = normaliser
        self.settings = settings
        self.library = library
        self.rules = rules
        self.texts = texts
        self.slot_extractor = slots
        self._today = today
        self.matcher = FuzzyMatcher(_phrasings(library, rules), normaliser, settings)
        self._decider = Decider(library, rules, settings)
        self._firing = RuleFiring(rules)
        self.flow_intents = _flow_intents(library, rules)
        self._fillers = normaliser.lexicon.fillers

    def match(
        self,
        text: str,
        memory: Mapping[str, Any] | None = None,
        today: date | None = None,
        *,
        diagnose: bool = True,
    ) -> MatchResult:
        """The decision for ``text``. ``diagnose=False`` (the shopper's path, ``MatchingBot``)
        skips the fuzzy search when a fired rule with its slots filled wins anyway: the
        result is the same, its explanation lists no fuzzy candidates. Staff tools keep
        the default and see every score."""
        message = self.normaliser.normalise(text)
        slots = self.slot_extractor.extract(message.clean, today or self._today())
        remembered = dict((memory or {}).get("slots") or {})
        said = self.slot_extractor.said(message.clean, slots, self._fillers)
        fired = self._firing.fired(message.text, said)
        limit = max(self.settings.clarify_options, 3)
        if not diagnose and self._decider.rule_decides(fired, slots, remembered):
            candidates = []
        else:
            candidates = self.matcher.search(message, limit)
        result = self._decider.decide(fired, candidates, slots, remembered)
        if said is not None and (not said.rest or any(r.when and r.when.only for r in fired)):
            result = replace(result, only_slots=said.kinds)
        readable = self.normaliser.readable
        shown = readable(message.text)
        tokens = message.tokens
        result.explanation.update(
            normalised=shown,
            tokens=[readable(t) for t in tokens] if shown != message.text else [*tokens],
            slots=slots,
            fired_rules=[rule.name for rule in fired],
            candidates=[candidate.to_dict() for candidate in candidates],
            thresholds={
                "answer": self.settings.answer_threshold,
                "clarify": self.settings.clarify_threshold,
            },
        )
        return result

    def slots_of(self, text: str, today: date | None = None) -> dict[str, Any]:
        """Slots in ``text`` alone (used to fill a slot the bot asked for)."""
        clean = self.normaliser.clean(text)
        return self.slot_extractor.extract(clean, today or self._today())


def load_engine(
    paths: MatchingPaths,
    shop: Shop,
    *,
    flows: Collection[str] | None = None,
    variables: Mapping[str, str] | None = None,
    today: Callable[[], date] = date.today,
) -> Engine:
    """Build an engine from the data files; raises ``LibraryError`` naming file, line and field."""
    normaliser = load_normaliser(paths.lexicon_dir)
    settings = load_match_settings(paths.lexicon_dir / "matching.yaml")
    texts = load_bot_texts(paths.lexicon_dir / "bot_texts.yaml")
    context = LibraryContext(
        variables=shop.variables if variables is None else variables,
        intents=INTENT_LABELS,
        flows=flows,
        normalise=lambda phrase: normaliser.normalise(phrase).text,
    )
    library = load_library(paths.scripts_dir, context)
    rules = load_rules(
        paths.intents_dir,
        RuleContext(
            intents=INTENT_LABELS,
            slot_names=SLOT_NAMES,
            normalise=lambda word: normaliser.normalise(word).text,
            fillers_in=normaliser.dropped_fillers,
            flows=flows,
            script_ids=library.by_id().keys(),
        ),
    )
    placeholder_slots = {
        normaliser.markers[kind]: (kind, text)
        for text, kind in normaliser.lexicon.placeholders.items()
        if kind in SLOT_NAMES
    }
    slot_config = SlotConfig(
        order_no_pattern=str(shop.policy.get("order_no_pattern", r"(?!x)x")),
        placeholder_slots=placeholder_slots,
        quantity_units=settings.quantity_units,
        unsold_produce=settings.unsold_produce,
        not_produce=settings.not_produce,
        place_cues=settings.place_cues,
        place_suffixes=settings.place_suffixes,
        not_places=settings.not_places,
    )
    return Engine(
        normaliser=normaliser,
        settings=settings,
        library=library,
        rules=rules,
        slots=SlotExtractor(shop, slot_config),
        texts=texts,
        today=today,
    )


def _phrasings(library: Library, rules: tuple[Rule, ...]) -> list[tuple[Target, str]]:
    phrasings = []
    for script in library.scripts:
        target = Target("script", script.id, script.intent, script.questions[0])
        phrasings += [(target, question) for question in script.questions]
    for rule in rules:
        if rule.examples:
            target = Target("rule", rule.name, rule.intent, rule.examples[0])
            phrasings += [(target, example) for example in rule.examples]
    return phrasings


def _flow_intents(library: Library, rules: tuple[Rule, ...]) -> dict[str, frozenset[str]]:
    """The intents that route to each flow: a message of one of them continues the flow."""
    found: dict[str, set[str]] = {}
    for rule in rules:
        if rule.action.kind == "flow":
            found.setdefault(rule.action.target, set()).add(rule.intent)
    for script in library.scripts:
        if script.flow:
            found.setdefault(script.flow, set()).add(script.intent)
    return {flow: frozenset(intents) for flow, intents in found.items()}
