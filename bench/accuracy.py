"""Intent accuracy of the matcher on labelled shopper messages, beside two simple peers.

    python -m bench.accuracy FILE [--misses N]

FILE holds one JSON object a line: {"text": ..., "intent": ...} (the format of
../shared/eval/dev.jsonl). Prints top-1 accuracy, per-intent precision / recall, handoff
recall and precision (labels complaint_dispute and human_agent_request against a predicted
handoff), the misses, the same figures for the peers, our figures on a fixed held-out quarter
of FILE (every 4th message) and on the rest, and last the line
``top1=A handoff_recall=R handoff_precision=P`` with fractions between 0 and 1.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from app.config import Settings
from app.flows import FLOWS
from app.shop import load_shop
from bench.accuracy_peers import bm25_peer, wratio_peer
from intents.engine import Engine, MatchingPaths, load_engine

HANDOFF_LABELS = frozenset({"complaint_dispute", "human_agent_request"})
FALLBACK = "other"
T = TypeVar("T")
HOLDOUT_EVERY = 4  # every 4th message (index % 4 == 3) is held out from tuning


@dataclass(frozen=True, slots=True)
class Prediction:
    intent: str
    handoff: bool


@dataclass(frozen=True, slots=True)
class Scored:
    text: str
    gold: str
    predicted: Prediction


Predictor = Callable[[str], Prediction]


def read_messages(path: Path) -> list[tuple[str, str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append((str(row["text"]), str(row["intent"])))
        except (ValueError, KeyError) as exc:
            raise SystemExit(f"{path}:{number}: expected {{text, intent}} JSON ({exc})") from exc
    return rows


def build_engine() -> Engine:
    settings = Settings()
    shop = load_shop(settings.shop_dir)
    return load_engine(MatchingPaths.from_settings(settings), shop, flows=FLOWS.keys())


def engine_predictor(engine: Engine) -> Predictor:
    def predict(text: str) -> Prediction:
        result = engine.match(text)
        if result.outcome == "clarify" and result.candidates:
            intent = result.candidates[0].target.intent
        elif result.outcome == "fallback":
            intent = FALLBACK
        else:
            intent = result.intent or FALLBACK
        return Prediction(intent, result.outcome == "handoff")

    return predict


def label_predictor(predict: Callable[[str], str]) -> Predictor:
    """A peer only names a label; it hands off when that label is a handoff label."""

    def by_label(text: str) -> Prediction:
        intent = predict(text)
        return Prediction(intent, intent in HANDOFF_LABELS)

    return by_label


def peer_phrasings(engine: Engine) -> list[tuple[str, str]]:
    found = [(q, s.intent) for s in engine.library.scripts for q in s.questions]
    return found + [(e, rule.intent) for rule in engine.rules for e in rule.examples]


def score(messages: Sequence[tuple[str, str]], predict: Predictor) -> list[Scored]:
    return [Scored(text, gold, predict(text)) for text, gold in messages]


def top1(scored: Sequence[Scored]) -> float:
    return sum(s.gold == s.predicted.intent for s in scored) / max(len(scored), 1)


def handoff_figures(scored: Sequence[Scored]) -> tuple[float, float]:
    wanted = [s for s in scored if s.gold in HANDOFF_LABELS]
    given = [s for s in scored if s.predicted.handoff]
    recall = sum(s.predicted.handoff for s in wanted) / max(len(wanted), 1)
    precision = sum(s.gold in HANDOFF_LABELS for s in given) / max(len(given), 1)
    return recall, precision


def per_intent(scored: Sequence[Scored]) -> list[str]:
    gold = Counter(s.gold for s in scored)
    said = Counter(s.predicted.intent for s in scored)
    right = Counter(s.gold for s in scored if s.gold == s.predicted.intent)
    lines = [f"  {'intent':34} {'n':>4} {'precision':>9} {'recall':>7}"]
    for label in sorted(gold | said):
        precision = right[label] / said[label] if said[label] else 0.0
        recall = right[label] / gold[label] if gold[label] else 0.0
        lines.append(f"  {label:34} {gold[label]:>4} {precision:>9.2f} {recall:>7.2f}")
    return lines


def summary(name: str, scored: Sequence[Scored]) -> str:
    recall, precision = handoff_figures(scored)
    return (
        f"{name:10} n={len(scored):<4} top1={top1(scored):.3f} "
        f"handoff_recall={recall:.3f} handoff_precision={precision:.3f}"
    )


def split(messages: Sequence[T]) -> tuple[list[T], list[T]]:
    tune = [m for i, m in enumerate(messages) if i % HOLDOUT_EVERY != HOLDOUT_EVERY - 1]
    held = [m for i, m in enumerate(messages) if i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1]
    return tune, held


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--misses", type=int, default=200, help="misses to print (default 200)")
    parser.add_argument(
        "--tune-misses", action="store_true", help="print only misses of the tuning part"
    )
    args = parser.parse_args(argv)
    messages = read_messages(args.file)
    engine = build_engine()
    ours = engine_predictor(engine)
    scored = score(messages, ours)
    print(f"{len(messages)} messages from {args.file}\n\nper intent (ours):")
    print("\n".join(per_intent(scored)))
    shown = split(scored)[0] if args.tune_misses else scored
    misses = [s for s in shown if s.gold != s.predicted.intent]
    print(f"\nmisses ({len(misses)}, showing {min(len(misses), args.misses)}): gold → predicted")
    for s in misses[: args.misses]:
        print(f"  {s.gold} → {s.predicted.intent}: {s.text}")
    phrasings = peer_phrasings(engine)
    print(f"\npeers over the same {len(phrasings)} phrasings:")
    print(summary("wratio", score(messages, label_predictor(wratio_peer(phrasings, FALLBACK)))))
    print(summary("bm25", score(messages, label_predictor(bm25_peer(phrasings, FALLBACK)))))
    print(summary("ours", scored))
    tune, held = split(messages)
    print(f"\nours on the tuning part and on the held-out quarter (every {HOLDOUT_EVERY}th):")
    print(summary("tune", score(tune, ours)))
    print(summary("held-out", score(held, ours)))
    recall, precision = handoff_figures(scored)
    print(f"top1={top1(scored):.3f} handoff_recall={recall:.3f} handoff_precision={precision:.3f}")


if __name__ == "__main__":
    main()
