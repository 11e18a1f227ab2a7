"""The same message gets the same candidates (and so the same clarify buttons) in every
process: string hashes change with each start, and nothing in matching may follow them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Vague messages: many phrasings tie on the cheap score at the edge of the rerank pool.
MESSAGES = [
    "可以放冰箱吗",
    "能便宜吗",
    "可以先看看吗",
    "这个和那个一样吗",
    "可以带走吗",
    "要等多久",
]
PROBE = """
import json, sys
from app.config import Settings
from app.shop import load_shop
from intents.engine import MatchingPaths, load_engine
settings = Settings()
engine = load_engine(MatchingPaths.from_settings(settings), load_shop(settings.shop_dir))
for text in sys.argv[1:]:
    print(json.dumps(engine.match(text).explanation["candidates"], ensure_ascii=False))
"""


def candidates_with_hash_seed(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *MESSAGES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_candidates_do_not_depend_on_the_hash_seed() -> None:
    runs = [candidates_with_hash_seed(seed) for seed in ("0", "1", "2")]
    assert runs[0].count("\n") == len(MESSAGES)
    assert runs[1] == runs[0]
    assert runs[2] == runs[0]
