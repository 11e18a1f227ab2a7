"""Matching settings staff may tune (thresholds, retrieval sizes, scorer weights).

Read from ``<lexicon_dir>/matching.yaml``; every key is optional and falls back to the
defaults below, which were chosen on the development set (see docs/matching.md).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from quick_replies.errors import LibraryError
from quick_replies.yaml_source import read_yaml

WORD_LISTS = frozenset(
    {
        "quantity_units",
        "unsold_produce",
        "not_produce",
        "place_cues",
        "place_suffixes",
        "not_places",
    }
)
BUDGET_PHRASINGS = 5_000  # the retrieval budget is set for a library of up to this many


@dataclass(frozen=True, slots=True)
class MatchSettings:
    answer_threshold: float = 72.0  # at or above: answer with the best script
    clarify_threshold: float = 32.0  # at or above (and below answer): "您是不是想问" + options
    clarify_options: int = 3
    retrieval_budget: int = 150  # postings read per message (rarest features first)
    retrieval_tail: int = 8  # then postings read from each remaining feature (shortest first)
    retrieval_growth: float = 0.40  # past 5,000 phrasings both grow as (phrasings / 5,000) ** this
    rerank_pool: int = 5  # candidates kept by the cheap scorer (ratio) for the full scorer
    partial_weight: float = 0.15  # weight of partial_ratio beside ratio (weight 1)
    token_set_weight: float = 0.15  # weight of token_set_ratio over jieba tokens
    max_slot_asks: int = 2  # times the bot asks for a missing slot before moving on
    short_answer_chars: int = 8  # a message this short with a slot answers, not changes topic
    quantity_units: tuple[str, ...] = ()  # measure words besides the catalog's own units
    unsold_produce: tuple[str, ...] = ()  # fruits shoppers ask for that the catalog may lack
    not_produce: tuple[str, ...] = ()  # words holding one that name no fruit (苹果手机)
    place_cues: tuple[str, ...] = ()  # words before a place (送到, 我在): 送到朝阳区吗
    place_suffixes: tuple[str, ...] = ()  # endings of a place the shipping table may lack (区, 镇)
    not_places: tuple[str, ...] = ()  # endings that name a kind of place, not one (农村, 地区)


def retrieval_sizes(settings: MatchSettings, phrasings: int) -> tuple[int, int]:
    """Budget and tail for a library of ``phrasings``: a bigger library has more near-equal
    phrasings per feature, so reading a little more keeps the index in agreement with an
    exhaustive scan, while cost stays sub-linear in the library's size."""
    growth = max(1.0, phrasings / BUDGET_PHRASINGS) ** settings.retrieval_growth
    return round(settings.retrieval_budget * growth), round(settings.retrieval_tail * growth)


def load_match_settings(path: Path) -> MatchSettings:
    if not path.exists():
        return MatchSettings()
    source = read_yaml(path, f"{path.parent.name}/{path.name}")
    data = source.data or {}
    if not isinstance(data, dict):
        raise LibraryError([f"{source.label}:1: expected a mapping of settings"])
    known = {f.name: f for f in fields(MatchSettings)}
    values: dict[str, object] = {}
    for key, value in data.items():
        spec = known.get(key)
        if spec is None:
            source.problem((str(key),), f"unknown setting (known: {sorted(known)})")
        elif key in WORD_LISTS:
            if isinstance(value, list | None):
                values[key] = tuple(str(word) for word in value or ())
            else:
                source.problem((str(key),), "expected a list of words")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            values[key] = type(getattr(MatchSettings(), key))(value)
        else:
            source.problem((str(key),), "expected a number")
    settings = MatchSettings(**values)  # type: ignore[arg-type]
    if settings.clarify_threshold > settings.answer_threshold:
        source.problem(("clarify_threshold",), "must not exceed answer_threshold")
    if source.problems:
        raise LibraryError(source.problems)
    return settings
