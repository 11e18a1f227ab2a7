"""The matcher's own tuning aid: intent accuracy on a labelled file for a grid of thresholds
and scorer weights, without reloading the library for each setting.

    python -m bench.match_tune ../shared/eval/dev.jsonl

Prints one line per setting (top-1, handoff recall/precision, how many fell back). Use it
to choose the values in quick_replies/lexicon/matching.yaml; bench.accuracy is the measure.
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import replace
from pathlib import Path

from app.config import Settings
from app.flows import FLOWS
from app.shop import load_shop
from intents.engine import Engine, MatchingPaths, load_engine

HANDOFF = frozenset({"complaint_dispute", "human_agent_request"})


def score(engine: Engine, rows: list[dict[str, str]]) -> str:
    hits = handoff_true = handoff_pred = handoff_hit = fallbacks = 0
    for row in rows:
        result = engine.match(row["text"])
        hits += result.intent == row["intent"]
        fallbacks += result.outcome == "fallback"
        gold, predicted = row["intent"] in HANDOFF, result.outcome == "handoff"
        handoff_true += gold
        handoff_pred += predicted
        handoff_hit += gold and predicted
    recall = handoff_hit / max(handoff_true, 1)
    precision = handoff_hit / max(handoff_pred, 1)
    return (
        f"top1={hits / len(rows):.3f} handoff_recall={recall:.3f} "
        f"handoff_precision={precision:.3f} fallbacks={fallbacks}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.file.read_text().splitlines() if line.strip()]
    settings = Settings()
    base = load_engine(
        MatchingPaths.from_settings(settings), load_shop(settings.shop_dir), flows=FLOWS
    )
    grid = itertools.product((24, 32, 40), (0.0, 0.15, 0.3), (0.0, 0.15, 0.3))
    for clarify, partial, token_set in grid:
        tuned = replace(
            base.settings,
            clarify_threshold=clarify,
            partial_weight=partial,
            token_set_weight=token_set,
        )
        engine = Engine(
            normaliser=base.normaliser,
            settings=tuned,
            library=base.library,
            rules=base.rules,
            slots=base.slot_extractor,
            texts=base.texts,
        )
        print(f"clarify={clarify} partial={partial} token_set={token_set} ", score(engine, rows))


if __name__ == "__main__":
    main()
