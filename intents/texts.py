"""What the bot says in its own words (clarify prefix, fallback, slot questions, handoff
notices), read from ``<lexicon_dir>/bot_texts.yaml`` so staff can change every phrase."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.bot import Button
from quick_replies import fields
from quick_replies.errors import LibraryError
from quick_replies.library import buttons
from quick_replies.yaml_source import YamlSource, read_yaml

REQUIRED = (
    "clarify_prefix",
    "fallback",
    "handoff_default",
    "flow_unavailable",
    "slot_default",
    "slot_filled",
    "ask_again",
)


@dataclass(frozen=True, slots=True)
class BotTexts:
    clarify_prefix: str
    fallback: str
    handoff_default: str
    flow_unavailable: str  # a flow is routed to but no flows are wired
    slot_default: str  # asked for a slot without its own question
    slot_filled: str  # "{value}": what the shopper gave for the slot asked for
    ask_again: str  # put before the question when the answer did not fill the slot
    fallback_buttons: tuple[Button, ...] = ()
    ask_slot: dict[str, str] = field(default_factory=dict)  # slot name → question
    handoff: dict[str, str] = field(default_factory=dict)  # handoff reason → notice

    def question_for(self, slot: str) -> str:
        return self.ask_slot.get(slot, self.slot_default)

    def handoff_notice(self, reason: str) -> str:
        return self.handoff.get(reason, self.handoff_default)


def load_bot_texts(path: Path) -> BotTexts:
    label = f"{path.parent.name}/{path.name}"
    if not path.exists():
        raise LibraryError([f"{label}: missing (the bot's own phrases: {', '.join(REQUIRED)})"])
    source = read_yaml(path, label)
    data = fields.mapping(source, (), source.data)
    values = {key: fields.text(source, (key,), data.get(key)) for key in REQUIRED}
    texts = BotTexts(
        **values,
        fallback_buttons=buttons(source, ("fallback_buttons",), data.get("fallback_buttons")),
        ask_slot=_texts(source, "ask_slot", data.get("ask_slot")),
        handoff=_texts(source, "handoff", data.get("handoff")),
    )
    if source.problems:
        raise LibraryError(source.problems)
    return texts


def _texts(source: YamlSource, key: str, raw: object) -> dict[str, str]:
    table = fields.mapping(source, (key,), raw)
    return {str(name): fields.text(source, (key, str(name)), text) for name, text in table.items()}
